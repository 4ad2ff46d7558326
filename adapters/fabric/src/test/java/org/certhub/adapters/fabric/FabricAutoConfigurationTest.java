package org.certhub.adapters.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import java.nio.file.Path;
import org.certhub.exchange.audit.LedgerIdentity;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.anchor.AnchorPort;
import org.certhub.ledger.checkpoint.NoteSigner;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The auto-configuration as the hub gets it: nothing without {@code certhub.fabric.endpoint}; with it, an
 * {@link AnchorPort} that reaches a Gateway over a real TCP gRPC connection (Netty) and anchors with proofs from
 * the context's ledger.
 */
class FabricAutoConfigurationTest {
  @TempDir Path dir;

  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(FabricAutoConfiguration.class));

  @Test
  void offWithoutAnEndpoint() {
    runner.withPropertyValues("certhub.fabric.endpoint= ")
        .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(AnchorPort.class).doesNotHaveBean(FabricConnection.class));
  }

  @Test
  void anchorsThroughTheConfiguredPeer() throws Exception {
    FakePeer peer = new FakePeer();
    Server server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(peer).build().start();
    Path[] id = TestNetwork.identity(dir, "hub1", "Org1MSP");
    NoteSigner signer = TestNetwork.ledgerSigner();
    try (Ledger ledger = TestNetwork.ledger(dir.resolve("ledger"), signer, "a", 3)) {
      runner
          .withBean(LedgerIdentity.class, () -> new LedgerIdentity(TestNetwork.ORIGIN, signer.verifierKey()))
          .withBean(Ledger.class, () -> ledger, b -> b.setDestroyMethodName(""))
          .withBean(JdbcClient.class, () -> {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            return JdbcClient.create(ds);
          })
          .withPropertyValues(
              "certhub.fabric.endpoint=127.0.0.1:" + server.getPort(),
              "certhub.fabric.msp-id=Org1MSP",
              "certhub.fabric.certificate=" + id[0],
              "certhub.fabric.key=" + id[1],
              "certhub.fabric.channel=mychannel",
              "certhub.fabric.backoff=10ms")
          .run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(AnchorPort.class).hasSingleBean(FabricStatusRegistry.class)
                .hasSingleBean(StatusRelay.class);
            assertThat(ctx.getBean(FabricSettings.class).chaincode()).isEqualTo("certhub");
            AnchorPort anchor = ctx.getBean(AnchorPort.class);
            String first = ledger.latestCheckpoint();
            anchor.anchor(first);
            TestNetwork.grow(ledger, "a", 3);
            anchor.anchor(ledger.latestCheckpoint());
            assertThat(anchor.anchored()).containsExactly(first, ledger.latestCheckpoint());
            var health = ctx.getBean("fabricHealthIndicator", FabricHealth.class).health();
            assertThat(health.getStatus().getCode()).isEqualTo("UP");
            assertThat(health.getDetails()).containsEntry("lastAnchorSize", 6L).containsEntry("channel", "mychannel")
                .containsEntry("statusPending", 0L);
            assertThat(peer.badSignatures).hasValue(0);
          });
    } finally {
      server.shutdownNow();
    }
  }
}

package org.certhub.adapters.fabric;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.certhub.exchange.audit.LedgerIdentity;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.anchor.AnchorPort;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Checkpoint anchors (and the licence status registry) on a Fabric channel, switched on by
 * {@code certhub.fabric.endpoint} ({@code CERTHUB_FABRIC_ENDPOINT}); the hub then takes this {@link AnchorPort}
 * instead of its anchor file. Properties: docs/fabric.md.
 */
@AutoConfiguration
@ConditionalOnExpression("'${certhub.fabric.endpoint:}'.trim() != ''")
public class FabricAutoConfiguration {

  /** Creates the configuration (Spring does). */
  public FabricAutoConfiguration() {}

  @Bean
  FabricSettings certhubFabricSettings(Environment env) {
    FabricSettings d = FabricSettings.of(env.getRequiredProperty("certhub.fabric.endpoint"),
        env.getRequiredProperty("certhub.fabric.msp-id"), env.getRequiredProperty("certhub.fabric.certificate", Path.class),
        env.getRequiredProperty("certhub.fabric.key", Path.class), env.getProperty("certhub.fabric.tls-ca", Path.class));
    return new FabricSettings(d.endpoint(), d.mspId(), d.certificate(), d.key(), d.tlsCa(),
        env.getProperty("certhub.fabric.tls-authority"),
        env.getProperty("certhub.fabric.channel", d.channel()),
        env.getProperty("certhub.fabric.chaincode", d.chaincode()),
        env.getProperty("certhub.fabric.contract", d.contract()),
        env.getProperty("certhub.fabric.timeout", Duration.class, d.timeout()),
        env.getProperty("certhub.fabric.commit-timeout", Duration.class, d.commitTimeout()),
        env.getProperty("certhub.fabric.attempts", Integer.class, d.attempts()),
        env.getProperty("certhub.fabric.backoff", Duration.class, d.backoff()));
  }

  @Bean(destroyMethod = "close")
  FabricConnection certhubFabricConnection(FabricSettings settings) throws IOException {
    return FabricConnection.open(settings);
  }

  @Bean
  FabricClient certhubFabricClient(FabricConnection connection) {
    return connection.client();
  }

  /**
   * The anchor. The ledger is built with its anchor port, so the proofs come from it lazily, at the first anchor
   * (the ledger's scheduler anchors only after it opened).
   */
  @Bean
  AnchorPort certhubFabricAnchor(FabricClient client, LedgerIdentity identity, ObjectProvider<Ledger> ledger) {
    return new FabricAnchor(client, identity.origin(), identity.verifierKey(),
        (from, to) -> ledger.getObject().consistencyProof(from, to));
  }

  @Bean
  FabricStatusRegistry certhubFabricStatusRegistry(FabricClient client) {
    return new FabricStatusRegistry(client);
  }
}

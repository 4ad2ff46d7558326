package org.certhub.adapters.fabric;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.certhub.exchange.audit.LedgerIdentity;
import org.certhub.ledger.Ledger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Checkpoint anchors (and the licence status registry) on a Fabric channel, switched on by
 * {@code certhub.fabric.endpoint} ({@code CERTHUB_FABRIC_ENDPOINT}); the hub then takes this anchor port
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
        env.getRequiredProperty("certhub.fabric.msp-id"), Path.of(env.getRequiredProperty("certhub.fabric.certificate")),
        Path.of(env.getRequiredProperty("certhub.fabric.key")), path(env, "certhub.fabric.tls-ca"));
    return new FabricSettings(d.endpoint(), d.mspId(), d.certificate(), d.key(), d.tlsCa(),
        env.getProperty("certhub.fabric.tls-authority"),
        env.getProperty("certhub.fabric.channel", d.channel()),
        env.getProperty("certhub.fabric.chaincode", d.chaincode()),
        env.getProperty("certhub.fabric.contract", d.contract()),
        duration(env, "certhub.fabric.timeout", d.timeout()),
        duration(env, "certhub.fabric.commit-timeout", d.commitTimeout()),
        env.getProperty("certhub.fabric.attempts", Integer.class, d.attempts()),
        duration(env, "certhub.fabric.backoff", d.backoff()));
  }

  private static Path path(Environment env, String name) {
    String v = env.getProperty(name, "").trim();
    return v.isEmpty() ? null : Path.of(v);
  }

  /** Parsed here (10s, 500ms, PT1M) so the adapter does not depend on the context's conversion service. */
  private static Duration duration(Environment env, String name, Duration fallback) {
    String v = env.getProperty(name, "").trim();
    return v.isEmpty() ? fallback : DurationStyle.detectAndParse(v);
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
  FabricAnchor certhubFabricAnchor(FabricClient client, LedgerIdentity identity, ObjectProvider<Ledger> ledger) {
    return new FabricAnchor(client, identity.origin(), identity.verifierKey(),
        (from, to) -> ledger.getObject().consistencyProof(from, to));
  }

  @Bean("fabricHealthIndicator")
  FabricHealth fabricHealthIndicator(FabricAnchor anchor, FabricSettings settings, StatusRelay relay) {
    return new FabricHealth(anchor, settings, relay);
  }

  @Bean
  FabricStatusRegistry certhubFabricStatusRegistry(FabricClient client) {
    return new FabricStatusRegistry(client);
  }

  /** Licence status changes from the outbox to the registry; tuning {@code certhub.fabric.status.*} (docs/fabric.md). */
  @Bean(destroyMethod = "close")
  StatusRelay certhubFabricStatusRelay(FabricStatusRegistry registry, JdbcClient jdbc, Environment env) {
    StatusRelay.Settings d = StatusRelay.Settings.defaults();
    return new StatusRelay(registry, jdbc, new StatusRelay.Settings(
        duration(env, "certhub.fabric.status.interval", d.interval()),
        env.getProperty("certhub.fabric.status.batch-size", Integer.class, d.batchSize()),
        duration(env, "certhub.fabric.status.min-backoff", d.minBackoff()),
        duration(env, "certhub.fabric.status.max-backoff", d.maxBackoff()),
        duration(env, "certhub.fabric.status.lease", d.lease())), Clock.systemUTC());
  }

  /** Starts relaying once the hub is up (its Flyway migrations have run). */
  @Bean
  ApplicationListener<ApplicationReadyEvent> certhubFabricStatusRelayStart(StatusRelay relay) {
    return e -> relay.start();
  }
}

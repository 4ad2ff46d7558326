package org.certhub.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.certhub.exchange.audit.AccessJournal;
import org.certhub.exchange.audit.LedgerIdentity;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.LedgerConfig;
import org.certhub.ledger.checkpoint.NoteSigner;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The Kafka journal switches on by certhub.ledger.journal=kafka alone (with the bootstrap servers), and only then. */
class KafkaJournalAutoConfigurationTest {
  private static final String ORIGIN = "test.certhub.example/autoconfig";
  @TempDir Path dir;

  private ApplicationContextRunner runner() throws Exception {
    KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    NoteSigner signer = NoteSigner.ed25519(ORIGIN, kp.getPublic(), kp.getPrivate());
    Path ledgerDir = dir.resolve(UUID.randomUUID().toString());
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaJournalAutoConfiguration.class))
        .withPropertyValues("certhub.data-dir=" + dir)
        .withBean(JdbcClient.class, () -> {
          JdbcDataSource ds = new JdbcDataSource();
          ds.setURL("jdbc:h2:mem:journal-autoconfig");
          return JdbcClient.create(ds);
        })
        .withBean(LedgerIdentity.class, () -> new LedgerIdentity(ORIGIN, signer.verifierKey()))
        .withBean(Ledger.class, () -> {
          try {
            return Ledger.open(new LedgerConfig(ledgerDir, ORIGIN, signer, Duration.ofHours(1), Clock.systemUTC()));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }, d -> d.setDestroyMethodName("close"))
        // The hub's local journal, which the Kafka one must win over.
        .withBean("localAccessJournal", AccessJournal.class, () -> new AccessJournal() {
          @Override
          public java.util.concurrent.CompletableFuture<org.certhub.ledger.Receipt> append(byte[] entry, String requestId) {
            throw new UnsupportedOperationException("the local journal must not be used");
          }

          @Override
          public long size() {
            return 0;
          }

          @Override
          public byte[] entry(long index) {
            throw new UnsupportedOperationException();
          }

          @Override
          public org.certhub.ledger.tree.Hasher hasher() {
            return org.certhub.ledger.tree.Hasher.sha256();
          }
        });
  }

  @Test
  void unsetOrLocal_noKafkaJournal() throws Exception {
    runner().run(ctx -> assertThat(ctx).doesNotHaveBean(KafkaJournal.class).doesNotHaveBean(JournalSequencer.class));
    runner().withPropertyValues("certhub.ledger.journal=local", "certhub.kafka.bootstrap-servers=127.0.0.1:1")
        .run(ctx -> assertThat(ctx).doesNotHaveBean(KafkaJournal.class));
  }

  @Test
  void kafkaWithoutBootstrapServers_refusedAtStart() throws Exception {
    runner().withPropertyValues("certhub.ledger.journal=kafka")
        .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("certhub.kafka.bootstrap-servers"));
  }

  @Test
  void environmentVariables_switchItOn_andItIsThePrimaryJournal() throws Exception {
    runner().withInitializer(ctx -> ctx.getEnvironment().getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("CERTHUB_LEDGER_JOURNAL", "kafka", "CERTHUB_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                    "CERTHUB_KAFKA_JOURNAL_INSTANCE_ID", "hub-7", "CERTHUB_KAFKA_JOURNAL_CHECKPOINT_INTERVAL", "3s"))))
        .run(ctx -> {
          assertThat(ctx).hasSingleBean(KafkaJournal.class).hasSingleBean(JournalSequencer.class).hasBean("ledgerJournalHealthIndicator");
          JournalSettings s = ctx.getBean(KafkaJournal.class).settings();
          assertThat(s.instanceId()).isEqualTo("hub-7");
          assertThat(s.topic()).isEqualTo(JournalSettings.TOPIC);
          assertThat(s.checkpointInterval()).isEqualTo(Duration.ofSeconds(3));
          assertThat(ctx.getBean(AccessJournal.class)).isSameAs(ctx.getBean(KafkaJournal.class));
        });
  }
}

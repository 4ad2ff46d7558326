package org.certhub.adapters.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.certhub.exchange.audit.JdbcCheckpointStore;
import org.certhub.exchange.audit.LedgerIdentity;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.checkpoint.CheckpointFormatException;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger journal on Kafka, switched on by {@code certhub.ledger.journal=kafka} ({@code CERTHUB_LEDGER_JOURNAL})
 * with {@code certhub.kafka.bootstrap-servers}: accesses are appended to the topic before the hub answers, this
 * instance's ledger becomes a replica fed from it, and a sequencer competes to publish checkpoints into the shared
 * checkpoint row ({@code ledger_checkpoint}). Tuning: {@code certhub.kafka.journal.topic}, {@code .instance-id}
 * (default: the host name), {@code .sequencer-group}, {@code .delivery-timeout}, {@code .checkpoint-interval}, and
 * {@code certhub.kafka.client.*} (docs/kafka.md).
 */
@AutoConfiguration
@ConditionalOnProperty(name = "certhub.ledger.journal", havingValue = "kafka")
public class KafkaJournalAutoConfiguration {

  /** Creates the configuration (Spring does). */
  public KafkaJournalAutoConfiguration() {}

  @Bean
  JournalSettings certhubJournalSettings(Environment env) {
    String servers = env.getProperty("certhub.kafka.bootstrap-servers", "").strip();
    if (servers.isEmpty()) {
      throw new IllegalStateException("certhub.ledger.journal=kafka needs certhub.kafka.bootstrap-servers (CERTHUB_KAFKA_BOOTSTRAP_SERVERS)");
    }
    Binder b = Binder.get(env);
    JournalSettings d = JournalSettings.of(servers, b.bind("certhub.kafka.journal.instance-id", String.class).orElseGet(KafkaJournalAutoConfiguration::host));
    return new JournalSettings(d.bootstrapServers(), b.bind("certhub.kafka.journal.topic", String.class).orElse(d.topic()), d.instanceId(),
        b.bind("certhub.kafka.journal.sequencer-group", String.class).orElse(d.sequencerGroup()),
        b.bind("certhub.kafka.journal.delivery-timeout", Duration.class).orElse(d.deliveryTimeout()),
        b.bind("certhub.kafka.journal.checkpoint-interval", Duration.class).orElse(d.checkpointInterval()),
        b.bind("certhub.kafka.client", Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "certhub-" + ProcessHandle.current().pid();
    }
  }

  /** The journal every access goes through; closed before the ledger replica (it depends on it). */
  @Bean(destroyMethod = "close")
  @Primary
  KafkaJournal certhubKafkaJournal(JournalSettings settings, Ledger ledger, Environment env) {
    return new KafkaJournal(settings, ledger, Path.of(env.getRequiredProperty("certhub.data-dir")).resolve("ledger-journal.offset"));
  }

  @Bean(destroyMethod = "close")
  JournalSequencer certhubJournalSequencer(JournalSettings settings, KafkaJournal journal, JdbcClient jdbc, LedgerIdentity identity)
      throws CheckpointFormatException {
    return new JournalSequencer(settings, journal.replica(), new JdbcCheckpointStore(jdbc, identity.origin(), Clock.systemUTC()),
        NoteVerifier.fromVerifierKey(identity.verifierKey()), identity.origin());
  }

  @Bean("ledgerJournalHealthIndicator")
  KafkaJournalHealth ledgerJournalHealthIndicator(KafkaJournal journal, JournalSequencer sequencer) {
    return new KafkaJournalHealth(journal, sequencer);
  }
}

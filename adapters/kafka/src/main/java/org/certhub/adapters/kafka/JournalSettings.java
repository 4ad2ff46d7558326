package org.certhub.adapters.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a hub instance uses the ledger journal on Kafka (docs/kafka.md, "The ledger journal on Kafka").
 *
 * @param bootstrapServers {@code host:port[,host:port...]}, as for the lifecycle events
 * @param topic the journal topic, one partition ({@code certhub.ledger-journal})
 * @param instanceId this hub instance's name: the record key, so an operator sees who appended what
 * @param sequencerGroup the consumer group in which the sequencers compete for the partition: its holder publishes
 *     checkpoints, the others wait as standbys
 * @param deliveryTimeout how long an append may wait for Kafka (retries included) before it fails
 * @param checkpointInterval how often the active sequencer publishes a checkpoint when the log grew
 * @param client further Kafka client settings (TLS, SASL), from {@code certhub.kafka.client.*}; they cannot turn off
 *     idempotence or acks=all
 */
public record JournalSettings(
    String bootstrapServers, String topic, String instanceId, String sequencerGroup, Duration deliveryTimeout,
    Duration checkpointInterval, Map<String, String> client) {
  /** The default journal topic. */
  public static final String TOPIC = "certhub.ledger-journal";
  /** The default sequencer group. */
  public static final String GROUP = "certhub.ledger-sequencer";

  public JournalSettings {
    KafkaSettings.of(bootstrapServers); // the same rule for the servers
    bootstrapServers = bootstrapServers.strip();
    Objects.requireNonNull(topic, "topic");
    if (!topic.matches("[A-Za-z0-9._\\-]{1,249}")) {
      throw new IllegalArgumentException("certhub.kafka.journal.topic is not a valid Kafka topic name: " + topic);
    }
    Objects.requireNonNull(instanceId, "instanceId");
    if (instanceId.isBlank() || instanceId.length() > 200) {
      throw new IllegalArgumentException("certhub.kafka.journal.instance-id must be 1..200 characters, but was: " + instanceId);
    }
    Objects.requireNonNull(sequencerGroup, "sequencerGroup");
    for (Duration d : new Duration[] {deliveryTimeout, checkpointInterval}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("journal durations must be positive, but one was: " + d);
      }
    }
    client = Map.copyOf(client == null ? Map.of() : client);
  }

  /** Defaults: topic {@value #TOPIC}, group {@value #GROUP}, delivery 10 s, checkpoints every second. */
  public static JournalSettings of(String bootstrapServers, String instanceId) {
    return new JournalSettings(bootstrapServers, TOPIC, instanceId, GROUP, Duration.ofSeconds(10), Duration.ofSeconds(1), Map.of());
  }
}

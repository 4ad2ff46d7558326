package org.certhub.adapters.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * How the hub publishes to Kafka.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param topic the topic of licence lifecycle events (docs/kafka.md)
 * @param batchSize how many outbox rows one relay pass claims
 * @param pollInterval how long the relay waits when the outbox is empty
 * @param minBackoff first wait after a failed pass (doubling up to maxBackoff, reset on success)
 * @param maxBackoff longest wait between passes while Kafka is unreachable
 * @param deliveryTimeout how long one send may take, retries included, before the relay gives it up for this pass
 * @param lease how long a claim on a row holds; longer than a pass can take, so that only a crashed relay's claim runs out
 * @param client further Kafka client settings for the producer and admin client (TLS, SASL: {@code security.protocol},
 *     {@code sasl.mechanism}, {@code ssl.truststore.location}...), from {@code certhub.kafka.client.*}; they cannot
 *     weaken what the relay relies on (idempotence, acks=all, serializers)
 */
public record KafkaSettings(
    String bootstrapServers, String topic, int batchSize, Duration pollInterval, Duration minBackoff, Duration maxBackoff,
    Duration deliveryTimeout, Duration lease, java.util.Map<String, String> client) {
  public KafkaSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    bootstrapServers = bootstrapServers.strip();
    if (bootstrapServers.isEmpty() || !bootstrapServers.matches("[A-Za-z0-9.\\-\\[\\]:_]+(,[A-Za-z0-9.\\-\\[\\]:_]+)*")) {
      throw new IllegalArgumentException("certhub.kafka.bootstrap-servers must be host:port[,host:port], but was: " + bootstrapServers);
    }
    Objects.requireNonNull(topic, "topic");
    if (!topic.matches("[A-Za-z0-9._\\-]{1,249}")) {
      throw new IllegalArgumentException("certhub.kafka.topic is not a valid Kafka topic name: " + topic);
    }
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException("certhub.kafka.batch-size must be 1..10000, but was: " + batchSize);
    }
    for (Duration d : new Duration[] {pollInterval, minBackoff, maxBackoff, deliveryTimeout, lease}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("Kafka durations must be positive, but one was: " + d);
      }
    }
    if (maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("certhub.kafka.max-backoff must not be shorter than min-backoff");
    }
    if (lease.compareTo(deliveryTimeout.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("certhub.kafka.lease must be at least twice the delivery timeout, but was: " + lease);
    }
    client = java.util.Map.copyOf(client == null ? java.util.Map.of() : client);
  }

  /** The defaults: topic {@code certhub.licence-events}, batches of 100, poll 500 ms, backoff 500 ms..30 s, send 30 s, lease 2 min. */
  public static KafkaSettings of(String bootstrapServers) {
    return new KafkaSettings(bootstrapServers, EventRecords.TOPIC, 100, Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(30),
        Duration.ofSeconds(30), Duration.ofMinutes(2), java.util.Map.of());
  }
}

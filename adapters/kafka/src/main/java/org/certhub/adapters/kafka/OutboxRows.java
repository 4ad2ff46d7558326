package org.certhub.adapters.kafka;

import java.sql.Timestamp;
import java.time.Instant;
import org.certhub.exchange.outbox.OutboxLeases;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The relay's view of {@code outbox_event} (V11): licence and seal events not yet on Kafka, claimed in batches with a
 * lease on the {@code kafka_claim} columns ({@link OutboxLeases} says why a lease and not a row lock), closed by
 * {@code kafka_published_at}.
 */
final class OutboxRows extends OutboxLeases {
  private final JdbcClient jdbc;

  OutboxRows(JdbcClient jdbc) {
    super(jdbc, "kafka", "kafka_published_at", "(type LIKE 'licence.%' OR type LIKE 'seal.%')");
    this.jdbc = jdbc;
  }

  /**
   * Marks one event published, if it is still ours (a run-out lease taken over by another relay is not). Kafka refuses
   * no event for good, so {@code refusal} must be null.
   */
  @Override
  public boolean done(String eventId, String token, Instant at, String refusal) {
    if (refusal != null) {
      throw new IllegalArgumentException("a Kafka outbox row is closed only when published, but a refusal was given: " + refusal);
    }
    return jdbc.sql("UPDATE outbox_event SET kafka_published_at = ?, kafka_claim = NULL, kafka_claimed_until = NULL WHERE id = ? AND kafka_claim = ?")
        .params(Timestamp.from(at), eventId, token)
        .update() == 1;
  }
}

package org.certhub.adapters.kafka;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.certhub.exchange.outbox.OutboxClaims;
import org.certhub.exchange.subscription.Event;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The relay's view of {@code outbox_event} (V11): licence and seal events not yet on Kafka, claimed in batches with a lease.
 *
 * <p>The claim is one conditional UPDATE ("set my claim where nobody's lease is live"), not SELECT ... FOR UPDATE SKIP
 * LOCKED: a row lock lives only as long as its transaction, and the relay must not hold a database transaction open
 * across a Kafka send that can take the whole delivery timeout while Kafka is down. The lease needs no open
 * transaction, works the same on H2, and a crashed instance's claim simply runs out. On PostgreSQL (READ COMMITTED)
 * an UPDATE that waited for another instance's claim re-checks its WHERE on the claimed row and skips it, so a row is
 * claimed by one relay at a time.
 */
final class OutboxRows implements OutboxClaims {
  private static final String PENDING =
      "kafka_published_at IS NULL AND (type LIKE 'licence.%' OR type LIKE 'seal.%') AND (kafka_claimed_until IS NULL OR kafka_claimed_until < ?)";
  private final JdbcClient jdbc;

  OutboxRows(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Claims up to {@code limit} of the oldest unclaimed, unpublished licence events for {@code token}; how many. */
  @Override
  public int claim(String token, Instant now, Instant until, int limit) {
    Timestamp t = Timestamp.from(now);
    return jdbc.sql("UPDATE outbox_event SET kafka_claim = ?, kafka_claimed_until = ? WHERE " + PENDING
                + " AND seq IN (SELECT seq FROM outbox_event WHERE " + PENDING + " ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY)")
        .params(token, Timestamp.from(until), t, t)
        .update();
  }

  /** The events claimed under {@code token}, oldest first. */
  @Override
  public List<Event> claimed(String token) {
    return jdbc.sql("SELECT id, type, occurred_at, holder_key, licence_type, payload FROM outbox_event WHERE kafka_claim = ? ORDER BY seq")
        .param(token)
        .query((rs, i) -> new Event(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getString(5), rs.getString(6)))
        .list();
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

  /** Gives back what is left of a claim, so the next pass (of any relay) takes it at once. */
  @Override
  public void release(String token) {
    jdbc.sql("UPDATE outbox_event SET kafka_claim = NULL, kafka_claimed_until = NULL WHERE kafka_claim = ? AND kafka_published_at IS NULL")
        .param(token)
        .update();
  }

  /** How many licence and seal events wait for Kafka. */
  long pending() {
    return jdbc.sql("SELECT COUNT(*) FROM outbox_event WHERE kafka_published_at IS NULL AND (type LIKE 'licence.%' OR type LIKE 'seal.%')").query(Long.class).single();
  }
}

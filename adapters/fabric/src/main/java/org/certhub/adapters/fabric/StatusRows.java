package org.certhub.adapters.fabric;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.certhub.exchange.outbox.OutboxClaims;
import org.certhub.exchange.subscription.Event;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The status relay's view of {@code outbox_event} (V12): licence lifecycle events whose status has not reached the
 * channel yet, claimed in batches with a lease, as the Kafka relay claims its rows (no transaction held open across a
 * Fabric call that can take the whole commit timeout; a crashed instance's lease runs out).
 */
final class StatusRows implements OutboxClaims {
  static final String TYPES = "type IN ('licence.issued', 'licence.updated', 'licence.revoked', 'licence.expired')";
  private static final String PENDING =
      "fabric_done_at IS NULL AND " + TYPES + " AND (fabric_claimed_until IS NULL OR fabric_claimed_until < ?)";
  private final JdbcClient jdbc;

  StatusRows(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Claims up to {@code limit} of the oldest unclaimed pending events for {@code token}; how many. */
  @Override
  public int claim(String token, Instant now, Instant until, int limit) {
    Timestamp t = Timestamp.from(now);
    return jdbc.sql("UPDATE outbox_event SET fabric_claim = ?, fabric_claimed_until = ? WHERE " + PENDING
                + " AND seq IN (SELECT seq FROM outbox_event WHERE " + PENDING + " ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY)")
        .params(token, Timestamp.from(until), t, t)
        .update();
  }

  /** The events claimed under {@code token}, oldest first. */
  @Override
  public List<Event> claimed(String token) {
    return jdbc.sql("SELECT id, type, occurred_at, holder_key, licence_type, payload FROM outbox_event WHERE fabric_claim = ? ORDER BY seq")
        .param(token)
        .query((rs, i) -> new Event(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getString(5), rs.getString(6)))
        .list();
  }

  /** Marks one event done (landed, or refused for good with {@code refusal}), if it is still ours. */
  @Override
  public boolean done(String eventId, String token, Instant at, String refusal) {
    return jdbc.sql("UPDATE outbox_event SET fabric_done_at = ?, fabric_error = ?, fabric_attempts = fabric_attempts + 1,"
                + " fabric_claim = NULL, fabric_claimed_until = NULL WHERE id = ? AND fabric_claim = ?")
        .params(Timestamp.from(at), truncate(refusal), eventId, token)
        .update() == 1;
  }

  /** Records a failed try of one event; it stays pending. */
  @Override
  public void failed(String eventId, String token, String error) {
    jdbc.sql("UPDATE outbox_event SET fabric_attempts = fabric_attempts + 1, fabric_error = ? WHERE id = ? AND fabric_claim = ?")
        .params(truncate(error), eventId, token)
        .update();
  }

  /** Gives back what is left of a claim, so the next pass (of any relay) takes it. */
  @Override
  public void release(String token) {
    jdbc.sql("UPDATE outbox_event SET fabric_claim = NULL, fabric_claimed_until = NULL WHERE fabric_claim = ? AND fabric_done_at IS NULL")
        .param(token)
        .update();
  }

  /** How many licence events wait for the channel. */
  long pending() {
    return jdbc.sql("SELECT COUNT(*) FROM outbox_event WHERE fabric_done_at IS NULL AND " + TYPES).query(Long.class).single();
  }

  private static String truncate(String s) {
    return s == null ? null : s.length() <= 400 ? s : s.substring(0, 397) + "...";
  }
}

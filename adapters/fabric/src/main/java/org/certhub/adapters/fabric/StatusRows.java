package org.certhub.adapters.fabric;

import java.sql.Timestamp;
import java.time.Instant;
import org.certhub.exchange.outbox.OutboxLeases;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The status relay's view of {@code outbox_event} (V12): licence lifecycle events whose status has not reached the
 * channel yet, claimed in batches with a lease on the {@code fabric_claim} columns, as the Kafka relay claims its rows
 * ({@link OutboxLeases}: no transaction held open across a Fabric call that can take the whole commit timeout; a
 * crashed instance's lease runs out), closed by {@code fabric_done_at}.
 */
final class StatusRows extends OutboxLeases {
  static final String TYPES = "type IN ('licence.issued', 'licence.updated', 'licence.revoked', 'licence.expired')";
  private final JdbcClient jdbc;

  StatusRows(JdbcClient jdbc) {
    super(jdbc, "fabric", "fabric_done_at", TYPES);
    this.jdbc = jdbc;
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

  private static String truncate(String s) {
    return s == null ? null : s.length() <= 400 ? s : s.substring(0, 397) + "...";
  }
}

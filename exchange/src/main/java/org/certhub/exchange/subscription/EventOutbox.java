package org.certhub.exchange.subscription;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The transactional outbox: licence events are written next to the licence change that caused them, then fanned
 * out to subscriptions as delivery rows, which the dispatcher works off with retries.
 */
@Repository
public class EventOutbox {
  private static final String EVENT_COLUMNS =
      "e.id, e.type, e.occurred_at, e.licence_id, e.licence_type, e.holder_key, e.holder_id, e.previous_id, e.status";
  private static final RowMapper<LicenceEvent> EVENT =
      (rs, i) ->
          new LicenceEvent(
              rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getString(5), rs.getString(6),
              rs.getString(7), rs.getString(8), rs.getString(9));
  private final JdbcClient jdbc;

  public EventOutbox(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records an event; called inside the transaction of the licence change, so neither exists without the other. */
  public void publish(LicenceEvent e) {
    jdbc.sql("INSERT INTO licence_event (id, type, occurred_at, licence_id, licence_type, holder_key, holder_id, previous_id, status)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(e.id(), e.type(), Timestamp.from(e.occurredAt()), e.licenceId(), e.licenceType(), e.holderKey(), e.holderId(), e.previousId(),
            e.status())
        .update();
  }

  List<LicenceEvent> undispatched(int limit) {
    return jdbc.sql("SELECT " + EVENT_COLUMNS + " FROM licence_event e WHERE e.dispatched = FALSE ORDER BY e.seq FETCH FIRST " + limit + " ROWS ONLY")
        .query(EVENT)
        .list();
  }

  /**
   * Active subscriptions that want this event type and whose department was allowed to pull or check a licence of
   * this holder and type for the subscription's matter: nobody hears about a licence they never saw.
   */
  List<Subscription> subscribersOf(LicenceEvent e) {
    return jdbc.sql("SELECT " + SubscriptionRepository.COLUMNS + " FROM subscription s WHERE s.cancelled_at IS NULL"
                + " AND (',' || s.events || ',') LIKE ? AND EXISTS (SELECT 1 FROM audit_entry a WHERE a.department_code = s.department_code"
                + " AND a.matter_code = s.matter_code AND a.outcome = 'allowed' AND a.action IN ('pull', 'pull.bundle', 'check')"
                + " AND a.holder_key = ? AND a.licence_type = ?) ORDER BY s.id")
        .params("%," + e.type() + ",%", e.holderKey(), e.licenceType())
        .query(SubscriptionRepository.ROW)
        .list();
  }

  /** Queues one delivery; false if it was already queued (a fan-out interrupted and repeated). */
  boolean enqueue(String eventId, String subscriptionId, Instant now) {
    try {
      jdbc.sql("INSERT INTO delivery (event_id, subscription_id, status, attempts, next_attempt_at) VALUES (?, ?, 'pending', 0, ?)")
          .params(eventId, subscriptionId, Timestamp.from(now))
          .update();
      return true;
    } catch (DuplicateKeyException e) {
      return false;
    }
  }

  void markDispatched(String eventId) {
    jdbc.sql("UPDATE licence_event SET dispatched = TRUE WHERE id = ?").param(eventId).update();
  }

  /** A delivery that is due, with what it needs. */
  record Due(long seq, int attempts, LicenceEvent event, Subscription subscription) {}

  List<Due> due(Instant now, int limit) {
    return jdbc.sql("SELECT d.seq, d.attempts, " + EVENT_COLUMNS + ", " + SubscriptionRepository.COLUMNS
                + " FROM delivery d JOIN licence_event e ON e.id = d.event_id JOIN subscription s ON s.id = d.subscription_id"
                + " WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.seq FETCH FIRST " + limit + " ROWS ONLY")
        .param(Timestamp.from(now))
        .query((rs, i) -> {
          LicenceEvent e = new LicenceEvent(rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7),
              rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11));
          Subscription s = new Subscription(rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16),
              java.util.Arrays.asList(rs.getString(17).split(",")), rs.getTimestamp(18).toInstant(),
              rs.getTimestamp(19) == null ? null : rs.getTimestamp(19).toInstant());
          return new Due(rs.getLong(1), rs.getInt(2), e, s);
        })
        .list();
  }

  void delivered(long seq, int attempts, Instant at) {
    jdbc.sql("UPDATE delivery SET status = 'delivered', attempts = ?, delivered_at = ?, last_error = NULL WHERE seq = ?")
        .params(attempts, Timestamp.from(at), seq)
        .update();
  }

  void retryAt(long seq, int attempts, Instant next, String error) {
    jdbc.sql("UPDATE delivery SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE seq = ?")
        .params(attempts, Timestamp.from(next), truncate(error), seq)
        .update();
  }

  void giveUp(long seq, int attempts, String error) {
    jdbc.sql("UPDATE delivery SET status = 'failed', attempts = ?, last_error = ? WHERE seq = ?").params(attempts, truncate(error), seq).update();
  }

  /** A subscription's deliveries, newest first, for its department to see what arrived and what did not. */
  List<Map<String, Object>> deliveries(String subscriptionId, int limit) {
    return jdbc.sql("SELECT d.event_id, e.type, e.licence_id, d.status, d.attempts, d.next_attempt_at, d.delivered_at, d.last_error"
                + " FROM delivery d JOIN licence_event e ON e.id = d.event_id WHERE d.subscription_id = ? ORDER BY d.seq DESC FETCH FIRST "
                + limit + " ROWS ONLY")
        .param(subscriptionId)
        .query((rs, i) -> {
          Map<String, Object> m = new java.util.LinkedHashMap<>();
          m.put("eventId", rs.getString(1));
          m.put("type", rs.getString(2));
          m.put("licenceId", rs.getString(3));
          m.put("status", rs.getString(4));
          m.put("attempts", rs.getInt(5));
          if ("pending".equals(rs.getString(4))) {
            m.put("nextAttemptAt", rs.getTimestamp(6).toInstant().toString());
          }
          if (rs.getTimestamp(7) != null) {
            m.put("deliveredAt", rs.getTimestamp(7).toInstant().toString());
          }
          if (rs.getString(8) != null) {
            m.put("lastError", rs.getString(8));
          }
          return m;
        })
        .list();
  }

  private static String truncate(String s) {
    return s == null ? null : s.length() <= 400 ? s : s.substring(0, 397) + "...";
  }
}

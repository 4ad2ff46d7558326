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
 * The transactional outbox: events are written next to the change that caused them, then fanned out to the
 * subscriptions entitled to them as delivery rows, which the dispatcher works off with retries.
 */
@Repository
public class EventOutbox {
  private static final String EVENT_COLUMNS = "e.id, e.type, e.occurred_at, e.holder_key, e.licence_type, e.payload";
  private static final RowMapper<Event> EVENT =
      (rs, i) -> new Event(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getString(5), rs.getString(6));
  private final JdbcClient jdbc;

  public EventOutbox(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records a licence event; called inside the transaction of the licence change, so neither exists without the other. */
  public void publish(LicenceEvent e) {
    publish(e.toEvent());
  }

  /** Records an event. */
  public void publish(Event e) {
    jdbc.sql("INSERT INTO outbox_event (id, type, occurred_at, holder_key, licence_type, payload) VALUES (?, ?, ?, ?, ?, ?)")
        .params(e.id(), e.type(), Timestamp.from(e.occurredAt()), e.holderKey(), e.licenceType(), e.payload())
        .update();
  }

  List<Event> undispatched(int limit) {
    return jdbc.sql("SELECT " + EVENT_COLUMNS + " FROM outbox_event e WHERE e.dispatched = FALSE ORDER BY e.seq FETCH FIRST " + limit + " ROWS ONLY")
        .query(EVENT)
        .list();
  }

  /**
   * Active subscriptions that want this event type and may hear of it. A licence event goes only to departments
   * that were allowed to pull or check a licence of this holder and type for the subscription's matter: nobody hears
   * about a licence they never saw. Supervision alerts go to auditors' subscriptions (checked when subscribing).
   */
  List<Subscription> subscribersOf(Event e) {
    String wants = "%," + e.type() + ",%";
    if (!e.aboutLicence()) {
      return jdbc.sql("SELECT " + SubscriptionRepository.COLUMNS + " FROM subscription s WHERE s.cancelled_at IS NULL"
                  + " AND (',' || s.events || ',') LIKE ? ORDER BY s.id")
          .param(wants)
          .query(SubscriptionRepository.ROW)
          .list();
    }
    return jdbc.sql("SELECT " + SubscriptionRepository.COLUMNS + " FROM subscription s WHERE s.cancelled_at IS NULL"
                + " AND (',' || s.events || ',') LIKE ? AND EXISTS (SELECT 1 FROM audit_entry a WHERE a.department_code = s.department_code"
                + " AND a.matter_code = s.matter_code AND a.outcome = 'allowed' AND a.action IN ('pull', 'pull.bundle', 'check')"
                + " AND a.holder_key = ? AND a.licence_type = ?) ORDER BY s.id")
        .params(wants, e.holderKey(), e.licenceType())
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
    jdbc.sql("UPDATE outbox_event SET dispatched = TRUE WHERE id = ?").param(eventId).update();
  }

  /** A delivery that is due, with what it needs. */
  record Due(long seq, int attempts, Event event, Subscription subscription) {}

  List<Due> due(Instant now, int limit) {
    return jdbc.sql("SELECT d.seq, d.attempts, " + EVENT_COLUMNS + ", " + SubscriptionRepository.COLUMNS
                + " FROM delivery d JOIN outbox_event e ON e.id = d.event_id JOIN subscription s ON s.id = d.subscription_id"
                + " WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.seq FETCH FIRST " + limit + " ROWS ONLY")
        .param(Timestamp.from(now))
        .query((rs, i) -> {
          Event e = new Event(rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7), rs.getString(8));
          Subscription s = new Subscription(rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
              java.util.Arrays.asList(rs.getString(14).split(",")), rs.getTimestamp(15).toInstant(),
              rs.getTimestamp(16) == null ? null : rs.getTimestamp(16).toInstant());
          return new Due(rs.getLong(1), rs.getInt(2), e, s);
        })
        .list();
  }

  /**
   * Claims a due delivery for one attempt: moves its next attempt to {@code until} if it is still pending, due at
   * {@code now} and at {@code attempts}. Several hub instances share the delivery rows; only the one whose update
   * wins posts, the others see the row no longer due (on PostgreSQL a waiting UPDATE re-checks its WHERE on the
   * winner's row version). An instance that dies while posting leaves the row due again at {@code until}.
   */
  boolean claim(long seq, int attempts, Instant now, Instant until) {
    return jdbc.sql("UPDATE delivery SET next_attempt_at = ? WHERE seq = ? AND status = 'pending' AND attempts = ? AND next_attempt_at <= ?")
        .params(Timestamp.from(until), seq, attempts, Timestamp.from(now))
        .update() == 1;
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
    return jdbc.sql("SELECT d.event_id, e.type, d.status, d.attempts, d.next_attempt_at, d.delivered_at, d.last_error"
                + " FROM delivery d JOIN outbox_event e ON e.id = d.event_id WHERE d.subscription_id = ? ORDER BY d.seq DESC FETCH FIRST "
                + limit + " ROWS ONLY")
        .param(subscriptionId)
        .query((rs, i) -> {
          Map<String, Object> m = new java.util.LinkedHashMap<>();
          m.put("eventId", rs.getString(1));
          m.put("type", rs.getString(2));
          m.put("status", rs.getString(3));
          m.put("attempts", rs.getInt(4));
          if ("pending".equals(rs.getString(3))) {
            m.put("nextAttemptAt", rs.getTimestamp(5).toInstant().toString());
          }
          if (rs.getTimestamp(6) != null) {
            m.put("deliveredAt", rs.getTimestamp(6).toInstant().toString());
          }
          if (rs.getString(7) != null) {
            m.put("lastError", rs.getString(7));
          }
          return m;
        })
        .list();
  }

  /** Marks an alert raised for its day; false if it was raised already (so it is published once). */
  boolean raiseOnce(String kind, String department, String matter, java.time.LocalDate day, Instant at, String eventId) {
    // Checked in the statement, not by catching the key violation: the scan runs in one transaction, and on
    // PostgreSQL a failed statement aborts it, so every later alert of the scan failed (25P02) and was never raised.
    // Another instance raising the same alert at the same moment still fails this scan; the next one sees its row.
    String m = matter == null ? "" : matter;
    java.sql.Date d = java.sql.Date.valueOf(day);
    try {
      return jdbc.sql("INSERT INTO supervision_alert (kind, department_code, matter_code, alert_day, raised_at, event_id)"
                  + " SELECT ?, ?, ?, ?, ?, ? FROM (VALUES (1)) AS one(x) WHERE NOT EXISTS (SELECT 1 FROM supervision_alert"
                  + " WHERE kind = ? AND department_code = ? AND matter_code = ? AND alert_day = ?)")
              .params(kind, department, m, d, Timestamp.from(at), eventId, kind, department, m, d)
              .update() == 1;
    } catch (DuplicateKeyException e) {
      return false;
    }
  }

  private static String truncate(String s) {
    return s == null ? null : s.length() <= 400 ? s : s.substring(0, 397) + "...";
  }
}

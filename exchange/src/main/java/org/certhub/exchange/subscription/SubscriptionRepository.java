package org.certhub.exchange.subscription;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Departments' subscriptions; cancelled ones stay as history. */
@Repository
public class SubscriptionRepository {
  static final String COLUMNS = "s.id, s.department_code, s.matter_code, s.callback_url, s.secret, s.events, s.created_at, s.cancelled_at";
  static final RowMapper<Subscription> ROW =
      (rs, i) ->
          new Subscription(
              rs.getString(1),
              rs.getString(2),
              rs.getString(3),
              rs.getString(4),
              rs.getString(5),
              Arrays.asList(rs.getString(6).split(",")),
              rs.getTimestamp(7).toInstant(),
              rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant());
  private final JdbcClient jdbc;

  public SubscriptionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void add(Subscription s) {
    jdbc.sql("INSERT INTO subscription (id, department_code, matter_code, callback_url, secret, events, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .params(s.id(), s.department(), s.matter(), s.callbackUrl(), s.secret(), String.join(",", s.events()), Timestamp.from(s.createdAt()))
        .update();
  }

  /** A subscription of this department; someone else's is not found (no leak of its existence). */
  Optional<Subscription> find(String id, String department) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM subscription s WHERE s.id = ? AND s.department_code = ?").params(id, department).query(ROW).optional();
  }

  List<Subscription> byDepartment(String department) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM subscription s WHERE s.department_code = ? ORDER BY s.created_at").param(department).query(ROW).list();
  }

  boolean cancel(String id, String department, Instant at) {
    return jdbc.sql("UPDATE subscription SET cancelled_at = ? WHERE id = ? AND department_code = ? AND cancelled_at IS NULL")
        .params(Timestamp.from(at), id, department)
        .update() == 1;
  }
}

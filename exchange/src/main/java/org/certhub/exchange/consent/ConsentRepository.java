package org.certhub.exchange.consent;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.certhub.exchange.paging.RowLimit;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Consents, by holder pseudonym. */
@Repository
public class ConsentRepository {
  private static final String COLUMNS = "id, holder, department_code, matter_code, channel, granted_at, expires_at, revoked_at";
  private static final RowMapper<Consent> ROW =
      (rs, i) ->
          new Consent(
              rs.getString(1),
              rs.getString(2),
              rs.getString(3),
              rs.getString(4),
              rs.getString(5),
              rs.getTimestamp(6).toInstant(),
              rs.getTimestamp(7).toInstant(),
              rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant());
  private final JdbcClient jdbc;

  public ConsentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void add(Consent c) {
    jdbc.sql("INSERT INTO consent (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL)")
        .params(c.id(), c.holder(), c.department(), c.matter(), c.channel(), Timestamp.from(c.grantedAt()), Timestamp.from(c.expiresAt()))
        .update();
  }

  Optional<Consent> find(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM consent WHERE id = ?").param(id).query(ROW).optional();
  }

  /** The newest consent of this holder for this department and matter that is neither revoked nor lapsed. */
  Optional<Consent> active(String holder, String department, String matter, Instant now) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM consent WHERE holder = ? AND department_code = ? AND matter_code = ?"
                + " AND revoked_at IS NULL AND expires_at > ? ORDER BY granted_at DESC FETCH FIRST 1 ROWS ONLY")
        .params(holder, department, matter, Timestamp.from(now))
        .query(ROW)
        .optional();
  }

  /** The holder's newest {@code limit} consents, newest first. */
  List<Consent> byHolder(String holder, int limit) {
    return RowLimit.of(limit).select(jdbc, "SELECT " + COLUMNS + " FROM consent WHERE holder = ? ORDER BY granted_at DESC", ROW, holder);
  }

  boolean revoke(String id, String holder, Instant at) {
    return jdbc.sql("UPDATE consent SET revoked_at = ? WHERE id = ? AND holder = ? AND revoked_at IS NULL")
        .params(Timestamp.from(at), id, holder)
        .update() == 1;
  }
}

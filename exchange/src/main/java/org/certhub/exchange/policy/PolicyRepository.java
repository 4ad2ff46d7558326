package org.certhub.exchange.policy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Sharing grants, looked up by (consumer, licence type, matter); withdrawn grants are kept as history. */
@Repository
public class PolicyRepository {
  private static final String COLUMNS = "id, consumer_code, licence_type, matter_code, fields, legal_basis, valid_until, withdrawn_at";
  private static final RowMapper<Policy> ROW =
      (rs, i) ->
          new Policy(
              rs.getString(1),
              rs.getString(2),
              rs.getString(3),
              rs.getString(4),
              Arrays.asList(rs.getString(5).split(",")),
              rs.getString(6),
              instant(rs.getTimestamp(7)),
              instant(rs.getTimestamp(8)));
  private final JdbcClient jdbc;
  /** Read on every pull; a local change clears it at once, another instance's shows within 2 s. Expiry is judged at use. */
  private final org.certhub.exchange.web.FreshCache<String, Policy> active =
      new org.certhub.exchange.web.FreshCache<>(java.time.Duration.ofSeconds(2), 10_000);

  public PolicyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Adds a grant. */
  public void add(Policy p) {
    active.clear();
    jdbc.sql(
            "INSERT INTO policy (id, consumer_code, licence_type, matter_code, fields, legal_basis, valid_until, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)")
        .params(p.id(), p.consumer(), p.licenceType(), p.matter(), String.join(",", p.fields()), p.legalBasis(),
            p.validUntil() == null ? null : Timestamp.from(p.validUntil()))
        .update();
    active.clear();
  }

  /** The grant for this consumer, type and matter that is not withdrawn (it may have expired), if any. */
  public Optional<Policy> find(String consumer, String licenceType, String matter) {
    return active.get(consumer + "|" + licenceType + "|" + matter, key -> load(consumer, licenceType, matter));
  }

  private Optional<Policy> load(String consumer, String licenceType, String matter) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM policy WHERE consumer_code = ? AND licence_type = ? AND matter_code = ?"
                + " AND withdrawn_at IS NULL ORDER BY created_at DESC FETCH FIRST 1 ROWS ONLY")
        .params(consumer, licenceType, matter)
        .query(ROW)
        .optional();
  }

  /** A grant by id, withdrawn or not. */
  public Optional<Policy> byId(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM policy WHERE id = ?").param(id).query(ROW).optional();
  }

  /** Grants filtered by consumer and matter (null: any), withdrawn ones only when asked. */
  public List<Policy> list(String consumer, String matter, boolean withWithdrawn) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM policy WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (consumer != null) {
      sql.append(" AND consumer_code = ?");
      params.add(consumer);
    }
    if (matter != null) {
      sql.append(" AND matter_code = ?");
      params.add(matter);
    }
    if (!withWithdrawn) {
      sql.append(" AND withdrawn_at IS NULL");
    }
    sql.append(" ORDER BY id");
    return jdbc.sql(sql.toString()).params(params).query(ROW).list();
  }

  /** Withdraws a grant; false if it was already withdrawn or does not exist. */
  public boolean withdraw(String id, Instant at) {
    boolean done = jdbc.sql("UPDATE policy SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL").params(Timestamp.from(at), id).update() == 1;
    active.clear();
    return done;
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}

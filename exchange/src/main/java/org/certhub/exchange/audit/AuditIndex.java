package org.certhub.exchange.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A queryable index of ledger entries by holder pseudonym, department, matter and time. The ledger is the
 * record; this index is derived from it and can always be rebuilt from it ({@link AccessLog#reindex()}).
 */
@Repository
public class AuditIndex {
  private final JdbcClient jdbc;
  private final org.springframework.transaction.support.TransactionTemplate transaction;

  /** An index whose batches are written one row at a time (tests). */
  public AuditIndex(JdbcClient jdbc) {
    this(jdbc, null);
  }

  /** An index whose batches are written in one transaction each. */
  @org.springframework.beans.factory.annotation.Autowired
  public AuditIndex(JdbcClient jdbc, org.springframework.transaction.PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.transaction = transactions == null ? null : new org.springframework.transaction.support.TransactionTemplate(transactions);
  }

  /** One row to index. */
  record Row(long index, Instant time, Access access, String leafHash) {}

  /** Indexes rows in one transaction: one commit for the batch instead of one per row. */
  void addAll(List<Row> rows) {
    if (transaction == null) {
      rows.forEach(r -> add(r.index(), r.time(), r.access(), r.leafHash()));
      return;
    }
    transaction.executeWithoutResult(status -> rows.forEach(r -> add(r.index(), r.time(), r.access(), r.leafHash())));
  }

  /** Indexes one entry; a second call for the same index changes nothing. */
  void add(long index, Instant time, Access a, String leafHash) {
    jdbc.sql(
            "INSERT INTO audit_entry (ledger_index, recorded_at, action, department_code, holder_key,"
                + " licence_type, licence_id, matter_code, outcome, rule, request_id, leaf_hash, certificate, officer, purpose, fields,"
                + " request_digest, consent, signature) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM (VALUES (1)) AS one(x)"
                + " WHERE NOT EXISTS (SELECT 1 FROM audit_entry WHERE ledger_index = ?)")
        .params(
            index,
            Timestamp.from(time),
            a.action(),
            a.department(),
            a.holder(),
            a.licenceType(),
            a.licenceId(),
            a.matter(),
            a.outcome(),
            a.rule(),
            a.requestId(),
            leafHash,
            a.certificate(),
            a.officer(),
            a.purpose(),
            a.fields() == null ? null : String.join(",", a.fields()),
            a.requestDigest(),
            a.consent(),
            a.signature(),
            index)
        .update();
  }

  /** How many entries are indexed. */
  long count() {
    return jdbc.sql("SELECT COUNT(*) FROM audit_entry").query(Long.class).single();
  }

  /** Filters for an audit query; null members do not filter. */
  public record Query(
      String holderKey, String department, String matter, String action, String outcome, Instant from, Instant to, long after, int limit) {}

  /** Entries matching every given filter, in ledger order, after the cursor index. */
  public List<AuditEntry> find(Query q) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT ledger_index, recorded_at, action, department_code, holder_key, licence_type, licence_id,"
                + " matter_code, outcome, rule, request_id, leaf_hash, certificate, officer, purpose, fields, request_digest,"
                + " consent, signature FROM audit_entry WHERE ledger_index > ?");
    List<Object> params = new ArrayList<>();
    params.add(q.after());
    if (q.holderKey() != null) {
      sql.append(" AND holder_key = ?");
      params.add(q.holderKey());
    }
    if (q.department() != null) {
      sql.append(" AND department_code = ?");
      params.add(q.department());
    }
    if (q.matter() != null) {
      sql.append(" AND matter_code = ?");
      params.add(q.matter());
    }
    if (q.action() != null) {
      sql.append(" AND action = ?");
      params.add(q.action());
    }
    if (q.outcome() != null) {
      sql.append(" AND outcome = ?");
      params.add(q.outcome());
    }
    if (q.from() != null) {
      sql.append(" AND recorded_at >= ?");
      params.add(Timestamp.from(q.from()));
    }
    if (q.to() != null) {
      sql.append(" AND recorded_at < ?");
      params.add(Timestamp.from(q.to()));
    }
    sql.append(" ORDER BY ledger_index FETCH FIRST ").append(q.limit()).append(" ROWS ONLY");
    return jdbc.sql(sql.toString())
        .params(params)
        .query(
            (rs, i) ->
                new AuditEntry(
                    rs.getLong(1),
                    rs.getTimestamp(2).toInstant(),
                    new Access(
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getString(10),
                        rs.getString(11),
                        rs.getString(13),
                        rs.getString(14),
                        rs.getString(15),
                        rs.getString(16) == null ? null : java.util.Arrays.asList(rs.getString(16).split(",", -1)),
                        rs.getString(17),
                        rs.getString(18),
                        rs.getString(19)),
                    rs.getString(12)))
        .list();
  }
}

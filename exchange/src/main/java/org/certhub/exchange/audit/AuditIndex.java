package org.certhub.exchange.audit;

import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A queryable index of ledger entries by holder pseudonym, department, matter and time. The ledger is the
 * record; this index is derived from it and can always be rebuilt from it ({@link AccessLog#reindex()}).
 *
 * <p>Beside each row it counts allowed pulls per hour, department and matter ({@code audit_pull_hour}), in the same
 * transaction, for {@link Supervision}: a count goes up only for a row this call inserted, so an entry indexed twice
 * (a retry, or two instances on one database) is counted once.
 */
@Repository
public class AuditIndex {
  private static final String INSERT =
      "INSERT INTO audit_entry (ledger_index, recorded_at, action, department_code, holder_key,"
          + " licence_type, licence_id, matter_code, outcome, rule, request_id, leaf_hash, certificate, officer, purpose, fields,"
          + " request_digest, consent, signature) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM (VALUES (1)) AS one(x)"
          + " WHERE NOT EXISTS (SELECT 1 FROM audit_entry WHERE ledger_index = ?)";

  private final JdbcClient jdbc;
  private final JdbcTemplate batches;
  private final TransactionTemplate transaction;

  /** An index whose batches are written one row at a time (tests). */
  public AuditIndex(JdbcClient jdbc) {
    this.jdbc = jdbc;
    this.batches = null;
    this.transaction = null;
  }

  /** An index whose batches are written as one JDBC batch in one transaction each. */
  @Autowired
  public AuditIndex(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
    this.jdbc = JdbcClient.create(jdbc);
    this.batches = jdbc;
    this.transaction = new TransactionTemplate(transactions);
  }

  /** One row to index. */
  record Row(long index, Instant time, Access access, String leafHash) {}

  /** One hour's allowed pulls by one department for one matter. */
  record PullHour(Timestamp hour, String department, String matter) {
    static PullHour of(Row r) {
      return new PullHour(hourOf(r.time()), r.access().department(), r.access().matter() == null ? "" : r.access().matter());
    }
  }

  /**
   * The {@code hour_start} holding {@code t}: the hour of the wall-clock time a TIMESTAMP column stores for it, which is
   * what the migration's {@code DATE_TRUNC('HOUR', recorded_at)} computes.
   */
  static Timestamp hourOf(Instant t) {
    return Timestamp.valueOf(LocalDateTime.ofInstant(t, ZoneId.systemDefault()).truncatedTo(ChronoUnit.HOURS));
  }

  /** Whether supervision counts the row: allowed single-type pulls, as its thresholds are stated. */
  private static boolean countedPull(Access a) {
    return "pull".equals(a.action()) && "allowed".equals(a.outcome());
  }

  /**
   * Indexes rows as one JDBC batch in one transaction, with their hourly counts: the batch's update counts say which
   * rows it inserted, and the counts go up once per hour, department and matter in the batch, not once per row.
   */
  void addAll(List<Row> rows) {
    if (transaction == null) {
      rows.forEach(this::addIfAbsent);
      return;
    }
    try {
      transaction.executeWithoutResult(status -> {
        int[] inserted = batches.batchUpdate(INSERT, rows.stream().map(AuditIndex::values).toList());
        Map<PullHour, Long> pulls = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
          // A driver that answers SUCCESS_NO_INFO is taken at its word that the row went in (H2 and PostgreSQL count).
          if ((inserted[i] == 1 || inserted[i] == Statement.SUCCESS_NO_INFO) && countedPull(rows.get(i).access())) {
            pulls.merge(PullHour.of(rows.get(i)), 1L, Long::sum);
          }
        }
        pulls.forEach(this::count);
      });
    } catch (DuplicateKeyException e) {
      // On a database shared by several instances another one (its start-up reindex) committed a row for one of these
      // entries after this batch checked: that row is derived from the same ledger entry. The rest still go in.
      rows.forEach(this::addIfAbsent);
    }
  }

  /** Indexes one row in its own statement; false if the index already had it, also if another instance wrote it first. */
  boolean addIfAbsent(Row r) {
    try {
      return add(r.index(), r.time(), r.access(), r.leafHash());
    } catch (DuplicateKeyException e) {
      return false;
    }
  }

  /**
   * Indexes one entry; a second call for the same index changes nothing (false). Two instances racing on one index
   * can still make the later commit fail on the primary key: see {@link #addIfAbsent}.
   */
  boolean add(long index, Instant time, Access a, String leafHash) {
    Row r = new Row(index, time, a, leafHash);
    boolean inserted = jdbc.sql(INSERT).params(values(r)).update() == 1;
    if (inserted && countedPull(a)) {
      try {
        count(PullHour.of(r), 1L);
      } catch (DuplicateKeyException e) {
        count(PullHour.of(r), 1L); // another instance counted the hour's first pull meanwhile: the row is there now
      }
    }
    return inserted;
  }

  /**
   * Adds {@code pulls} to an hour's count. Throws DuplicateKeyException when another instance inserted the hour's row
   * since the update found none: in a batch's transaction (which PostgreSQL then aborts) the batch is indexed again row
   * by row; a single row counts again.
   */
  private void count(PullHour h, Long pulls) {
    if (jdbc.sql("UPDATE audit_pull_hour SET pulls = pulls + ? WHERE hour_start = ? AND department_code = ? AND matter_code = ?")
            .params(pulls, h.hour(), h.department(), h.matter())
            .update() == 0) {
      jdbc.sql("INSERT INTO audit_pull_hour (hour_start, department_code, matter_code, pulls) VALUES (?, ?, ?, ?)")
          .params(h.hour(), h.department(), h.matter(), pulls)
          .update();
    }
  }

  /** The parameters of {@link #INSERT} for one row. */
  private static Object[] values(Row r) {
    Access a = r.access();
    return new Object[] {
        r.index(),
        Timestamp.from(r.time()),
        a.action(),
        a.department(),
        a.holder(),
        a.licenceType(),
        a.licenceId(),
        a.matter(),
        a.outcome(),
        a.rule(),
        a.requestId(),
        r.leafHash(),
        a.certificate(),
        a.officer(),
        a.purpose(),
        a.fields() == null ? null : String.join(",", a.fields()),
        a.requestDigest(),
        a.consent(),
        a.signature(),
        r.index()
    };
  }

  /** How many entries below {@code size} are indexed: all {@code size} when a replica of that size is fully indexed. */
  long countBelow(long size) {
    return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE ledger_index < ?").param(size).query(Long.class).single();
  }

  /** How many entries are indexed. */
  long count() {
    return jdbc.sql("SELECT COUNT(*) FROM audit_entry").query(Long.class).single();
  }

  /** Filters for an audit query; null members do not filter. */
  public record Query(
      String holderKey, String department, String matter, String action, String outcome, Instant from, Instant to, long after, int limit) {}

  /**
   * How far past the cursor a time-range search first looks before it turns the range into ledger indexes. Walking
   * this many entries costs tens of milliseconds; finding the range's indexes costs in proportion to its length.
   */
  static final long NEAR_CURSOR = 100_000;

  /** Entries matching every given filter, in ledger order, after the cursor index. */
  public List<AuditEntry> find(Query q) {
    if (q.from() == null && q.to() == null) {
      return select(q, null, null);
    }
    // A search walks the ledger in order from the cursor. With a time range the database cannot know that time and
    // ledger order nearly agree, so for last week in a large ledger it would skip millions of earlier entries one by
    // one (docs/postgres.md). Near the cursor first (a full page there is the exact answer: nothing lies between);
    // else the range's first and last ledger index from the time index, and the walk covers only that stretch.
    // MIN/MAX keep the answer exact even where clock and ledger order differ.
    List<AuditEntry> near = select(q, null, q.after() + NEAR_CURSOR);
    if (near.size() == q.limit()) {
      return near;
    }
    String where = q.from() != null && q.to() != null ? "recorded_at >= ? AND recorded_at < ?" : q.from() != null ? "recorded_at >= ?" : "recorded_at < ?";
    List<Object> times = new ArrayList<>();
    if (q.from() != null) {
      times.add(Timestamp.from(q.from()));
    }
    if (q.to() != null) {
      times.add(Timestamp.from(q.to()));
    }
    // COUNT(*) is not decoration: alone, MIN and MAX would be planned as "first entry in ledger order whose time is in
    // the range", the very walk this avoids (5 s on 10M entries); with it, one scan of the time index (docs/postgres.md).
    long[] bounds =
        jdbc.sql("SELECT COUNT(*), MIN(ledger_index), MAX(ledger_index) FROM audit_entry WHERE " + where)
            .params(times)
            .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
            .single();
    if (bounds[0] == 0) {
      return List.of();
    }
    return select(q, bounds[1], bounds[2]);
  }

  /**
   * Entries of one action about one subject (the {@code rule} column, e.g. a seal's esID for {@code stamp}), in ledger
   * order after the cursor index.
   */
  public List<AuditEntry> bySubject(String action, String subject, long after, int limit) {
    return select(new Query(null, null, null, action, null, null, null, after, limit), null, null, subject);
  }

  private List<AuditEntry> select(Query q, Long first, Long last) {
    return select(q, first, last, null);
  }

  /** The search, restricted to ledger indexes from {@code first} to {@code last} where they are given. */
  private List<AuditEntry> select(Query q, Long first, Long last, String rule) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT ledger_index, recorded_at, action, department_code, holder_key, licence_type, licence_id,"
                + " matter_code, outcome, rule, request_id, leaf_hash, certificate, officer, purpose, fields, request_digest,"
                + " consent, signature FROM audit_entry WHERE ledger_index > ?");
    List<Object> params = new ArrayList<>();
    params.add(q.after());
    if (first != null) {
      sql.append(" AND ledger_index >= ?");
      params.add(first);
    }
    if (last != null) {
      sql.append(" AND ledger_index <= ?");
      params.add(last);
    }
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
    if (rule != null) {
      sql.append(" AND rule = ?");
      params.add(rule);
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

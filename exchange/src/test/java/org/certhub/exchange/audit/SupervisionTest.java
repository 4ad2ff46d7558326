package org.certhub.exchange.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class SupervisionTest {
  static final String TAX = "11330100MB23456780";
  static final String POLICE = "11330100MB5678901B";
  // Wednesday 2026-11-18 10:00 in Hangzhou is 02:00 UTC.
  static final Instant NOW = Instant.parse("2026-11-18T04:00:00Z");
  static final String COUNT_ENTRIES =
      "SELECT DATE_TRUNC('HOUR', recorded_at), department_code, matter_code, COUNT(*) FROM audit_entry"
          + " WHERE action = 'pull' AND outcome = 'allowed' GROUP BY DATE_TRUNC('HOUR', recorded_at), department_code, matter_code";
  static final String READ_COUNTS = "SELECT hour_start, department_code, matter_code, pulls FROM audit_pull_hour";
  JdbcClient jdbc;
  AuditIndex index;
  Supervision supervision;
  long next;

  @BeforeEach
  void schema() {
    jdbc = org.certhub.exchange.TestDatabases.migrated();
    index = new AuditIndex(jdbc);
    supervision = new Supervision(jdbc);
  }

  void pulls(String dept, String matter, Instant at, int n) {
    for (int i = 0; i < n; i++) {
      index.add(next++, at.plusSeconds(i), new Access("pull", dept, null, "T", null, matter, "allowed", "p", "r" + next), "h");
    }
  }

  @Test
  void usualWorkdayPattern_raisesNothing() {
    for (int d = 1; d <= 30; d++) {
      pulls(TAX, "M1", NOW.minus(Duration.ofDays(d)).minus(Duration.ofHours(1)), 10);
    }
    pulls(TAX, "M1", NOW.minus(Duration.ofHours(1)), 12);
    assertThat(supervision.scan(NOW, Duration.ofHours(24))).isEmpty();
  }

  @Test
  void burstFarAboveBaseline_isVolume() {
    for (int d = 1; d <= 30; d++) {
      pulls(TAX, "M1", NOW.minus(Duration.ofDays(d)).minus(Duration.ofHours(1)), 5);
    }
    pulls(TAX, "M1", NOW.minus(Duration.ofHours(1)), 40);
    List<Supervision.Alert> alerts = supervision.scan(NOW, Duration.ofHours(24));
    assertThat(alerts).extracting(Supervision.Alert::kind).containsExactly("volume");
    assertThat(alerts.get(0).department()).isEqualTo(TAX);
    assertThat(alerts.get(0).count()).isEqualTo(40);
    assertThat(alerts.get(0).detail()).contains("baseline of 5.0");
  }

  @Test
  void nightAndWeekendPulls_areOffHours_andRareMatterIsFlagged() {
    for (int d = 2; d <= 30; d++) {
      pulls(POLICE, "M1", NOW.minus(Duration.ofDays(d)), 3);
    }
    pulls(POLICE, "M9", NOW.minus(Duration.ofHours(9)), 2); // 2026-11-17 19:00 in Hangzhou
    List<Supervision.Alert> alerts = supervision.scan(NOW, Duration.ofHours(24));
    assertThat(alerts).extracting(Supervision.Alert::kind).containsExactly("off_hours", "rare_matter");
    assertThat(alerts.get(1).matter()).isEqualTo("M9");
    assertThat(Supervision.offHours(Instant.parse("2026-11-21T03:00:00Z"))).as("Saturday 11:00").isTrue();
    assertThat(Supervision.offHours(Instant.parse("2026-11-18T03:00:00Z"))).as("Wednesday 11:00").isFalse();
  }

  @Test
  void theWindowIsWholeHours_fromTheHourHoldingItsStart() {
    for (int d = 1; d <= 30; d++) {
      pulls(TAX, "M1", NOW.minus(Duration.ofDays(d)).minus(Duration.ofHours(2)), 1);
    }
    // Pulls at 04:10 UTC the day before NOW (04:00). A scan at 04:50 starts its 24 hours at 04:50 the day before, in
    // the hour from 04:00: its first hour, so the pulls, 24 h 40 min old, are in the window. At 05:10 they are baseline.
    pulls(TAX, "M1", NOW.minus(Duration.ofHours(24)).plus(Duration.ofMinutes(10)), 25);
    assertThat(supervision.scan(NOW.plus(Duration.ofMinutes(50)), Duration.ofHours(24)))
        .extracting(Supervision.Alert::kind, Supervision.Alert::count)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("volume", 25L));
    assertThat(supervision.scan(NOW.plus(Duration.ofMinutes(70)), Duration.ofHours(24))).isEmpty();
  }

  @Test
  void hourlyCounts_equalTheIndexedAllowedPulls_andCountAnEntryIndexedTwiceOnce() {
    Random random = new Random(7);
    String[] actions = {"pull", "pull", "pull", "check", "pull.bundle"};
    String[] outcomes = {"allowed", "allowed", "denied", "not_found"};
    for (int i = 0; i < 2_000; i++) {
      Instant at = NOW.minusSeconds(random.nextInt(3 * 24 * 3600));
      long idx = random.nextInt(10) == 0 && next > 0 ? random.nextLong(next) : next++; // one in ten indexes an entry again
      index.add(idx, at, new Access(actions[random.nextInt(actions.length)], random.nextBoolean() ? TAX : POLICE, null, "T", null,
          "M" + random.nextInt(3), outcomes[random.nextInt(outcomes.length)], "p", "r" + idx), "h");
    }
    Map<List<Object>, Long> fromEntries = counts(jdbc, COUNT_ENTRIES);
    assertThat(fromEntries.values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(500);
    assertThat(counts(jdbc, READ_COUNTS)).isEqualTo(fromEntries);
  }

  @Test
  void theMigration_countsThePullsIndexedBeforeIt() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("12").load().migrate();
    JdbcClient before = JdbcClient.create(ds);
    for (int i = 0; i < 300; i++) {
      before.sql("INSERT INTO audit_entry (ledger_index, recorded_at, action, department_code, matter_code, outcome, request_id, leaf_hash)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, 'h')")
          .params(i, java.sql.Timestamp.from(NOW.minusSeconds(i * 97L)), i % 7 == 0 ? "check" : "pull", i % 2 == 0 ? TAX : POLICE,
              "M" + i % 3, i % 5 == 0 ? "denied" : "allowed", "r" + i)
          .update();
    }
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    Map<List<Object>, Long> fromEntries = counts(before, COUNT_ENTRIES);
    assertThat(fromEntries).hasSizeGreaterThan(10);
    assertThat(counts(before, READ_COUNTS)).isEqualTo(fromEntries);
  }

  /** Rows of (hour, department, matter, count) as a map from the first three to the count. */
  static Map<List<Object>, Long> counts(JdbcClient jdbc, String sql) {
    Map<List<Object>, Long> out = new java.util.HashMap<>();
    jdbc.sql(sql).query(rs -> {
      out.put(List.of(rs.getTimestamp(1), rs.getString(2), rs.getString(3)), rs.getLong(4));
    });
    return out;
  }
}

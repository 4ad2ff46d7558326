package org.certhub.exchange.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class SupervisionTest {
  static final String TAX = "11330100MB23456780";
  static final String POLICE = "11330100MB5678901B";
  // Wednesday 2026-11-18 10:00 in Hangzhou is 02:00 UTC.
  static final Instant NOW = Instant.parse("2026-11-18T04:00:00Z");
  AuditIndex index;
  Supervision supervision;
  long next;

  @BeforeEach
  void schema() {
    JdbcClient jdbc = org.certhub.exchange.TestDatabases.migrated();
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
}

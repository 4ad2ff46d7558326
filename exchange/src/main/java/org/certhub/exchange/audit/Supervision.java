package org.certhub.exchange.audit;

import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Electronic supervision (电子监察): flags unusual access in the audit index for auditors to look at.
 *
 * <ul>
 *   <li>{@code volume}: a department pulled far more in the window than its daily baseline over the 30 days
 *       before (at least {@link #MIN_VOLUME} pulls and {@link #VOLUME_FACTOR}× the baseline);
 *   <li>{@code off_hours}: pulls outside working hours (08:00–18:00 on weekdays, China Standard Time);
 *   <li>{@code rare_matter}: pulls for a matter that made up under 5 % of the department's pulls in the
 *       baseline period (a department that rarely handles it).
 * </ul>
 *
 * Thresholds are deliberately simple and stated here; they find the cases the field reports describe
 * (bulk lookups, night-time queries, lookups under an unrelated matter) without a model to train.
 */
@Service
public class Supervision {
  static final int MIN_VOLUME = 20;
  static final int VOLUME_FACTOR = 3;
  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private final JdbcClient jdbc;

  public Supervision(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * One flag.
   *
   * @param kind {@code volume}, {@code off_hours} or {@code rare_matter}
   * @param department the department whose access is unusual
   * @param matter the matter, for {@code rare_matter}; else null
   * @param count how many pulls in the window triggered it
   * @param detail what was seen against what is usual, for people
   */
  public record Alert(String kind, String department, String matter, long count, String detail) {}

  /**
   * Scans the hours of {@code window} before {@code now} against the 30 days before them, from the hourly pull counts
   * the index keeps ({@link AuditIndex}): two range reads whose size depends on the departments, matters and hours, not
   * on how many pulls there were. The window is whole hours, from the hour holding {@code now - window} to the current
   * one, so it covers between {@code window} and one hour more; the baseline is the 720 hours before it.
   */
  public List<Alert> scan(Instant now, Duration window) {
    Timestamp from = AuditIndex.hourOf(now.minus(window));
    Timestamp baselineFrom = Timestamp.valueOf(from.toLocalDateTime().minusDays(30));
    Map<String, Long> recentByDept = new HashMap<>();
    Map<String, Long> recentByDeptMatter = new HashMap<>();
    Map<String, Long> offHours = new HashMap<>();
    jdbc.sql("SELECT hour_start, department_code, matter_code, pulls FROM audit_pull_hour WHERE hour_start >= ? AND hour_start <= ?")
        .params(from, AuditIndex.hourOf(now))
        .query(rs -> {
          String dept = rs.getString(2);
          long n = rs.getLong(4);
          recentByDept.merge(dept, n, Long::sum);
          recentByDeptMatter.merge(dept + "\u0000" + rs.getString(3), n, Long::sum);
          // China Standard Time has no daylight saving, so its working hours are whole hours of any whole-hour zone.
          if (offHours(rs.getTimestamp(1).toInstant())) {
            offHours.merge(dept, n, Long::sum);
          }
        });
    Map<String, Long> baseByDept = new HashMap<>();
    Map<String, Long> baseByDeptMatter = new HashMap<>();
    jdbc.sql("SELECT department_code, matter_code, SUM(pulls) FROM audit_pull_hour WHERE hour_start >= ? AND hour_start < ?"
            + " GROUP BY department_code, matter_code")
        .params(baselineFrom, from)
        .query(rs -> {
          baseByDept.merge(rs.getString(1), rs.getLong(3), Long::sum);
          baseByDeptMatter.merge(rs.getString(1) + "\u0000" + rs.getString(2), rs.getLong(3), Long::sum);
        });
    double days = Math.max(1.0, window.toHours() / 24.0);
    List<Alert> out = new ArrayList<>();
    for (Map.Entry<String, Long> e : recentByDept.entrySet()) {
      double perWindow = baseByDept.getOrDefault(e.getKey(), 0L) / 30.0 * days;
      if (e.getValue() >= MIN_VOLUME && e.getValue() >= VOLUME_FACTOR * perWindow) {
        out.add(new Alert("volume", e.getKey(), null, e.getValue(),
            e.getValue() + " pulls in " + window.toHours() + " h against a baseline of " + String.format("%.1f", perWindow)));
      }
    }
    for (Map.Entry<String, Long> e : offHours.entrySet()) {
      out.add(new Alert("off_hours", e.getKey(), null, e.getValue(),
          e.getValue() + " pulls outside 08:00-18:00 on weekdays (China Standard Time)"));
    }
    for (Map.Entry<String, Long> e : recentByDeptMatter.entrySet()) {
      String[] k = e.getKey().split("\u0000", 2);
      long deptBase = baseByDept.getOrDefault(k[0], 0L);
      long matterBase = baseByDeptMatter.getOrDefault(e.getKey(), 0L);
      if (deptBase >= MIN_VOLUME && matterBase * 20 < deptBase) {
        out.add(new Alert("rare_matter", k[0], k[1], e.getValue(),
            e.getValue() + " pulls for matter " + k[1] + ", which was " + matterBase + " of " + deptBase + " pulls in the 30 days before"));
      }
    }
    out.sort(java.util.Comparator.comparing(Alert::kind).thenComparing(Alert::department).thenComparing(a -> String.valueOf(a.matter())));
    return out;
  }

  static boolean offHours(Instant at) {
    ZonedDateTime t = at.atZone(CHINA);
    return t.getDayOfWeek() == DayOfWeek.SATURDAY || t.getDayOfWeek() == DayOfWeek.SUNDAY || t.getHour() < 8 || t.getHour() >= 18;
  }


}

package org.certhub.exchange.audit;

import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
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

  private record Pull(String department, String matter, Instant at) {}

  /** Scans the window {@code [now - window, now)} against the 30 days before it, with aggregate queries only. */
  public List<Alert> scan(Instant now, Duration window) {
    Instant from = now.minus(window);
    Instant baselineFrom = from.minus(Duration.ofDays(30));
    Map<String, Long> recentByDept = counts(from, now, false);
    Map<String, Long> baseByDept = counts(baselineFrom, from, false);
    Map<String, Long> recentByDeptMatter = counts(from, now, true);
    Map<String, Long> baseByDeptMatter = counts(baselineFrom, from, true);
    // Off-hours, by hour: China Standard Time has no daylight saving, so its hours are whole UTC hours.
    Map<String, Long> offHours = new HashMap<>();
    Instant hour = from.truncatedTo(ChronoUnit.HOURS);
    while (hour.isBefore(now)) {
      Instant next = hour.plus(Duration.ofHours(1));
      if (offHours(hour)) {
        Instant a = hour.isBefore(from) ? from : hour;
        Instant b = next.isAfter(now) ? now : next;
        counts(a, b, false).forEach((dept, n) -> offHours.merge(dept, n, Long::sum));
      }
      hour = next;
    }
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

  /** Allowed pulls in {@code [from, to)} by department (and matter: key {@code dept\0matter}). */
  private Map<String, Long> counts(Instant from, Instant to, boolean byMatter) {
    String group = byMatter ? "department_code, matter_code" : "department_code";
    Map<String, Long> out = new HashMap<>();
    jdbc.sql("SELECT " + group + ", COUNT(*) FROM audit_entry WHERE action = 'pull' AND outcome = 'allowed'"
            + " AND recorded_at >= ? AND recorded_at < ? GROUP BY " + group)
        .params(Timestamp.from(from), Timestamp.from(to))
        .query(rs -> {
          String key = byMatter ? rs.getString(1) + "\u0000" + rs.getString(2) : rs.getString(1);
          out.put(key, rs.getLong(byMatter ? 3 : 2));
        });
    return out;
  }

  static boolean offHours(Instant at) {
    ZonedDateTime t = at.atZone(CHINA);
    return t.getDayOfWeek() == DayOfWeek.SATURDAY || t.getDayOfWeek() == DayOfWeek.SUNDAY || t.getHour() < 8 || t.getHour() >= 18;
  }


}

package org.certhub.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Turns the {@code RESULT {json}} lines of {@link PullLoad} runs into the markdown table of
 * docs/benchmarks.md, the audited-pull / ceiling ratios at equal concurrency, and the targets
 * checked against the numbers (never rounded in their favour).
 */
final class LoadReport {
  private LoadReport() {}

  static void print(String[] files, PrintStream out) throws IOException {
    List<JsonNode> runs = new ArrayList<>();
    for (String f : files) {
      for (String line : Files.readAllLines(Path.of(f), StandardCharsets.UTF_8)) {
        if (line.startsWith("RESULT ")) {
          runs.add(PullLoad.JSON.readTree(line.substring("RESULT ".length())));
        }
      }
    }
    out.println("| run | target | load | requests | 2xx | non-2xx / errors | 2xx/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | generator |");
    out.println("|---|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|");
    for (JsonNode r : runs) {
      boolean open = r.get("mode").asString().equals("open");
      String load = open ? String.format(Locale.ROOT, "open %,.0f/s", r.get("rate").asDouble()) : "closed, " + r.get("connections").asInt() + " conn";
      String generator = String.format(Locale.ROOT, "%.0f %% CPU", r.get("generator_cpu").asDouble() * 100);
      if (open) {
        generator += r.get("generator_behind").asBoolean()
            ? String.format(Locale.ROOT, ", FELL BEHIND (lag p99 %s ms, %d late, %d slot waits%s)", ms(r, "send_lag_p99_ms"),
                r.get("late_sends").asLong(), r.get("in_flight_waits").asLong(),
                r.get("abandoned").asLong() > 0
                    ? String.format(Locale.ROOT, ", gave up after %,d sends at %,.1f/s with %,d never sent",
                        r.get("sent_before_giving_up").asLong(), r.get("sent_rate_before_giving_up").asDouble(), r.get("abandoned").asLong())
                    : "")
            : String.format(Locale.ROOT, ", kept up (lag p99 %s ms)", ms(r, "send_lag_p99_ms"));
      }
      out.printf(Locale.ROOT, "| %s | %s | %s | %,d | %,d | %s | %,.0f | %s | %s | %s | %s | %s | %s |%n",
          r.get("label").asString(), r.get("target").asString().equals("pull") ? "pull (audited)" : "whoami (ceiling)", load,
          r.get("requests").asLong(), r.get("ok").asLong(), failures(r), r.get("throughput").asDouble(),
          ms(r, "p50_ms"), ms(r, "p90_ms"), ms(r, "p99_ms"), ms(r, "p999_ms"), ms(r, "max_ms"), generator);
    }
    out.println();

    double bestPull = 0;
    double bestCeiling = 0;
    for (JsonNode r : runs) {
      if (r.get("mode").asString().equals("closed")) {
        double x = r.get("throughput").asDouble();
        if (r.get("target").asString().equals("pull")) {
          bestPull = Math.max(bestPull, x);
        } else {
          bestCeiling = Math.max(bestCeiling, x);
        }
      }
    }
    // The k-th closed-loop pull run at N connections is paired with the k-th ceiling run at N: the same round, minutes
    // apart rather than across the whole run on a host whose speed drifts.
    Map<Integer, List<JsonNode>> pulls = new java.util.TreeMap<>();
    Map<Integer, List<JsonNode>> ceilings = new java.util.TreeMap<>();
    for (JsonNode r : runs) {
      if (r.get("mode").asString().equals("closed")) {
        (r.get("target").asString().equals("pull") ? pulls : ceilings).computeIfAbsent(r.get("connections").asInt(), k -> new ArrayList<>()).add(r);
      }
    }
    pulls.forEach((connections, ps) -> {
      List<JsonNode> cs = ceilings.getOrDefault(connections, List.of());
      for (int k = 0; k < Math.min(ps.size(), cs.size()); k++) {
        double p = ps.get(k).get("throughput").asDouble();
        double c = cs.get(k).get("throughput").asDouble();
        out.printf(Locale.ROOT, "- ratio at %d connections, run %d: audited pulls / ceiling = %,.0f / %,.0f = %.2f%n", connections, k + 1, p, c, p / c);
      }
    });
    if (bestCeiling > 0) {
      out.printf(Locale.ROOT, "- best closed-loop: audited pulls %,.0f/s, ceiling %,.0f/s, ratio %.2f%n", bestPull, bestCeiling, bestPull / bestCeiling);
    }
    out.printf(Locale.ROOT, "- target ≥ 2,000 audited pulls/s: %s (best %,.1f/s)%n", bestPull >= 2000 ? "met" : "NOT met", bestPull);
    if (bestCeiling > 0) {
      out.printf(Locale.ROOT, "- target pulls ≥ 0.5 × ceiling: %s (%.3f)%n", bestPull / bestCeiling >= 0.5 ? "met" : "NOT met", bestPull / bestCeiling);
    }
    for (JsonNode r : runs) {
      if (r.get("mode").asString().equals("open") && r.get("target").asString().equals("pull") && r.get("rate").asDouble() == 1000) {
        boolean clean = r.get("ok").asLong() == r.get("requests").asLong() && !r.get("generator_behind").asBoolean();
        if (r.get("requests").asLong() == 0) {
          out.printf(Locale.ROOT, "- target p99 < 50 ms at 1,000 pulls/s (open loop): NOT met (the hub did not sustain 1,000/s: nothing was measured)%n");
        } else {
          out.printf(Locale.ROOT, "- target p99 < 50 ms at 1,000 pulls/s (open loop): %s (p99 %s ms%s)%n",
              r.get("p99_ms").asDouble() < 50 && clean ? "met" : "NOT met", ms(r, "p99_ms"),
              clean ? "" : "; not every request succeeded or the generator fell behind");
        }
      }
    }
  }

  private static String ms(JsonNode r, String field) {
    return String.format(Locale.ROOT, "%,.2f", r.get(field).asDouble());
  }

  private static String failures(JsonNode r) {
    StringBuilder s = new StringBuilder();
    for (String k : r.get("non2xx").propertyNames()) {
      s.append(s.length() == 0 ? "" : ", ").append(k).append(": ").append(r.get("non2xx").get(k).asLong());
    }
    for (String k : r.get("errors").propertyNames()) {
      s.append(s.length() == 0 ? "" : ", ").append(k).append(": ").append(r.get("errors").get(k).asLong());
    }
    return s.length() == 0 ? "none" : s.toString();
  }
}

package org.certhub.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.certhub.bench.signer.SignerReport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the machine-readable results of the sub-benches: one JSON object per line, {@code {"part", "key", "unit",
 * "value", "run"}} plus an optional {@code "target"} ({@code ">= 2000"}, {@code "< 50"}), one line per figure per
 * repeated run, so the report can give a median and a spread.
 *
 * <p>Usage (from the bench scripts):
 *
 * <ul>
 *   <li>{@code Results jmh PART JMH.json OUT.jsonl}: one line per benchmark (and parameters) per JMH fork, the fork's
 *       mean over its measured iterations; the fork is the run;
 *   <li>{@code Results openssl OPENSSL-SPEED-MR.txt RUN OUT.jsonl}: {@code openssl speed -mr} sign and verify rates;
 *   <li>{@code Results load OUT.jsonl RESULTS-1.txt [RESULTS-2.txt …]}: the {@code RESULT} lines of PullLoad, file i being
 *       round i;
 *   <li>{@code Results value OUT.jsonl PART KEY UNIT VALUE RUN [TARGET]}: one figure.
 * </ul>
 */
public final class Results {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private Results() {}

  public static void main(String[] args) throws Exception {
    switch (args.length == 0 ? "" : args[0]) {
      case "jmh" -> jmh(args[1], Path.of(args[2]), Path.of(args[3]));
      case "openssl" -> {
        for (Map.Entry<String, Double> e : new TreeMap<>(SignerReport.openssl(Files.readString(Path.of(args[1])))).entrySet()) {
          emit(Path.of(args[3]), "signer", "openssl " + e.getKey(), "ops/s", e.getValue(), Integer.parseInt(args[2]), null);
        }
      }
      case "load" -> {
        for (int i = 2; i < args.length; i++) {
          load(Path.of(args[1]), Path.of(args[i]), i - 1);
        }
      }
      case "value" -> emit(Path.of(args[1]), args[2], args[3], args[4], Double.parseDouble(args[5]), Integer.parseInt(args[6]),
          args.length > 7 ? args[7] : null);
      default -> {
        System.err.println("usage: Results (jmh PART JMH.json OUT | openssl TXT RUN OUT | load OUT RESULTS... | value OUT PART KEY UNIT VALUE RUN [TARGET])");
        System.exit(2);
      }
    }
  }

  /** Appends one figure to {@code out}. */
  public static void emit(Path out, String part, String key, String unit, double value, int run, String target) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("part", part);
    n.put("key", key);
    n.put("unit", unit);
    n.put("value", value);
    n.put("run", run);
    if (target != null && !target.isBlank()) {
      n.put("target", target);
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, JSON.writeValueAsString(n) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** JMH's JSON: per benchmark, {@code primaryMetric.rawData} holds one array of iteration scores per fork. */
  static void jmh(String part, Path json, Path out) throws IOException {
    for (JsonNode b : JSON.readTree(Files.readString(json))) {
      String name = b.get("benchmark").asString();
      StringBuilder key = new StringBuilder(name.substring(name.lastIndexOf('.') + 1));
      JsonNode params = b.get("params");
      if (params != null) {
        for (Iterator<Map.Entry<String, JsonNode>> it = params.properties().iterator(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> p = it.next();
          key.append(' ').append(p.getKey()).append('=').append(p.getValue().asString());
        }
      }
      String unit = b.get("primaryMetric").get("scoreUnit").asString();
      int fork = 0;
      for (JsonNode iterations : b.get("primaryMetric").get("rawData")) {
        fork++;
        double sum = 0;
        for (JsonNode s : iterations) {
          sum += s.asDouble();
        }
        emit(out, part, key.toString(), unit, sum / iterations.size(), fork, null);
      }
    }
  }

  /** PullLoad's RESULT lines: throughput and latency percentiles per row. */
  static void load(Path out, Path results, int run) throws IOException {
    for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
      if (!line.startsWith("RESULT ")) {
        continue;
      }
      JsonNode r = JSON.readTree(line.substring("RESULT ".length()));
      String label = r.get("label").asString();
      boolean pull = r.get("target").asString().equals("pull");
      boolean open = r.get("mode").asString().equals("open");
      String throughputTarget = pull && !open && label.endsWith("c64") ? ">= 2000" : null;
      emit(out, "load", label + " 2xx/s", "2xx/s", r.get("throughput").asDouble(), run, throughputTarget);
      emit(out, "load", label + " p99", "ms", r.get("p99_ms").asDouble(), run, pull && label.equals("pull-open-1000") ? "< 50" : null);
      emit(out, "load", label + " p50", "ms", r.get("p50_ms").asDouble(), run, null);
      long bad = r.get("requests").asLong() - r.get("ok").asLong();
      emit(out, "load", label + " non-2xx and errors", "count", bad, run, null);
      if (open) {
        emit(out, "load", label + " generator behind", "bool", r.get("generator_behind").asBoolean() ? 1 : 0, run, null);
      }
    }
  }
}

package org.certhub.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Writes {@code docs/benchmarks.md} and {@code docs/reliability.md} from the JSON lines the sub-benches left in the
 * results directory ({@link Results}): the machine and date, each figure as the median and min–max over its repeated
 * runs, each side-by-side comparison as a ratio computed run by run (same invocation, same minute), the target next to
 * each figure with met / not met, one PNG chart per benchmark in {@code docs/img/}, and, after each generated section,
 * the hand-written explanations from {@code bench/report/<part>.md} (the analyses a reader relies on live there, not
 * in the generated file).
 *
 * <p>Usage: {@code Report --results bench/target/results --docs docs --notes bench/report [--quick true] [--wall SECONDS]}.
 */
public final class Report {
  /** One figure over its runs. */
  record Figure(String part, String key, String unit, Map<Integer, Double> byRun, String target) {
    double[] values() {
      return byRun.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    double median() {
      double[] v = values();
      int n = v.length;
      return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    double min() {
      return values()[0];
    }

    double max() {
      double[] v = values();
      return v[v.length - 1];
    }

    /** "met", "not met" or "" when there is no target; judged on the median. */
    String verdict() {
      if (target == null) {
        return "";
      }
      String[] t = target.trim().split("\\s+");
      double goal = Double.parseDouble(t[1]);
      double m = median();
      boolean met = switch (t[0]) {
        case ">=" -> m >= goal;
        case ">" -> m > goal;
        case "<=" -> m <= goal;
        case "<" -> m < goal;
        case "==" -> m == goal;
        default -> throw new IllegalArgumentException("target must be '<op> <number>', but was: " + target);
      };
      return met ? "met" : "**not met**";
    }
  }

  /** A benchmark section: its results part, title, command, and which unit its chart shows. */
  record Part(String id, String title, String command, String chartUnit) {}

  static final List<Part> PARTS = List.of(
      new Part("signer", "Signer: sign and verify per algorithm", "bench/run-signer", "ops/s"),
      new Part("qr", "QR presentations: made and verified per second", "bench/run-qr", "ops/s"),
      new Part("seal", "Seals: stamps and verifications per second", "bench/run-seal", "ops/s"),
      new Part("ledger", "Ledger: durable appends, proofs, verification", "bench/run-ledger", "appends/s"),
      new Part("load", "Pulls over mTLS (load generator)", "bench/run-load", "2xx/s"));

  private Report() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    Path results = Path.of(o.getOrDefault("results", "bench/target/results"));
    Path docs = Path.of(o.getOrDefault("docs", "docs"));
    Path notes = Path.of(o.getOrDefault("notes", "bench/report"));
    boolean quick = Boolean.parseBoolean(o.getOrDefault("quick", "false"));
    String wall = o.get("wall");

    Map<String, Figure> figures = read(results);
    JsonNode machine = Files.exists(results.resolve("machine.json")) ? Results.JSON.readTree(Files.readString(results.resolve("machine.json"))) : null;
    List<JsonNode> faults = new ArrayList<>();
    if (Files.exists(results.resolve("faults.jsonl"))) {
      for (String line : Files.readAllLines(results.resolve("faults.jsonl"))) {
        if (!line.isBlank()) {
          faults.add(Results.JSON.readTree(line));
        }
      }
    }
    Files.createDirectories(docs.resolve("img"));
    Files.writeString(docs.resolve("benchmarks.md"), benchmarks(figures, machine, quick, wall, notes, docs), StandardCharsets.UTF_8);
    Files.writeString(docs.resolve("reliability.md"), reliability(faults, figures, machine, quick, wall, notes, docs), StandardCharsets.UTF_8);
    System.out.println("wrote " + docs.resolve("benchmarks.md") + ", " + docs.resolve("reliability.md") + " and charts in " + docs.resolve("img"));
  }

  /** Every {@code *.jsonl} in the results directory except the faults', keyed "part|key". */
  static Map<String, Figure> read(Path results) throws IOException {
    Map<String, Figure> out = new LinkedHashMap<>();
    if (!Files.isDirectory(results)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(results)) {
      files = s.filter(p -> p.toString().endsWith(".jsonl") && !p.getFileName().toString().equals("faults.jsonl")).sorted().toList();
    }
    for (Path f : files) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = Results.JSON.readTree(line);
        String part = n.get("part").asString();
        String key = n.get("key").asString();
        Figure fig = out.computeIfAbsent(part + "|" + key,
            k -> new Figure(part, key, n.get("unit").asString(), new TreeMap<>(), n.has("target") ? n.get("target").asString() : null));
        fig.byRun().put(n.get("run").asInt(), n.get("value").asDouble());
      }
    }
    return out;
  }

  /** The ratio numerator/denominator run by run (only runs both have), as a figure of its own. */
  static Figure ratio(Map<String, Figure> figures, String part, String label, String num, String den, String target) {
    Figure a = figures.get(part + "|" + num);
    Figure b = figures.get(part + "|" + den);
    if (a == null || b == null) {
      return null;
    }
    Map<Integer, Double> r = new TreeMap<>();
    a.byRun().forEach((run, v) -> {
      Double d = b.byRun().get(run);
      if (d != null && d != 0) {
        r.put(run, v / d);
      }
    });
    return r.isEmpty() ? null : new Figure(part, label, "ratio", r, target);
  }

  /** The side-by-side comparisons of each part, computed from its figures. */
  static List<Figure> ratios(Map<String, Figure> f, String part) {
    List<Figure> out = new ArrayList<>();
    switch (part) {
      case "signer" -> {
        for (String alg : List.of("SM2_SM3", "ECDSA_P256_SHA256", "ED25519")) {
          for (String op : List.of("sign", "verify")) {
            String api = op + "Api algorithm=" + alg + " messageBytes=1024";
            String ossl = alg.equals("SM2_SM3") ? ">= 3" : alg.equals("ED25519") ? ">= 1" : null;
            out.add(ratio(f, part, alg + " " + op + ": API / bare BC (1 KiB)", api, op + "Bc algorithm=" + alg + " messageBytes=1024", ">= 0.8"));
            out.add(ratio(f, part, alg + " " + op + ": API / OpenSSL (1 KiB vs 20 B)", api, "openssl " + alg + " " + op, ossl));
            out.add(ratio(f, part, alg + " " + op + ": API / OpenSSL (20 B, like for like)", op + "Api algorithm=" + alg + " messageBytes=20",
                "openssl " + alg + " " + op, ossl));
          }
        }
      }
      case "qr" -> {
        for (String alg : List.of("SM2_SM3", "ECDSA_P256_SHA256", "ED25519")) {
          out.add(ratio(f, part, alg + ": presentations made / bare API signs (256 B)", "make algorithm=" + alg, "signApi algorithm=" + alg + " messageBytes=256", null));
          out.add(ratio(f, part, alg + ": presentations verified / bare API verifies (256 B)", "verify algorithm=" + alg,
              "verifyApi algorithm=" + alg + " messageBytes=256", null));
        }
      }
      case "seal" -> {
        for (String ts : List.of("false", "true")) {
          String with = ts.equals("true") ? "with" : "without";
          out.add(ratio(f, part, "stamp " + with + " timestamp / bare SM2 sign", "stamp timestamped=" + ts, "bareSm2Sign timestamped=" + ts, null));
          out.add(ratio(f, part, "verify a stamp " + with + " timestamp / bare SM2 verify", "verifyStamp timestamped=" + ts,
              "bareSm2Verify timestamped=" + ts, null));
        }
      }
      case "load" -> {
        out.add(ratio(f, part, "audited pull / whoami ceiling, closed loop 16 connections", "pull-c16 2xx/s", "whoami-c16 2xx/s", ">= 0.5"));
        out.add(ratio(f, part, "audited pull / whoami ceiling, closed loop 64 connections", "pull-c64 2xx/s", "whoami-c64 2xx/s", ">= 0.5"));
      }
      default -> {}
    }
    out.removeIf(java.util.Objects::isNull);
    return out;
  }

  static String benchmarks(Map<String, Figure> figures, JsonNode machine, boolean quick, String wall, Path notes, Path docs) throws IOException {
    StringBuilder s = new StringBuilder();
    s.append("# Benchmarks\n\n");
    s.append("<!-- Generated by bench/run (org.certhub.bench.report.Report) from bench/target/results/*.jsonl. Do not edit:\n"
        + "     the explanations live in bench/report/*.md and are included below each generated section. -->\n\n");
    if (quick) {
      s.append("> **SMOKE RUN (`QUICK=1`): these figures come from seconds-long runs that only prove the pipeline works. They are not\n"
          + "> measurements; do not quote them. Run `bench/run` without `QUICK` on a quiet machine for the real report.**\n\n");
    }
    include(s, notes.resolve("intro.md"));
    s.append(machine(machine, wall));
    List<Figure> targeted = new ArrayList<>();
    for (Part p : PARTS) {
      for (Figure f : figures.values()) {
        if (f.part().equals(p.id()) && f.target() != null) {
          targeted.add(f);
        }
      }
      for (Figure f : ratios(figures, p.id())) {
        if (f.target() != null) {
          targeted.add(f);
        }
      }
    }
    if (!targeted.isEmpty()) {
      long met = targeted.stream().filter(f -> f.verdict().equals("met")).count();
      s.append("## Targets at a glance\n\n").append(met).append(" of ").append(targeted.size()).append(" targets met (judged on the median).\n\n");
      s.append("| benchmark | figure | median (min–max) | runs | target | result |\n|---|---|---:|---:|---|---|\n");
      for (Figure f : targeted) {
        s.append("| ").append(f.part()).append(" | ").append(f.key()).append(" | ").append(spread(f)).append(" | ").append(f.byRun().size())
            .append(" | ").append(target(f)).append(" | ").append(f.verdict()).append(" |\n");
      }
      s.append('\n');
    }
    for (Part p : PARTS) {
      List<Figure> own = figures.values().stream().filter(f -> f.part().equals(p.id())).toList();
      s.append("## ").append(p.title()).append("\n\n");
      if (own.isEmpty()) {
        s.append("_Not run in this report (no results from `").append(p.command()).append("`)._\n\n");
      } else {
        s.append("Command: `").append(p.command()).append("` (as run by `bench/run`). Figures: median and min–max over the runs;")
            .append(" ratios are taken run by run, then summarised the same way.\n\n");
        table(s, own);
        List<Figure> r = ratios(figures, p.id());
        if (!r.isEmpty()) {
          s.append("\nSide by side, in the same run:\n\n");
          table(s, r);
        }
        List<Chart.Bar> bars = new ArrayList<>();
        for (Figure f : own) {
          if (f.unit().equals(p.chartUnit())) {
            bars.add(new Chart.Bar(f.key(), f.median(), f.min(), f.max(), targetValue(f)));
          }
        }
        if (!bars.isEmpty()) {
          Chart.write(docs.resolve("img").resolve(p.id() + ".png"), p.title() + (quick ? " (SMOKE RUN)" : ""), p.chartUnit(), bars);
          s.append("\n![").append(p.title()).append("](img/").append(p.id()).append(".png)\n");
        }
        s.append('\n');
      }
      include(s, notes.resolve(p.id() + ".md"));
    }
    include(s, notes.resolve("postgres.md"));
    include(s, notes.resolve("engines.md"));
    return s.toString();
  }

  static String reliability(List<JsonNode> faults, Map<String, Figure> figures, JsonNode machine, boolean quick, String wall, Path notes,
      Path docs) throws IOException {
    StringBuilder s = new StringBuilder();
    s.append("# Reliability: fault runs and hostile input\n\n");
    s.append("<!-- Generated by bench/run (org.certhub.bench.report.Report) from bench/target/results/faults.jsonl and fuzz.jsonl.\n"
        + "     Do not edit: the explanations live in bench/report/reliability.md. -->\n\n");
    if (quick) {
      s.append("> **SMOKE RUN (`QUICK=1`): one run per fault and seconds of fuzzing, to prove the pipeline works. Not the\n"
          + "> repeated runs the acceptance asks for: run `bench/run` (or `bench/run-faults`) without `QUICK`.**\n\n");
    }
    s.append(machine(machine, wall));
    s.append("## Faults\n\nCommand: `bench/run-faults` (as run by `bench/run`); each fault's pass criterion is checked by code after every run.\n\n");
    if (faults.isEmpty()) {
      s.append("_No fault results in this report._\n\n");
    } else {
      s.append("| fault | pass criterion | runs | passed | result | time |\n|---|---|---:|---:|---|---:|\n");
      List<Chart.Bar> bars = new ArrayList<>();
      for (JsonNode f : faults) {
        String verdict = f.has("not_run") ? f.get("not_run").asString() : f.get("passed").asBoolean() ? "**passed**" : "**FAILED**";
        s.append("| ").append(f.get("fault").asString()).append(" | ").append(f.get("criterion").asString().replace("|", "\\|")).append(" | ")
            .append(f.get("runs").asInt()).append(" | ").append(f.get("passes").asInt()).append(" | ").append(verdict).append(" | ")
            .append(String.format(Locale.ROOT, "%.0f s", f.get("seconds").asDouble())).append(" |\n");
        bars.add(new Chart.Bar(f.get("fault").asString() + " (" + f.get("passes").asInt() + "/" + f.get("runs").asInt() + ")",
            f.get("passes").asInt(), f.get("passes").asInt(), f.get("passes").asInt(), f.get("runs").asInt()));
      }
      Chart.write(docs.resolve("img").resolve("faults.png"), "Fault runs: runs passed (red tick: runs made)" + (quick ? " (SMOKE RUN)" : ""),
          "runs", bars);
      s.append("\n![Fault runs](img/faults.png)\n\n");
      for (JsonNode f : faults) {
        s.append("### ").append(f.get("fault").asString()).append("\n\n");
        s.append("- How: ").append(f.get("how").asString()).append("\n");
        s.append("- Pass criterion: ").append(f.get("criterion").asString()).append("\n");
        for (JsonNode d : f.get("runs_detail")) {
          s.append("- ").append(d.asString()).append("\n");
        }
        for (JsonNode d : f.get("failures")) {
          s.append("- **failure**: ").append(d.asString()).append("\n");
        }
        s.append('\n');
      }
    }
    List<Figure> fuzz = figures.values().stream().filter(f -> f.part().equals("fuzz")).toList();
    s.append("## Hostile input: the long fuzz run\n\n");
    if (fuzz.isEmpty()) {
      s.append("_Not run in this report (no results from `bench/run-fuzz`)._\n\n");
    } else {
      s.append("Command: `bench/run-fuzz SECONDS` (as run by `bench/run`): every Jazzer target for the same time; a finding fails the run.\n\n");
      table(s, fuzz);
      s.append('\n');
    }
    include(s, notes.resolve("reliability.md"));
    return s.toString();
  }

  static void table(StringBuilder s, List<Figure> figs) {
    s.append("| figure | median | min–max | runs | target | result |\n|---|---:|---:|---:|---|---|\n");
    for (Figure f : figs) {
      s.append("| ").append(f.key()).append(" | ").append(value(f.median(), f.unit())).append(" | ")
          .append(f.byRun().size() > 1 ? value(f.min(), f.unit()) + " – " + value(f.max(), f.unit()) : "(one run)").append(" | ")
          .append(f.byRun().size()).append(" | ").append(target(f)).append(" | ").append(f.verdict()).append(" |\n");
    }
  }

  static String spread(Figure f) {
    return value(f.median(), f.unit()) + (f.byRun().size() > 1 ? " (" + number(f.min()) + "–" + number(f.max()) + ")" : "");
  }

  static String target(Figure f) {
    return f.target() == null ? "" : f.target().replace(">=", "≥").replace("<=", "≤") + (f.unit().equals("ratio") ? "" : " " + f.unit());
  }

  static double targetValue(Figure f) {
    return f.target() == null ? Double.NaN : Double.parseDouble(f.target().trim().split("\\s+")[1]);
  }

  static String value(double v, String unit) {
    if (List.of("findings", "exit code", "count", "bool", "runs").contains(unit) && v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%.0f %s", v, unit);
    }
    return number(v) + (unit.equals("ratio") ? "" : " " + unit);
  }

  /** Thousands separators from 100 up, two decimals below 100 (ratios, milliseconds). */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  static String machine(JsonNode m, String wall) {
    StringBuilder s = new StringBuilder("## Machine and run\n\n");
    if (m == null) {
      return s.append("_No machine.json in the results._\n\n").toString();
    }
    for (String k : List.of("date", "cpu", "cores", "memory", "jdk", "filesystem", "openssl", "kernel", "load_before", "repeats", "mode")) {
      if (m.has(k)) {
        s.append("- ").append(k.replace('_', ' ')).append(": ").append(m.get(k).asString()).append('\n');
      }
    }
    if (wall != null) {
      s.append("- whole `bench/run`: ").append(wall).append(" s wall time\n");
    }
    return s.append('\n').toString();
  }

  static void include(StringBuilder s, Path file) throws IOException {
    if (Files.exists(file)) {
      s.append(Files.readString(file, StandardCharsets.UTF_8).strip()).append("\n\n");
    }
  }
}

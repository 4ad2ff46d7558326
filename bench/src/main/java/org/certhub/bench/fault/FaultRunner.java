package org.certhub.bench.fault;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the fault scenarios of issue 9, each N times with its pass criterion checked by code, and writes one JSON file
 * per fault to {@code --out} (runs, passes, failures with detail, duration) and one line per fault to {@code
 * --results}/faults.jsonl for the report. Exit code 1 if any fault failed a run.
 *
 * <p>Usage: {@code FaultRunner --repo . --jar hub/target/certhub.jar [--only kill9,diskfull,engines,clock] [--runs N]
 * [--out bench/target/faults] [--results bench/target/results]}. Without {@code --runs} each fault runs its default
 * count ({@link #DEFAULT_RUNS}), chosen so that all four finish in about 8 minutes on the 2-core development machine.
 */
public final class FaultRunner {
  static final JsonMapper JSON = JsonMapper.builder().build();
  /**
   * Aimed at 8 minutes in all on the 2-core machine when nothing else runs. Measured under load average 12–15: kill9 about
   * 50 s a run (a hub start is most of it), diskfull one hub start (60 s) and 10 s a cycle, engines 170 s a run (a Maven
   * verify), clock 2 s; at that load the defaults take about 11 minutes.
   */
  static final Map<String, Integer> DEFAULT_RUNS = Map.of("kill9", 4, "diskfull", 3, "engines", 2, "clock", 10);

  private FaultRunner() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        System.err.println("FaultRunner: expected --name value pairs, got " + args[i]);
        System.exit(2);
      }
      o.put(args[i].substring(2), args[i + 1]);
    }
    Path repo = Path.of(o.getOrDefault("repo", ".")).toAbsolutePath().normalize();
    Path jar = repo.resolve(o.getOrDefault("jar", "hub/target/certhub.jar"));
    Path out = repo.resolve(o.getOrDefault("out", "bench/target/faults"));
    Path results = repo.resolve(o.getOrDefault("results", "bench/target/results"));
    List<String> only = List.of(o.getOrDefault("only", "kill9,diskfull,engines,clock").split(","));
    Files.createDirectories(out);
    Files.createDirectories(results);
    Files.deleteIfExists(results.resolve("faults.jsonl"));

    List<FaultResult> all = new ArrayList<>();
    for (String fault : only) {
      int runs = Integer.parseInt(o.getOrDefault("runs", String.valueOf(DEFAULT_RUNS.getOrDefault(fault, 1))));
      Path work = Files.createDirectories(out.resolve(fault + "-work"));
      System.out.println("== fault " + fault + ", " + runs + " run(s)");
      long t0 = System.nanoTime();
      List<FaultResult> rs = new ArrayList<>();
      try {
        switch (fault) {
          case "kill9" -> rs.add(KillUnderLoad.run(jar, work, runs, 8));
          case "diskfull" -> rs.add(DiskFull.run(jar, work, runs));
          case "engines" -> rs.addAll(List.of(EngineITs.run(repo, work, runs)));
          case "clock" -> rs.add(ClockJump.run(work, runs));
          default -> throw new IllegalArgumentException("unknown fault " + fault + "; known: kill9, diskfull, engines, clock");
        }
      } catch (IllegalArgumentException e) {
        throw e;
      } catch (Exception e) {
        FaultResult broken = new FaultResult(fault, "(the runner itself failed)", "");
        broken.fail("the fault run threw " + e);
        e.printStackTrace();
        rs.add(broken);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      for (FaultResult r : rs) {
        if (r.seconds == 0) {
          r.seconds = seconds / rs.size();
        }
        Files.writeString(out.resolve(r.fault + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r.json()) + "\n");
        var line = r.json();
        line.put("part", "faults");
        Files.writeString(results.resolve("faults.jsonl"), JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        all.add(r);
      }
    }
    System.out.println();
    System.out.println("== faults summary");
    boolean ok = true;
    for (FaultResult r : all) {
      String verdict = r.notRun != null ? r.notRun : r.passed() ? "PASS" : "FAIL";
      System.out.printf("- %s: %s, %d/%d runs passed, %.0f s%n  criterion: %s%n", r.fault, verdict, r.passes, r.runs, r.seconds, r.criterion);
      r.failures.forEach(f -> System.out.println("  failure: " + f));
      ok &= r.passed() || r.notRun != null;
    }
    System.exit(ok ? 0 : 1);
  }
}

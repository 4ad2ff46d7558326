package org.certhub.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  @TempDir Path dir;

  @Test
  void jmhForksBecomeRuns_medianSpreadAndRatiosAreTakenRunByRun() throws Exception {
    Path jmh = dir.resolve("jmh.json");
    Files.writeString(jmh, """
        [{"benchmark":"org.certhub.bench.load.X.stamp","params":{"timestamped":"false"},
          "primaryMetric":{"scoreUnit":"ops/s","rawData":[[100,300],[400,400],[50,150]]}},
         {"benchmark":"org.certhub.bench.load.X.bareSm2Sign","params":{"timestamped":"false"},
          "primaryMetric":{"scoreUnit":"ops/s","rawData":[[400],[800]]}}]
        """);
    Path results = Files.createDirectories(dir.resolve("results"));
    Results.jmh("seal", jmh, results.resolve("seal.jsonl"));

    Map<String, Report.Figure> figures = Report.read(results);
    Report.Figure stamp = figures.get("seal|stamp timestamped=false");
    assertThat(stamp.byRun()).as("one value per fork: the mean of its iterations").containsExactly(
        Map.entry(1, 200.0), Map.entry(2, 400.0), Map.entry(3, 100.0));
    assertThat(stamp.median()).isEqualTo(200.0);
    assertThat(stamp.min()).isEqualTo(100.0);
    assertThat(stamp.max()).isEqualTo(400.0);
    assertThat(figures.get("seal|bareSm2Sign timestamped=false").median()).as("even count: mean of the middle two").isEqualTo(600.0);

    Report.Figure ratio = Report.ratios(figures, "seal").get(0);
    assertThat(ratio.key()).isEqualTo("stamp without timestamp / bare SM2 sign");
    assertThat(ratio.byRun()).as("only runs both figures have, each run with its own partner").containsExactly(
        Map.entry(1, 0.5), Map.entry(2, 0.5));
  }

  @Test
  void verdict_judgesTheMedianAgainstTheTarget() {
    Report.Figure fast = new Report.Figure("load", "p99", "ms", new java.util.TreeMap<>(Map.of(1, 10.0, 2, 70.0, 3, 20.0)), "< 50");
    Report.Figure slow = new Report.Figure("load", "p99", "ms", new java.util.TreeMap<>(Map.of(1, 60.0, 2, 10.0, 3, 55.0)), "< 50");
    Report.Figure none = new Report.Figure("load", "p50", "ms", new java.util.TreeMap<>(Map.of(1, 1.0)), null);
    assertThat(fast.verdict()).isEqualTo("met");
    assertThat(slow.verdict()).isEqualTo("**not met**");
    assertThat(none.verdict()).isEmpty();
  }

  @Test
  void writesBothReports_withCharts_notes_andTheSmokeRunWarning() throws Exception {
    Path results = Files.createDirectories(dir.resolve("results"));
    Results.emit(results.resolve("load.jsonl"), "load", "pull-c16 2xx/s", "2xx/s", 1000, 1, null);
    Results.emit(results.resolve("load.jsonl"), "load", "whoami-c16 2xx/s", "2xx/s", 4000, 1, null);
    Files.writeString(results.resolve("faults.jsonl"), """
        {"part":"faults","fault":"clock-jumps-back","criterion":"times never go back","how":"in-process","runs":2,"passes":1,\
        "passed":false,"seconds":3.0,"failures":["run 2: the size went back"],"runs_detail":["run 1: pass: ok","run 2: FAIL: the size went back"]}
        """);
    Path notes = Files.createDirectories(dir.resolve("notes"));
    Files.writeString(notes.resolve("load.md"), "Why pulls cost what they cost.\n");
    Path docs = dir.resolve("docs");

    Report.main(new String[] {"--results", results.toString(), "--docs", docs.toString(), "--notes", notes.toString(), "--quick", "true"});

    String bench = Files.readString(docs.resolve("benchmarks.md"));
    assertThat(bench).contains("SMOKE RUN").contains("Why pulls cost what they cost.").contains("![Pulls over mTLS (load generator)](img/load.png)")
        .contains("| audited pull / whoami ceiling, closed loop 16 connections | 0.25 |").contains("**not met**")
        .contains("_Not run in this report (no results from `bench/run-signer`)._");
    assertThat(ImageIO.read(docs.resolve("img/load.png").toFile()).getWidth()).isPositive();
    String rel = Files.readString(docs.resolve("reliability.md"));
    assertThat(rel).contains("| clock-jumps-back | times never go back | 2 | 1 | **FAILED** |").contains("**failure**: run 2: the size went back");
    assertThat(ImageIO.read(docs.resolve("img/faults.png").toFile()).getHeight()).isPositive();
  }
}

package org.certhub.bench.fault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redis and Kafka stopped and restarted, by running the existing tests that already do it against real servers, N times
 * through Maven (surefire and failsafe), and reading their reports:
 *
 * <ul>
 *   <li>Redis: {@code RedisIT} (the hub with {@code certhub.redis.url}; redis-server stopped mid-test: pulls and checks go
 *       on, department QR verification fails closed with 503 {@code replay_guard_unavailable}, all recovers without a hub
 *       restart) and {@code RedisAdapterTest#redisDown_*} (limiter falls back, guard unavailable, recovery);
 *   <li>Kafka: {@code KafkaIT} (the hub with {@code certhub.kafka.bootstrap-servers}; the KRaft broker stopped: health
 *       DEGRADED, a revoke made meanwhile arrives after the restart, each event applied once) and {@code
 *       OutboxRelayTest#brokerStoppedMidRun*} (30 events across a broker stop and restart plus 5 forced re-sends: the
 *       consumer gets every id exactly once).
 * </ul>
 */
final class EngineITs {
  static final String REDIS_CRITERION = "Redis stopped mid-run and restarted: pulls and checks go on (200), replay-guarded QR verification"
      + " fails closed with 503 problem+json replay_guard_unavailable, health DEGRADED not DOWN, everything recovers without a hub restart"
      + " (RedisIT, RedisAdapterTest#redisDown_*: every test passes)";
  static final String KAFKA_CRITERION = "Kafka broker stopped and restarted: no event lost, none applied twice (every outbox event id"
      + " reaches the consumer exactly once, including 5 forced re-sends), the hub stays up (health DEGRADED) and recovers by itself"
      + " (KafkaIT, OutboxRelayTest#brokerStoppedMidRun*: every test passes)";

  private record Report(String module, String dir, String testClass) {}

  private static final List<Report> REDIS = List.of(
      new Report("hub", "failsafe-reports", "org.certhub.hub.RedisIT"),
      new Report("adapters/redis", "surefire-reports", "org.certhub.adapters.redis.RedisAdapterTest"));
  private static final List<Report> KAFKA = List.of(
      new Report("hub", "failsafe-reports", "org.certhub.hub.KafkaIT"),
      new Report("adapters/kafka", "surefire-reports", "org.certhub.adapters.kafka.OutboxRelayTest"));

  private EngineITs() {}

  static FaultResult[] run(Path repo, Path work, int runs) throws Exception {
    String how = "the existing tests against real servers, run %d times by `./mvnw -o -pl hub -am verify` with only them selected; a run"
        + " passes when every selected test of that engine passed (none skipped)";
    FaultResult redis = new FaultResult("redis-stop-restart", REDIS_CRITERION, String.format(how, runs));
    FaultResult kafka = new FaultResult("kafka-stop-restart", KAFKA_CRITERION, String.format(how, runs));
    long t0 = System.nanoTime();
    for (int run = 1; run <= runs; run++) {
      for (Report r : concat(REDIS, KAFKA)) {
        Files.deleteIfExists(report(repo, r));
      }
      Path log = work.resolve("engines-maven-" + run + ".log");
      List<String> cmd = List.of("./mvnw", "-B", "-o", "-pl", "hub", "-am", "-Dcerthub.fuzz.skip=true", "-Dcerthub.test.postgres.skip=true",
          "-Dtest=RedisAdapterTest#redisDown_*,OutboxRelayTest#brokerStoppedMidRun*", "-Dit.test=RedisIT,KafkaIT",
          "-Dsurefire.failIfNoSpecifiedTests=false", "-Dfailsafe.failIfNoSpecifiedTests=false", "verify");
      Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(20, TimeUnit.MINUTES)) {
        p.destroyForcibly();
      }
      int rc = p.exitValue();
      judge(redis, repo, REDIS, rc, log);
      judge(kafka, repo, KAFKA, rc, log);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    redis.seconds = seconds / 2;
    kafka.seconds = seconds / 2;
    return new FaultResult[] {redis, kafka};
  }

  private static List<Report> concat(List<Report> a, List<Report> b) {
    List<Report> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static Path report(Path repo, Report r) {
    return repo.resolve(r.module()).resolve("target").resolve(r.dir()).resolve("TEST-" + r.testClass() + ".xml");
  }

  private static final Pattern SUITE = Pattern.compile("<testsuite [^>]*>");

  private static void judge(FaultResult result, Path repo, List<Report> reports, int mavenExit, Path log) throws Exception {
    List<String> parts = new ArrayList<>();
    String problem = null;
    for (Report r : reports) {
      Path xml = report(repo, r);
      String simple = r.testClass().substring(r.testClass().lastIndexOf('.') + 1);
      if (!Files.exists(xml)) {
        problem = simple + " did not run (no report; Maven exit " + mavenExit + ", see " + log + ")";
        break;
      }
      Matcher m = SUITE.matcher(Files.readString(xml));
      if (!m.find()) {
        problem = simple + ": unreadable report " + xml;
        break;
      }
      String suite = m.group();
      int tests = attr(suite, "tests");
      int failures = attr(suite, "failures") + attr(suite, "errors");
      int skipped = attr(suite, "skipped");
      parts.add(simple + " " + (tests - failures - skipped) + "/" + tests + " passed");
      if (tests == 0 || failures > 0 || skipped > 0) {
        problem = simple + ": " + tests + " tests, " + failures + " failed, " + skipped + " skipped (see " + xml + ")";
        break;
      }
    }
    if (problem == null) {
      result.pass(String.join(", ", parts));
    } else {
      result.fail(problem);
    }
  }

  private static int attr(String element, String name) {
    Matcher m = Pattern.compile(" " + name + "=\"([0-9]+)\"").matcher(element);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }
}

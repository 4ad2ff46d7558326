package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auditor's page in a real headless Chromium (Debian's, driven by playwright-core over CDP), over real
 * mTLS with the demo auditor's certificate: search, CSV link, an inclusion proof checked in the browser,
 * ledger consistency since the last visit, alerts, and the English switch; a phone-sized screenshot lands
 * in {@code hub/target/audit-page.png}.
 */
class AuditPageIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final String PLAYWRIGHT = "playwright-core@1.57.0";

  @TempDir static Path data;
  static TestHub hub;

  @BeforeAll
  static void start() {
    hub = TestHub.start(data, Map.of("certhub.ledger.checkpoint-interval", "200ms"));
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void auditorPage_searchesVerifiesProofsAndConsistencyInTheBrowser() throws Exception {
    assertThat(Files.isExecutable(CHROMIUM)).as("Debian's chromium is needed (apt-get install chromium; CI's .ci/run does)").isTrue();
    Path js = Path.of("target", "js").toAbsolutePath();
    if (!Files.isDirectory(js.resolve("node_modules/playwright-core"))) {
      Files.createDirectories(js);
      TestRun npm = run(js, Map.of(), "npm", "install", "--no-audit", "--no-fund", "--prefix", js.toString(), PLAYWRIGHT);
      assertThat(npm.code()).as("npm install " + PLAYWRIGHT + ": " + npm.output()).isZero();
    }
    Path shot = Path.of("target", "audit-page.png").toAbsolutePath();
    TestRun r =
        run(
            Path.of(".").toAbsolutePath(),
            Map.of("NODE_PATH", js.resolve("node_modules").toString()),
            "node",
            Path.of("src/test/js/audit-page.cjs").toAbsolutePath().toString(),
            hub.base,
            hub.demo("auditor.pem").toString(),
            hub.demo("auditor.key").toString(),
            "91330106MA2B3C4D5D",
            shot.toString());
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).contains("\"ok\":true").contains("inclusion proof verified in the browser").contains("consistency since the last visit");
    assertThat(Files.size(shot)).isGreaterThan(1000);
  }

  record TestRun(int code, String output) {}

  static TestRun run(Path dir, Map<String, String> env, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finishes", cmd[0]).isTrue();
    return new TestRun(p.exitValue(), out);
  }
}

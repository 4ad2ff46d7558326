package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a page test script in Debian's headless Chromium, driven by playwright-core (installed from the npm
 * registry into {@code target/js} on first use; no browser download). The script prints one JSON line with
 * {@code "ok"} and the checks it made.
 */
final class BrowserScript {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final String PLAYWRIGHT = "playwright-core@1.57.0";

  private BrowserScript() {}

  record Run(int code, String output) {}

  /** Runs {@code src/test/js/<script>} with {@code args}. */
  static Run run(String script, String... args) throws Exception {
    assertThat(Files.isExecutable(CHROMIUM)).as("Debian's chromium is needed (apt-get install chromium; CI's .ci/run does)").isTrue();
    Path js = Path.of("target", "js").toAbsolutePath();
    if (!Files.isDirectory(js.resolve("node_modules/playwright-core"))) {
      Files.createDirectories(js);
      Run npm = exec(js, Map.of(), List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", js.toString(), PLAYWRIGHT));
      assertThat(npm.code()).as("npm install " + PLAYWRIGHT + ": " + npm.output()).isZero();
    }
    List<String> cmd = new ArrayList<>(List.of("node", Path.of("src/test/js", script).toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    return exec(Path.of(".").toAbsolutePath(), Map.of("NODE_PATH", js.resolve("node_modules").toString()), cmd);
  }

  private static Run exec(Path dir, Map<String, String> env, List<String> cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finishes", cmd.get(0)).isTrue();
    return new Run(p.exitValue(), out);
  }
}

package org.certhub.signer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real OpenSSL 3 command line in tests. */
public final class OpenSsl {

  public static final String BINARY = "/usr/bin/openssl";

  public record Result(int exitCode, String output) {}

  private OpenSsl() {}

  public static boolean available() {
    return java.nio.file.Files.isExecutable(Path.of(BINARY));
  }

  public static Result run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(BINARY);
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("openssl timed out: " + cmd);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.exitValue(), out);
  }

  /** Runs and requires exit code 0. */
  public static String ok(Path dir, String... args) throws IOException, InterruptedException {
    Result r = run(dir, args);
    if (r.exitCode() != 0) {
      throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + r.output());
    }
    return r.output();
  }
}

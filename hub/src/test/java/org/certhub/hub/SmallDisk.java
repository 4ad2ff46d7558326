package org.certhub.hub;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small tmpfs mounted for a test, so "disk full" is a real ENOSPC (needs root, as CI runs). The ledger's tests
 * have the same helper ({@code TmpfsMount}); sharing it through a test jar would break the launcher's
 * {@code -Dmaven.test.skip=true} build, which then cannot resolve the test jar.
 */
final class SmallDisk {
  private SmallDisk() {}

  static Path mount(Path at, String size) throws Exception {
    assumeThat(System.getProperty("user.name")).as("mounting a tmpfs for a real disk-full test needs root").isEqualTo("root");
    Files.createDirectories(at);
    run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString());
    return at;
  }

  static void unmount(Path at) throws Exception {
    if (at != null) {
      run("umount", "-l", at.toString());
    }
  }

  /** Writes {@code filler} until the file system refuses with ENOSPC. */
  static Path fill(Path filler) throws IOException {
    byte[] chunk = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(chunk);
        out.flush();
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
    return filler;
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }
}

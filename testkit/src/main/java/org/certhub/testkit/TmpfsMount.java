package org.certhub.testkit;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small tmpfs mounted for a test, so "disk full" is a real ENOSPC from a real file system. Needs root (CI and
 * the project's machines run tests as root); elsewhere the test is reported as not run, with why.
 */
public final class TmpfsMount {
  private TmpfsMount() {}

  /** Mounts a tmpfs of {@code size} (e.g. {@code 512k}) at {@code at}. */
  public static Path mount(Path at, String size) throws Exception {
    assumeThat(System.getProperty("user.name")).as("mounting a tmpfs for a real disk-full test needs root").isEqualTo("root");
    Files.createDirectories(at);
    run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString());
    return at;
  }

  /** Unmounts it (lazily, so open files do not block). */
  public static void unmount(Path at) throws Exception {
    if (at != null) {
      run("umount", "-l", at.toString());
    }
  }

  /** Writes {@code filler} until the file system refuses with ENOSPC; delete it to free the space again. */
  public static Path fill(Path filler) throws IOException {
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

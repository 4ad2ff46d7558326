package org.certhub.hub;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** A small tmpfs mounted for a test, so "disk full" is a real ENOSPC from a real file system (needs root, as CI runs). */
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

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }
}

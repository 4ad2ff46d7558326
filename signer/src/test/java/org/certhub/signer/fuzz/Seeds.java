package org.certhub.signer.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes seed inputs for a fuzz target into its Jazzer inputs directory under {@code src/test/resources}
 * ({@code <package>/<Class>Inputs/<method>/}). The fuzz tests' {@code main} methods call it once, by hand; the
 * files are committed, and plain {@code mvn test} replays them (docs/fuzzing.md).
 */
public final class Seeds {
  private final Path dir;

  private Seeds(Path dir) {
    this.dir = dir;
  }

  /** The inputs directory of {@code test}'s fuzz method {@code method}, relative to the module. */
  public static Seeds of(Class<?> test, String method) {
    Path dir = Path.of("src/test/resources", test.getPackageName().replace('.', '/'), test.getSimpleName() + "Inputs", method);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Seeds(dir);
  }

  /** Writes one seed. */
  public Seeds put(String name, byte[] data) {
    try {
      Files.write(dir.resolve(name), data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Writes one text seed as UTF-8. */
  public Seeds put(String name, String text) {
    return put(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a valid input and the usual malformed variants of it: truncated, one byte flipped, doubled. */
  public Seeds putWithVariants(String name, byte[] valid) {
    put(name, valid);
    put(name + "-truncated", Arrays.copyOf(valid, valid.length / 2));
    byte[] flipped = valid.clone();
    flipped[valid.length / 3] ^= 0x5a;
    put(name + "-flipped", flipped);
    byte[] doubled = Arrays.copyOf(valid, valid.length * 2);
    System.arraycopy(valid, 0, doubled, valid.length, valid.length);
    return put(name + "-doubled", doubled);
  }

  /** Hostile DER shapes: a length far beyond the input, deep nesting, an indefinite length. */
  public Seeds putHostileDer() {
    put("der-huge-length", new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x02, 0x01, 0x04});
    byte[] deep = new byte[400];
    for (int i = 0; i < deep.length; i += 2) {
      deep[i] = 0x30;
      deep[i + 1] = (byte) Math.min(0x7f, deep.length - i - 2);
    }
    put("der-deep-nesting", deep);
    return put("der-indefinite", new byte[] {0x30, (byte) 0x80, 0x02, 0x01, 0x04, 0x00, 0x00});
  }
}

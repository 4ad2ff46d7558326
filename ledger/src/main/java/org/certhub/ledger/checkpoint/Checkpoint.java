package org.certhub.ledger.checkpoint;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An <em>unverified</em> C2SP checkpoint body (c2sp.org/tlog-checkpoint): the log origin, the tree
 * size and the RFC 9162 root hash at that size.
 *
 * <p>Text form, three lines each ending in {@code '\n'}:
 *
 * <pre>
 * &lt;origin&gt;
 * &lt;decimal size, no leading zeros&gt;
 * &lt;base64 (RFC 4648 §4, padded) of the 32-byte root hash&gt;
 * </pre>
 *
 * <p><b>Extension lines are rejected.</b> The specification allows further lines but marks them
 * NOT RECOMMENDED because monitors cannot audit them. This ledger never writes any, and accepting
 * lines that would then be dropped from the value would let two different signed texts map to
 * the same checkpoint.
 *
 * <p>A {@code Checkpoint} says nothing about who vouches for it; use {@link CheckpointVerifier}.
 *
 * @param origin the log origin (first line); non-empty, no control characters
 * @param size the tree size, {@code >= 0}
 * @param rootHash the 32-byte root hash; copied in and out
 */
public record Checkpoint(String origin, long size, byte[] rootHash) {

  /** The only root hash length accepted: SHA-256 (and SM3) digests. */
  public static final int ROOT_HASH_LENGTH = 32;

  /**
   * Validates and copies the components.
   *
   * @throws IllegalArgumentException if the origin is empty or contains control characters, the
   *     size is negative, or the root hash is not 32 bytes
   */
  public Checkpoint {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(rootHash, "rootHash");
    if (origin.isEmpty() || Notes.firstControl(origin) >= 0 || origin.indexOf('\n') >= 0) {
      throw new IllegalArgumentException(
          "origin must be non-empty without control characters, but was: " + Notes.quote(origin));
    }
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, but was: " + size);
    }
    if (rootHash.length != ROOT_HASH_LENGTH) {
      throw new IllegalArgumentException(
          "rootHash length must be " + ROOT_HASH_LENGTH + " bytes, but was: " + rootHash.length);
    }
    rootHash = rootHash.clone();
  }

  /**
   * Returns a copy of the root hash.
   *
   * @return the 32-byte root hash
   */
  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /**
   * Returns the checkpoint text, the note text that gets signed: {@code
   * "origin\nsize\nbase64(root)\n"}.
   *
   * @return the three-line body
   */
  public String body() {
    return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
  }

  /**
   * Parses a checkpoint body strictly. Every rule has its own message naming the line.
   *
   * @param body the note text (without signatures), ending in a newline
   * @return the unverified checkpoint
   * @throws CheckpointFormatException if the text breaks a rule: not ending in a newline, control
   *     characters, other than three lines, an empty origin, a size that is not a canonical
   *     decimal {@code long}, or a root that is not padded base64 of 32 bytes
   */
  public static Checkpoint parse(String body) throws CheckpointFormatException {
    Objects.requireNonNull(body, "body");
    if (!body.endsWith("\n")) {
      throw new CheckpointFormatException(
          "checkpoint must end with a newline, but was: " + Notes.quote(tail(body)));
    }
    int control = Notes.firstControl(body);
    if (control >= 0) {
      throw new CheckpointFormatException(
          String.format(
              "checkpoint must not contain control characters other than newline, but was: U+%04X"
                  + " at index %d",
              (int) body.charAt(control),
              control));
    }
    String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new CheckpointFormatException(
          "checkpoint must have 3 lines (origin, size, root hash), but was: " + lines.length
              + " lines");
    }
    if (lines.length > 3) {
      throw new CheckpointFormatException(
          "checkpoint line 4 must be absent (extension lines are not accepted), but was: "
              + Notes.quote(lines[3]));
    }
    String origin = lines[0];
    if (origin.isEmpty()) {
      throw new CheckpointFormatException(
          "checkpoint line 1 (origin) must be non-empty, but was: \"\"");
    }
    long size = parseSize(lines[1]);
    byte[] root = parseRoot(lines[2]);
    return new Checkpoint(origin, size, root);
  }

  private static long parseSize(String s) throws CheckpointFormatException {
    boolean digits = !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!digits) {
      throw new CheckpointFormatException(
          "checkpoint line 2 (size) must be a decimal number, but was: " + Notes.quote(s));
    }
    if (s.length() > 1 && s.charAt(0) == '0') {
      throw new CheckpointFormatException(
          "checkpoint line 2 (size) must have no leading zeros, but was: " + Notes.quote(s));
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new CheckpointFormatException(
          "checkpoint line 2 (size) must be at most " + Long.MAX_VALUE + ", but was: "
              + Notes.quote(s));
    }
  }

  private static byte[] parseRoot(String s) throws CheckpointFormatException {
    byte[] root;
    try {
      root = Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new CheckpointFormatException(
          "checkpoint line 3 (root hash) must be base64, but was: " + Notes.quote(s));
    }
    if (root.length != ROOT_HASH_LENGTH) {
      throw new CheckpointFormatException(
          "checkpoint line 3 (root hash) must be " + ROOT_HASH_LENGTH + " bytes, but was: "
              + root.length + " bytes");
    }
    if (!Base64.getEncoder().encodeToString(root).equals(s)) {
      throw new CheckpointFormatException(
          "checkpoint line 3 (root hash) must be canonical padded base64, but was: "
              + Notes.quote(s));
    }
    return root;
  }

  private static String tail(String s) {
    return s.length() <= 16 ? s : s.substring(s.length() - 16);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c
        && origin.equals(c.origin)
        && size == c.size
        && Arrays.equals(rootHash, c.rootHash);
  }

  @Override
  public int hashCode() {
    return Objects.hash(origin, size, Arrays.hashCode(rootHash));
  }

  @Override
  public String toString() {
    return "Checkpoint[origin="
        + origin
        + ", size="
        + size
        + ", rootHash="
        + HexFormat.of().formatHex(rootHash)
        + "]";
  }
}

package org.certhub.ledger.verify;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The outcome of a successful {@link LogVerifier#verify}.
 *
 * @param size the number of journal entries
 * @param root the RFC 9162 root recomputed over all entries; copied in and out
 * @param checkpoints the number of stored checkpoints, all verified
 */
public record VerifyResult(long size, byte[] root, int checkpoints) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public VerifyResult {
    Objects.requireNonNull(root, "root");
    if (size < 0 || checkpoints < 0) {
      throw new IllegalArgumentException(
          "size and checkpoints must be >= 0, but was: " + size + ", " + checkpoints);
    }
    root = root.clone();
  }

  /**
   * Returns a copy of the root.
   *
   * @return the root hash
   */
  @Override
  public byte[] root() {
    return root.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifyResult r
        && size == r.size
        && checkpoints == r.checkpoints
        && Arrays.equals(root, r.root);
  }

  @Override
  public int hashCode() {
    return Objects.hash(size, checkpoints, Arrays.hashCode(root));
  }

  @Override
  public String toString() {
    return "VerifyResult[size=" + size + ", root=" + HexFormat.of().formatHex(root)
        + ", checkpoints=" + checkpoints + "]";
  }
}

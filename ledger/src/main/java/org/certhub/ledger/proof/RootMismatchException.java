package org.certhub.ledger.proof;

import java.util.HexFormat;
import org.certhub.ledger.LedgerVerificationException;

/**
 * A proof was well formed but led to a root different from the expected one. Carries both values.
 */
public final class RootMismatchException extends LedgerVerificationException {

  private static final long serialVersionUID = 1L;

  private final byte[] expected;
  private final byte[] calculated;

  RootMismatchException(String what, byte[] expected, byte[] calculated) {
    super(
        what
            + " must be "
            + HexFormat.of().formatHex(expected)
            + ", but was: "
            + HexFormat.of().formatHex(calculated));
    this.expected = expected.clone();
    this.calculated = calculated.clone();
  }

  /**
   * Returns the root the caller expected (from a checkpoint).
   *
   * @return a copy of the expected root
   */
  public byte[] expected() {
    return expected.clone();
  }

  /**
   * Returns the root calculated from the proof.
   *
   * @return a copy of the calculated root
   */
  public byte[] calculated() {
    return calculated.clone();
  }
}

package org.certhub.ledger;

/**
 * Well-formed data that is wrong: a bad signature, a root mismatch, an inconsistent or invalid
 * proof, a fork. Messages follow {@code "<what> must be <expected>, but was: <actual>"} and name
 * where the problem is (for example {@code "checkpoint line 1"} or {@code "journal record 17"}).
 */
public class LedgerVerificationException extends LedgerException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, where, expected and actual
   */
  public LedgerVerificationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what failed, where, expected and actual
   * @param cause the underlying failure
   */
  public LedgerVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}

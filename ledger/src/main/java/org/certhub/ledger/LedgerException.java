package org.certhub.ledger;

/**
 * Base of all checked exceptions of the ledger module: an expected failure caused by untrusted
 * input, stored data or the environment (never a programmer error).
 */
public class LedgerException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a precise message.
   *
   * @param message what failed, where, what was expected and what was found
   */
  public LedgerException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a precise message and its cause.
   *
   * @param message what failed, where, what was expected and what was found
   * @param cause the underlying failure
   */
  public LedgerException(String message, Throwable cause) {
    super(message, cause);
  }
}

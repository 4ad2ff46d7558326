package org.certhub.ledger;

/**
 * The ledger cannot continue because its storage or its signing key failed, raised from a method
 * whose contract (fixed for its callers) declares no checked exception, such as
 * {@link Ledger#latestCheckpoint()} or {@link org.certhub.ledger.journal.Journal#read(long)}.
 *
 * <p>This is not a programmer error: callers at the edge should fail closed (for example answer
 * HTTP 503) and alert an operator. The cause is the underlying {@link java.io.IOException} or
 * {@link java.security.GeneralSecurityException}.
 */
public class LedgerFailureException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be done
   * @param cause the underlying I/O or signing failure
   */
  public LedgerFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}

package org.certhub.signer;

/**
 * Base of every checked exception thrown by the signer library.
 *
 * <p>Checked exceptions report expected failures of untrusted input: a malformed structure (a
 * {@code XxxFormatException}), a well-formed structure that does not verify (a {@code
 * XxxVerificationException}) or an algorithm outside the closed registry. Programmer errors (null
 * arguments, contradictory configuration) are reported as {@link NullPointerException} or {@link
 * IllegalArgumentException} instead.
 *
 * <p>Messages follow the template {@code "<path> must be <expected>, but was: <actual>"}, naming the
 * structure path of the offending value.
 */
public class SignerException extends Exception {

  /**
   * Creates an exception with a message.
   *
   * @param message what, where, expected and actual
   */
  public SignerException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the underlying cause.
   *
   * @param message what, where, expected and actual
   * @param cause the underlying failure
   */
  public SignerException(String message, Throwable cause) {
    super(message, cause);
  }
}

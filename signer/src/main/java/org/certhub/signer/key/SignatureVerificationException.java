package org.certhub.signer.key;

import org.certhub.signer.SignerException;

/** Thrown when a well-formed or malformed signature does not verify against a key and data. */
public class SignatureVerificationException extends SignerException {

  /**
   * Creates the exception.
   *
   * @param message what, where, expected and actual
   */
  public SignatureVerificationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what, where, expected and actual
   * @param cause the underlying failure
   */
  public SignatureVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}

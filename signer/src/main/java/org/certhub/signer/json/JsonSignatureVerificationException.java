package org.certhub.signer.json;

import org.certhub.signer.SignerException;

/** Thrown when a well-formed detached JSON signature does not verify against a certificate. */
public class JsonSignatureVerificationException extends SignerException {

  /**
   * Creates the exception.
   *
   * @param message what, where, expected and actual
   */
  public JsonSignatureVerificationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what, where, expected and actual
   * @param cause the underlying failure
   */
  public JsonSignatureVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}

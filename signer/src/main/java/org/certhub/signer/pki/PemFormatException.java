package org.certhub.signer.pki;

import org.certhub.signer.SignerException;

/** Thrown when PEM text (RFC 7468) is malformed or holds an unexpected kind of object. */
public class PemFormatException extends SignerException {

  /**
   * Creates the exception.
   *
   * @param message what, where, expected and actual
   */
  public PemFormatException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what, where, expected and actual
   * @param cause the underlying failure
   */
  public PemFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}

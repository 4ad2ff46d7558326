package org.certhub.signer.licence;

import org.certhub.signer.SignerException;

/** Thrown when licence data (identifier, JSON, signed envelope) is malformed. */
public class LicenceFormatException extends SignerException {

  /**
   * Creates the exception.
   *
   * @param message what, where, expected and actual
   */
  public LicenceFormatException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what, where, expected and actual
   * @param cause the underlying failure
   */
  public LicenceFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}

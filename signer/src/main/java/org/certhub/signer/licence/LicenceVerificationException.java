package org.certhub.signer.licence;

import org.certhub.signer.SignerException;

/** Thrown when a well-formed signed licence is not valid: bad signature, algorithm mismatch, untrusted or unfit certificate chain, or a signer that is not the licence's issuer. */
public class LicenceVerificationException extends SignerException {

  /**
   * Creates the exception.
   *
   * @param message what, where, expected and actual
   */
  public LicenceVerificationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what, where, expected and actual
   * @param cause the underlying failure
   */
  public LicenceVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}

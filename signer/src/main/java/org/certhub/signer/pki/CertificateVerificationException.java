package org.certhub.signer.pki;

import org.certhub.signer.SignerException;

/**
 * Thrown when a certificate chain is well formed but not valid: a broken signature link, no trust
 * anchor, outside its validity period, a non-CA issuer, or a leaf that does not fit the expected
 * profile. The message names the certificate as {@code certificate chain[i]}.
 */
public class CertificateVerificationException extends SignerException {

  /**
   * Creates the exception.
   *
   * @param message what, where, expected and actual
   */
  public CertificateVerificationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what, where, expected and actual
   * @param cause the underlying failure
   */
  public CertificateVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}

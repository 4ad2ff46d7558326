package org.certhub.signer.pki;

import org.certhub.signer.SignerException;

/**
 * Thrown when a CRL (RFC 5280 §5) cannot be relied on: it is not signed by the issuer it names, its
 * issuer may not sign CRLs, or it carries a critical extension or entry this library does not
 * process (a delta CRL, an indirect CRL). The message names the CRL as {@code crl[i]}.
 */
public class CrlVerificationException extends SignerException {

  /**
   * Creates the exception.
   *
   * @param message what, where, expected and actual
   */
  public CrlVerificationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what, where, expected and actual
   * @param cause the underlying failure
   */
  public CrlVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}

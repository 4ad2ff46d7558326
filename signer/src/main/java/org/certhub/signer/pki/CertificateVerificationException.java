package org.certhub.signer.pki;

import java.util.Objects;
import org.certhub.signer.SignerException;

/**
 * Thrown when a certificate chain is well formed but not valid: a broken signature link, no trust
 * anchor, outside its validity period, revoked, a non-CA issuer, or a leaf that does not fit the
 * expected profile. The message names the certificate as {@code certificate chain[i]}; {@link
 * #reason()} classifies the failure for callers that map it to a stable code.
 */
public class CertificateVerificationException extends SignerException {

  /** Why a chain was rejected. */
  public enum Reason {
    /** A certificate's notAfter lies before the instant of validation. */
    EXPIRED,
    /** A certificate's notBefore lies after the instant of validation. */
    NOT_YET_VALID,
    /** A certificate is revoked in a way that invalidates the signature at that instant. */
    REVOKED,
    /** No path to a trust anchor: wrong issuer name, a signature that does not verify, no anchor. */
    UNTRUSTED,
    /**
     * A certificate's extensions do not allow its role: not a CA, path length exceeded, KeyUsage or
     * ExtendedKeyUsage missing for the expected profile.
     */
    PROFILE,
    /** The chain or a certificate is unusable as such: empty, unparseable extension, key outside the registry. */
    MALFORMED
  }

  private final Reason reason;

  /**
   * Creates the exception with reason {@link Reason#UNTRUSTED}.
   *
   * @param message what, where, expected and actual
   */
  public CertificateVerificationException(String message) {
    this(Reason.UNTRUSTED, message);
  }

  /**
   * Creates the exception with reason {@link Reason#UNTRUSTED} and a cause.
   *
   * @param message what, where, expected and actual
   * @param cause the underlying failure
   */
  public CertificateVerificationException(String message, Throwable cause) {
    this(Reason.UNTRUSTED, message, cause);
  }

  /**
   * Creates the exception.
   *
   * @param reason the classification, not null
   * @param message what, where, expected and actual
   */
  public CertificateVerificationException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Creates the exception with a cause.
   *
   * @param reason the classification, not null
   * @param message what, where, expected and actual
   * @param cause the underlying failure
   */
  public CertificateVerificationException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns why the chain was rejected.
   *
   * @return the reason, never null
   */
  public Reason reason() {
    return reason;
  }
}

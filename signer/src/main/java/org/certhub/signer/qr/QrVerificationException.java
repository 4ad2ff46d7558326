package org.certhub.signer.qr;

import java.util.Objects;
import org.certhub.signer.SignerException;

/** A QR presentation that must not be accepted; {@link #reason()} is stable, the message says where. */
public final class QrVerificationException extends SignerException {

  /** Why a presentation was refused. */
  public enum Reason {
    /** Not a presentation: prefix, Base45, zlib, CBOR, COSE or claim structure, or over a bound. */
    MALFORMED,
    /** The {@code kid} is not in the trust list, or its key is not trusted for the claimed issuer. */
    UNKNOWN_ISSUER,
    /** The protected {@code alg} is not the algorithm of the trusted key. */
    ALGORITHM_MISMATCH,
    /** The COSE signature does not verify with the trusted key. */
    BAD_SIGNATURE,
    /**
     * The disclosed values and salts with the undisclosed digests do not hash to the signed commitment:
     * a value, a salt or a digest was changed.
     */
    TAMPERED_DISCLOSURE,
    /** Past {@code exp}, or the signer certificate has expired. */
    EXPIRED,
    /** {@code iat} lies in the future beyond the allowed skew, or the certificate is not yet valid. */
    NOT_YET_VALID,
    /** The licence's bit is set in a verified status list (IETF Token Status List: INVALID). */
    REVOKED,
    /** The licence type is not in the trust list, so the field indexes cannot be named. */
    UNKNOWN_TYPE
  }

  private final Reason reason;

  QrVerificationException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  QrVerificationException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns why the presentation was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}

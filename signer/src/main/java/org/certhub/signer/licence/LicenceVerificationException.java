package org.certhub.signer.licence;

import java.util.List;
import java.util.Objects;
import org.certhub.signer.SignerException;

/**
 * Thrown when a well-formed signed licence is not valid. {@link #reason()} says which check failed,
 * precisely enough for a clerk's screen; the message says what and where.
 */
public class LicenceVerificationException extends SignerException {
  private static final long serialVersionUID = 1L;

  /** Which check failed. */
  public enum Reason {
    /** The document is not a well-formed signed licence. */
    MALFORMED,
    /** {@code signature.alg} is not the algorithm of the signer's key. */
    ALGORITHM_MISMATCH,
    /** The signature does not verify: the licence or signature was altered, or signed by another key. */
    BAD_SIGNATURE,
    /** The signer's chain does not lead to a trust anchor. */
    UNKNOWN_ISSUER,
    /** The signer is not the licence's issuer, or the issuer may not issue this type. */
    ISSUER_NOT_ALLOWED,
    /** A certificate in the signer's chain was revoked before the licence was signed (or for key compromise). */
    CERTIFICATE_REVOKED,
    /** A certificate in the signer's chain was not valid when the licence was signed. */
    CERTIFICATE_EXPIRED,
    /** The issuer revoked the licence. */
    LICENCE_REVOKED,
    /** A newer version replaces the licence. */
    SUPERSEDED,
    /** The licence's last valid day has passed. */
    EXPIRED,
    /** The licence's first valid day has not come. */
    NOT_YET_VALID,
    /** The licence's type is not in the catalogue. */
    UNKNOWN_TYPE,
    /** The licence breaks its type's rules; {@link #violations()} lists every problem. */
    SCHEMA_VIOLATION
  }

  private final Reason reason;
  private final transient List<Violation> violations;

  /** Creates the exception with reason {@link Reason#BAD_SIGNATURE} (the pre-reason default). */
  public LicenceVerificationException(String message) {
    this(Reason.BAD_SIGNATURE, message, null, List.of());
  }

  /** Creates the exception with reason {@link Reason#BAD_SIGNATURE} and a cause. */
  public LicenceVerificationException(String message, Throwable cause) {
    this(Reason.BAD_SIGNATURE, message, cause, List.of());
  }

  /** Creates the exception for a reason. */
  public LicenceVerificationException(Reason reason, String message, Throwable cause) {
    this(reason, message, cause, List.of());
  }

  /** Creates a {@link Reason#SCHEMA_VIOLATION} with every violation. */
  public LicenceVerificationException(Reason reason, String message, Throwable cause, List<Violation> violations) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.violations = List.copyOf(violations);
  }

  /** Which check failed. */
  public Reason reason() {
    return reason;
  }

  /** Every schema violation; empty unless the reason is {@link Reason#SCHEMA_VIOLATION}. */
  public List<Violation> violations() {
    return violations;
  }
}

package org.certhub.signer.httpsig;

import org.certhub.signer.SignerException;

/**
 * Thrown when an HTTP message signature or content digest is refused. {@link #reason()} is a
 * stable code for metrics and problem responses; the message names what is wrong.
 */
public class HttpSignatureException extends SignerException {

  /** Why a signature was refused; stable, safe to expose to the caller. */
  public enum Reason {
    /** No {@code Signature-Input}/{@code Signature} header, or no signature under the label. */
    MISSING_SIGNATURE,
    /** A header is not valid RFC 8941 or violates RFC 9421 structure. */
    MALFORMED,
    /** A header, component list or signature base exceeds the configured bounds. */
    TOO_LARGE,
    /** The {@code keyid} is not in the server's registry. */
    UNKNOWN_KEY,
    /** The {@code alg} parameter differs from the algorithm of the registered key. */
    ALGORITHM_MISMATCH,
    /** A component the policy requires is not covered, or a covered field is absent. */
    MISSING_COMPONENT,
    /** A parameter the policy requires ({@code created}) is absent. */
    MISSING_PARAMETER,
    /** {@code created} lies in the future beyond the allowed clock skew. */
    NOT_YET_VALID,
    /** {@code expires} has passed, or {@code created} is older than the maximum age. */
    EXPIRED,
    /** The signature does not verify over the signature base. */
    BAD_SIGNATURE,
    /** The {@code Content-Digest} does not match the content. */
    DIGEST_MISMATCH
  }

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason the stable code
   * @param message what, where, expected and actual
   */
  public HttpSignatureException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  /**
   * Creates the exception with a cause.
   *
   * @param reason the stable code
   * @param message what, where, expected and actual
   * @param cause the underlying failure
   */
  public HttpSignatureException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  /**
   * Returns why the signature was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}

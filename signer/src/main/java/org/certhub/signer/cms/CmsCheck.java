package org.certhub.signer.cms;

import java.util.Objects;

/**
 * The outcome of one check {@link CmsVerifier} made.
 *
 * @param name what was checked
 * @param status passed, failed, not checked (an earlier failure made it meaningless) or not applicable
 * @param detail what was found, in the template {@code "<what> must be <expected>, but was: <actual>"} on failure
 */
public record CmsCheck(Name name, Status status, String detail) {

  /** The checks, in the order they are made. */
  public enum Name {
    /** The SignerInfo's signature and digest algorithms are those the signer's key is bound to. */
    ALGORITHM,
    /** The message-digest attribute equals the digest of the content; content-type matches eContentType. */
    MESSAGE_DIGEST,
    /** The signature over the DER of the signed attributes verifies with the signer's certificate key. */
    SIGNATURE,
    /** The signing-certificate-v2 attribute binds the signer's certificate (hash and issuerSerial). */
    SIGNING_CERTIFICATE,
    /** The signer's chain reaches a trust anchor (at the timestamp's time when one is valid, else now). */
    CERTIFICATE_CHAIN,
    /** The signature timestamp's message imprint is the hash of the signature value. */
    TIMESTAMP_IMPRINT,
    /** The time-stamp token's signature verifies with the TSA certificate and binds it (ESSCertID). */
    TIMESTAMP_SIGNATURE,
    /** The TSA certificate has exactly id-kp-timeStamping, critical, and its chain reaches a trust anchor. */
    TIMESTAMP_CERTIFICATE
  }

  /** A check's outcome. */
  public enum Status {
    /** The check passed. */
    PASSED,
    /** The check failed; the signature is not valid. */
    FAILED,
    /** Not made, because a check it depends on failed. */
    NOT_CHECKED,
    /** Not part of this signature's level (no timestamp in a CAdES-B signature). */
    NOT_APPLICABLE
  }

  /** Validates the members. */
  public CmsCheck {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return name + " " + status + ": " + detail;
  }
}

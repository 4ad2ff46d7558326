package org.certhub.signer.seal;

import java.util.Objects;

/**
 * The outcome of one check {@link SealVerifier} made (FORMATS.md §1.8).
 *
 * @param name what was checked
 * @param status the outcome
 * @param detail what was found; on failure {@code "<what> must be <expected>, but was: <actual>"}
 */
public record SealCheck(Name name, Status status, String detail) {

  /** The checks, in the order they are reported. */
  public enum Name {
    /** The bytes are a SESeal or SES_Signature of a known version (v1, v4, v5). */
    FORMAT,
    /** The maker's signature over the seal verifies with the maker certificate's key and algorithm. */
    SEAL_SIGNATURE,
    /** The maker certificate is a seal maker's under a trust anchor, valid and unrevoked at createDate. */
    MAKER_CERTIFICATE,
    /** The seal's validity window holds the stamping time (for a seal alone: now). */
    SEAL_VALIDITY,
    /** The seal was not revoked at the stamping time (for a seal alone: now). */
    SEAL_STATUS,
    /** The signer's certificate is in the seal's certList or matches one of its digests. */
    SIGNER_AUTHORISED,
    /** The signer's chain reaches a trust anchor at the timestamp's time (without one: now). */
    SIGNER_CERTIFICATE,
    /** The stamp's signature over toSign verifies with the signer certificate's key and algorithm. */
    STAMP_SIGNATURE,
    /** The timestamp's imprint is over the signature value, its signature verifies, its TSA is trusted. */
    TIMESTAMP,
    /** The SM3 digest of the given content equals dataHash. */
    CONTENT
  }

  /** A check's outcome, after DSS's indications. */
  public enum Status {
    /** The check passed. */
    PASSED,
    /** The check failed: the seal or stamp is not valid. */
    FAILED,
    /** Neither passed nor failed on the data at hand (an untrusted chain, a revocation without proof of time). */
    INDETERMINATE,
    /** Not made, because a check it depends on failed. */
    NOT_CHECKED,
    /** Not part of this object (a timestamp that is absent, stamp checks on a seal). */
    NOT_APPLICABLE
  }

  /** Validates the members. */
  public SealCheck {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return name + " " + status + ": " + detail;
  }
}

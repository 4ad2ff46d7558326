package org.certhub.exchange.licence;

import java.time.Instant;
import java.util.Objects;
import org.certhub.signer.licence.SignedLicence;

/**
 * A licence as the hub keeps it: the issuer-signed document and its lifecycle state.
 *
 * @param signed the signed licence exactly as issued
 * @param status {@code valid}, {@code superseded}, {@code revoked} or {@code expired}
 * @param statusAt when the status last changed (null while valid since issuance)
 * @param statusReason the revocation reason, or null
 * @param supersededBy the identifier of the next version, or null
 */
public record StoredLicence(SignedLicence signed, String status, Instant statusAt, String statusReason, String supersededBy) {
  public StoredLicence {
    Objects.requireNonNull(signed, "signed");
    Objects.requireNonNull(status, "status");
  }

  /** A licence as stored at issuance. */
  public StoredLicence(SignedLicence signed, String status) {
    this(signed, status, null, null, null);
  }

  /** The status as of {@code today}: a valid licence past its last day is expired even before the expiry job ran. */
  public String statusOn(java.time.LocalDate today) {
    var until = signed.licence().validUntil();
    if ("valid".equals(status) && until != null && today.isAfter(until)) {
      return "expired";
    }
    return status;
  }
}

package org.certhub.exchange.licence;

import java.util.Objects;
import org.certhub.signer.licence.SignedLicence;

/**
 * A licence as the hub keeps it: the issuer-signed document and its status.
 *
 * @param signed the signed licence exactly as issued
 * @param status {@code valid} or {@code revoked}
 */
public record StoredLicence(SignedLicence signed, String status) {
  public StoredLicence {
    Objects.requireNonNull(signed, "signed");
    Objects.requireNonNull(status, "status");
  }
}

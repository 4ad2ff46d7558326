package org.certhub.signer.qr;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.certhub.signer.licence.LicenceId;

/**
 * What a verified QR presentation proves: signed by a trusted key of {@code issuerCode}, unexpired,
 * and with each disclosed field equal to the value the issuer signed. Undisclosed fields are absent.
 * The status index is for the caller's status-list check ({@link QrVerifier#checkStatus}).
 *
 * @param issuerCode the issuer's code
 * @param licenceId the licence id
 * @param typeCode the licence type code
 * @param typeName the licence type's name, from the trust list
 * @param holderName the holder's name
 * @param disclosed the disclosed fields, name (from the trust list's type) to value, sorted by name
 * @param issuedAt when the presentation was made
 * @param expiry when it stops being acceptable
 * @param statusIndex the licence's index in the issuer's status list
 */
public record VerifiedPresentation(
    String issuerCode,
    LicenceId licenceId,
    String typeCode,
    String typeName,
    String holderName,
    SortedMap<String, String> disclosed,
    Instant issuedAt,
    Instant expiry,
    int statusIndex) {

  /** Copies {@code disclosed}. */
  public VerifiedPresentation {
    Objects.requireNonNull(licenceId, "licenceId");
    disclosed = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(disclosed, "disclosed")));
  }
}

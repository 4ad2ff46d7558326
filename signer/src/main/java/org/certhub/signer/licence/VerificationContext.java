package org.certhub.signer.licence;

import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;
import org.certhub.signer.pki.RevocationSource;

/**
 * What a verifier knows besides the licence: trust anchors, the catalogue, certificate revocations,
 * licence statuses and today's date.
 *
 * @param trustAnchors trusted root certificates, not empty
 * @param types the catalogue, or null to skip type and schema checks (then issuer permission per type
 *     is not checked either)
 * @param certificates certificate revocation ({@link RevocationSource#NONE} if unknown)
 * @param statuses licence statuses ({@link LicenceStatusSource#UNKNOWN} offline)
 * @param today the day to check validity dates on, or null to skip them
 */
public record VerificationContext(
    Set<X509Certificate> trustAnchors, LicenceTypes types, RevocationSource certificates, LicenceStatusSource statuses, LocalDate today) {
  public VerificationContext {
    trustAnchors = Set.copyOf(trustAnchors);
    if (trustAnchors.isEmpty()) {
      throw new IllegalArgumentException("trustAnchors must not be empty");
    }
    Objects.requireNonNull(certificates, "certificates");
    Objects.requireNonNull(statuses, "statuses");
  }

  /** Offline with anchors only: signature, chain, certificate validity at signing time and issuer binding. */
  public static VerificationContext offline(Set<X509Certificate> trustAnchors) {
    return new VerificationContext(trustAnchors, null, RevocationSource.NONE, LicenceStatusSource.UNKNOWN, null);
  }
}

package org.certhub.exchange.pki;

import java.time.Instant;
import java.util.Objects;
import org.certhub.signer.pki.Revocation;

/**
 * A certificate in the hub CA's register.
 *
 * @param serial the serial number, lowercase hex
 * @param subject the subject DN (RFC 4514)
 * @param departmentCode the department it was issued to, or null for the hub's own keys
 * @param purpose what it is for: {@code tls-client}, {@code licence-signing}, {@code tls-server}, …
 * @param fingerprint {@code sha256:<hex>} of the DER certificate
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param revocation the revocation, or null while in force
 * @param pem the certificate in PEM
 */
public record IssuedCertificate(
    String serial,
    String subject,
    String departmentCode,
    String purpose,
    String fingerprint,
    Instant notBefore,
    Instant notAfter,
    Revocation revocation,
    String pem) {
  public IssuedCertificate {
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(pem, "pem");
  }

  /** The status at {@code now}: {@code good}, {@code revoked}, {@code expired} or {@code not_yet_valid}. */
  public String status(Instant now) {
    if (revocation != null && !now.isBefore(revocation.revokedAt())) {
      return "revoked";
    }
    if (now.isAfter(notAfter)) {
      return "expired";
    }
    return now.isBefore(notBefore) ? "not_yet_valid" : "good";
  }
}

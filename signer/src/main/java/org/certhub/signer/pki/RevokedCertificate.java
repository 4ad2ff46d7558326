package org.certhub.signer.pki;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One entry of a CRL (RFC 5280 §5.1.2.6): the serial number of a certificate issued by the CRL's
 * issuer, and its revocation.
 *
 * @param serial the certificate's serial number, positive (RFC 5280 §4.1.2.2)
 * @param revocation when and why it was revoked; the CRL keeps the time to the second
 */
public record RevokedCertificate(BigInteger serial, Revocation revocation) {

  /** Validates the components. */
  public RevokedCertificate {
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(revocation, "revocation");
    if (serial.signum() <= 0) {
      throw new IllegalArgumentException("serial must be positive, but was: " + serial);
    }
  }
}

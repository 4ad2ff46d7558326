package org.certhub.signer.pki;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Where revocation status comes from: CRLs in a trust bundle offline, the hub's own CA database
 * online. Implementations must answer from data they have authenticated (a CRL whose signature they
 * checked, the CA's own records), never from the certificate under test.
 */
@FunctionalInterface
public interface RevocationSource {

  /** A source that knows of no revocations (no CRL available). */
  RevocationSource NONE = cert -> Optional.empty();

  /**
   * Returns the revocation of {@code certificate}, if it is revoked.
   *
   * @param certificate a certificate issued by a CA this source covers
   * @return the revocation, or empty if the certificate is not (known to be) revoked
   */
  Optional<Revocation> revocation(X509Certificate certificate);
}

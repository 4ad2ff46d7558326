package org.certhub.exchange.pki;

import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.certhub.exchange.department.Fingerprints;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.SignerException;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.Revocation;
import org.certhub.signer.pki.RevocationSource;
import org.certhub.signer.pki.RevokedCertificate;
import org.springframework.stereotype.Service;

/**
 * Issues certificates through the hub CA and keeps the register, revokes them, and publishes the CRL.
 * Every certificate the hub issues goes through here, so the CRL and the status endpoint know it.
 */
@Service
public class CertificateService {
  /** How long a CRL is valid; it is re-signed at half-life and at once after every revocation. */
  static final Duration CRL_VALIDITY = Duration.ofDays(1);

  private final HubCa ca;
  private final CertificateRegistry registry;
  private final Clock clock;
  private volatile X509CRL crl;

  public CertificateService(HubCa ca, CertificateRegistry registry, Clock clock) {
    this.ca = ca;
    this.registry = registry;
    this.clock = clock;
  }

  /** Certifies a key and records the certificate in the register. */
  public X509Certificate issue(
      String subjectDn, PublicKey key, CertificateProfile profile, List<String> names, Duration validity, String departmentCode, String purpose)
      throws SignerException {
    X509Certificate cert = ca.issue(subjectDn, key, profile, names, validity);
    registry.register(cert, departmentCode, purpose);
    return cert;
  }

  /** Records a certificate the hub made before the register existed (bootstrap). */
  public void registerExisting(X509Certificate cert, String departmentCode, String purpose) {
    registry.register(cert, departmentCode, purpose);
  }

  /** The chain to send with a leaf this CA issued (leaf first, without the root). */
  public List<X509Certificate> chainOf(X509Certificate leaf) {
    return ca.chainOf(leaf);
  }

  /**
   * Revokes a certificate now. Takes effect for mTLS on the next request and for signing at once; the CRL
   * is re-signed before this returns.
   *
   * @return the certificate as revoked
   * @throws ProblemException not_found if the hub never issued a certificate with this serial, conflict if
   *     it is already revoked (the first revocation stands)
   */
  public IssuedCertificate revoke(String serial, int reason) {
    IssuedCertificate existing =
        registry.find(serial)
            .orElseThrow(() -> ProblemException.of(ErrorCode.NOT_FOUND, "the hub CA issued no certificate with serial " + serial));
    if (!registry.revoke(serial, new Revocation(clock.instant(), reason))) {
      throw ProblemException.of(
          ErrorCode.CONFLICT, "certificate " + serial + " was already revoked at " + existing.revocation().revokedAt());
    }
    synchronized (this) {
      crl = null;
    }
    return registry.find(serial).orElseThrow();
  }

  /** The register entry for a serial (lowercase hex). */
  public Optional<IssuedCertificate> find(String serial) {
    return registry.find(serial);
  }

  /** The current register entry of a certificate this hub issued, matched by fingerprint. */
  public Optional<IssuedCertificate> find(X509Certificate cert) {
    return registry.findByFingerprint(Fingerprints.sha256(cert));
  }

  /** A department's certificates for one purpose, newest first. */
  public List<IssuedCertificate> ofDepartment(String departmentCode, String purpose) {
    return registry.ofDepartment(departmentCode, purpose);
  }

  /**
   * Online revocation status for verification: answers from the register, matching the whole certificate
   * (by fingerprint), never a serial alone, so a foreign certificate with a colliding serial is not
   * mistaken for ours.
   */
  public RevocationSource revocationSource() {
    return cert -> find(cert).map(IssuedCertificate::revocation);
  }

  /** The current CRL of the issuing CA, re-signed when stale or after a revocation. */
  public X509CRL crl() throws SignerException {
    X509CRL current = crl;
    Instant now = clock.instant();
    if (current != null && now.isBefore(current.getThisUpdate().toInstant().plus(CRL_VALIDITY.dividedBy(2)))) {
      return current;
    }
    synchronized (this) {
      if (crl != null && now.isBefore(crl.getThisUpdate().toInstant().plus(CRL_VALIDITY.dividedBy(2)))) {
        return crl;
      }
      List<RevokedCertificate> revoked =
          registry.revoked().stream()
              .filter(c -> c.departmentCode() != null || !"root-ca".equals(c.purpose()))
              .map(c -> new RevokedCertificate(new java.math.BigInteger(c.serial(), 16), c.revocation()))
              .toList();
      crl = ca.crl(revoked, registry.nextCrlNumber(), now, now.plus(CRL_VALIDITY));
      return crl;
    }
  }

  /** The root and issuing CA certificates, root first. */
  public List<X509Certificate> caCertificates() {
    return List.of(ca.root(), ca.issuing());
  }
}

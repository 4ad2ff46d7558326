package org.certhub.exchange.pki;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.certhub.exchange.department.Fingerprints;
import org.certhub.signer.pki.Pem;
import org.certhub.signer.pki.Revocation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The register of certificates the hub CA issued, with their revocation state. */
@Repository
public class CertificateRegistry {
  private static final String COLUMNS =
      "serial, subject, department_code, purpose, fingerprint, not_before, not_after, revoked_at, revocation_reason, pem";
  private final JdbcClient jdbc;

  public CertificateRegistry(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The register's key for a certificate: its serial as lowercase hex. */
  public static String serialOf(X509Certificate cert) {
    return cert.getSerialNumber().toString(16);
  }

  /** Records an issued certificate; does nothing if it is already recorded (bootstrap is idempotent). */
  public void register(X509Certificate cert, String departmentCode, String purpose) {
    String fingerprint = Fingerprints.sha256(cert);
    if (findByFingerprint(fingerprint).isPresent()) {
      return;
    }
    jdbc.sql("INSERT INTO issued_certificate (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)")
          .params(
              serialOf(cert),
              cert.getSubjectX500Principal().getName(),
              departmentCode,
              purpose,
              fingerprint,
              Timestamp.from(cert.getNotBefore().toInstant()),
              Timestamp.from(cert.getNotAfter().toInstant()),
              Pem.certificate(cert))
          .update();
  }

  /** The certificate with this serial (lowercase hex). */
  public Optional<IssuedCertificate> find(String serial) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM issued_certificate WHERE serial = ?")
        .param(serial)
        .query(CertificateRegistry::row)
        .optional();
  }

  /** The certificate with this fingerprint. */
  public Optional<IssuedCertificate> findByFingerprint(String fingerprint) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM issued_certificate WHERE fingerprint = ?")
        .param(fingerprint)
        .query(CertificateRegistry::row)
        .optional();
  }

  /** A department's certificates for one purpose, newest first. */
  public List<IssuedCertificate> ofDepartment(String departmentCode, String purpose) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM issued_certificate WHERE department_code = ? AND purpose = ?"
                + " ORDER BY not_before DESC, serial")
        .params(departmentCode, purpose)
        .query(CertificateRegistry::row)
        .list();
  }

  /** Every certificate issued for one purpose, oldest first. */
  public List<IssuedCertificate> ofPurpose(String purpose) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM issued_certificate WHERE purpose = ? ORDER BY not_before, serial")
        .param(purpose)
        .query(CertificateRegistry::row)
        .list();
  }

  /** Every revoked certificate, for the CRL. */
  public List<IssuedCertificate> revoked() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM issued_certificate WHERE revoked_at IS NOT NULL ORDER BY revoked_at, serial")
        .query(CertificateRegistry::row)
        .list();
  }

  /**
   * Revokes a certificate and, if it is a registered client credential, the credential too, in one
   * transaction: the next request with it is refused.
   *
   * @return false if it was already revoked (the first revocation stands)
   */
  @Transactional
  public boolean revoke(String serial, Revocation revocation) {
    int n =
        jdbc.sql("UPDATE issued_certificate SET revoked_at = ?, revocation_reason = ? WHERE serial = ? AND revoked_at IS NULL")
            .params(Timestamp.from(revocation.revokedAt()), revocation.reason(), serial)
            .update();
    if (n == 0) {
      return false;
    }
    jdbc.sql(
            "UPDATE department_credential SET revoked_at = ? WHERE revoked_at IS NULL AND fingerprint ="
                + " (SELECT fingerprint FROM issued_certificate WHERE serial = ?)")
        .params(Timestamp.from(revocation.revokedAt()), serial)
        .update();
    return true;
  }

  /** Takes the next CRL number (monotonic, persisted: RFC 5280 §5.2.3). */
  @Transactional
  public BigInteger nextCrlNumber() {
    jdbc.sql("UPDATE crl_state SET crl_number = crl_number + 1 WHERE id = 1").update();
    return BigInteger.valueOf(jdbc.sql("SELECT crl_number FROM crl_state WHERE id = 1").query(Long.class).single());
  }

  private static IssuedCertificate row(ResultSet rs, int i) throws SQLException {
    Timestamp revokedAt = rs.getTimestamp(8);
    Revocation revocation = revokedAt == null ? null : new Revocation(revokedAt.toInstant(), rs.getInt(9));
    return new IssuedCertificate(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getTimestamp(6).toInstant(),
        rs.getTimestamp(7).toInstant(),
        revocation,
        rs.getString(10));
  }
}

package org.certhub.hub.keys;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.certhub.exchange.pki.CertificateService;
import org.certhub.exchange.pki.IssuerKeys;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Keys;
import org.certhub.signer.pki.CertificateProfile;

/**
 * Issuing departments' licence-signing keys, kept in the hub's key store (alias {@code dept-<code>-sign}).
 * Certificates go through the CA register, so revocation and the CRL know them.
 */
public final class DepartmentKeys implements IssuerKeys {
  static final Duration VALIDITY = Duration.ofDays(3 * 365);
  private final HubKeys hubKeys;
  private final CertificateService certificates;
  private final SignatureAlgorithm algorithm;

  public DepartmentKeys(HubKeys hubKeys, CertificateService certificates, SignatureAlgorithm algorithm) {
    this.hubKeys = hubKeys;
    this.certificates = certificates;
    this.algorithm = algorithm;
  }

  @Override
  public KeyHandle signingKey(String departmentCode) {
    try {
      return hubKeys.store().key(alias(departmentCode));
    } catch (SignerException e) {
      throw new IllegalStateException("department " + departmentCode + " has no licence-signing key: " + e.getMessage(), e);
    }
  }

  /**
   * Creates (or replaces) a department's licence-signing key and certificate (DOCUMENT_SIGNING profile).
   * The certificate subject carries the department's code, which licence verification binds to the issuer.
   */
  @Override
  public X509Certificate create(String departmentCode, String departmentName) throws SignerException {
    KeyPair kp = Keys.generate(algorithm);
    X509Certificate cert =
        certificates.issue(
            SubjectNames.organisation(departmentName, departmentCode), kp.getPublic(), CertificateProfile.DOCUMENT_SIGNING, List.of(),
            VALIDITY, departmentCode, PURPOSE);
    hubKeys.store().put(alias(departmentCode), kp.getPrivate(), certificates.chainOf(cert));
    return cert;
  }

  /** Whether the department already has a signing key. */
  public boolean has(String departmentCode) {
    return hubKeys.store().contains(alias(departmentCode));
  }

  /** The department code behind a key-store alias, or null if the alias is not a department key. */
  static String departmentOf(String alias) {
    return alias.startsWith("dept-") && alias.endsWith("-sign") ? alias.substring(5, alias.length() - 5).toUpperCase(Locale.ROOT) : null;
  }

  private static String alias(String departmentCode) {
    return "dept-" + departmentCode.toLowerCase(Locale.ROOT) + "-sign";
  }
}

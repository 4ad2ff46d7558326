package org.certhub.hub.keys;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import org.certhub.exchange.licence.IssuerKeys;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Keys;
import org.certhub.signer.pki.CertificateProfile;

/** Issuing departments' licence-signing keys, kept in the hub's key store (alias {@code dept-<code>-sign}). */
public final class DepartmentKeys implements IssuerKeys {
  private final HubKeys hubKeys;

  public DepartmentKeys(HubKeys hubKeys) {
    this.hubKeys = hubKeys;
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
   * Creates a department's licence-signing key and certificate (DOCUMENT_SIGNING profile). The
   * certificate subject carries the department's code, which licence verification binds to the issuer.
   */
  public X509Certificate create(String departmentCode, String departmentName, SignatureAlgorithm algorithm)
      throws SignerException {
    KeyPair kp = Keys.generate(algorithm);
    X509Certificate cert =
        hubKeys.issue(SubjectNames.organisation(departmentName, departmentCode), kp, CertificateProfile.DOCUMENT_SIGNING, java.util.List.of(), 3 * 365);
    hubKeys.store().put(alias(departmentCode), kp.getPrivate(), hubKeys.chainOf(cert));
    return cert;
  }

  /** Whether the department already has a signing key. */
  public boolean has(String departmentCode) {
    return hubKeys.store().contains(alias(departmentCode));
  }

  private static String alias(String departmentCode) {
    return "dept-" + departmentCode.toLowerCase(java.util.Locale.ROOT) + "-sign";
  }
}

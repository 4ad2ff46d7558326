package org.certhub.hub.keys;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.certhub.exchange.pki.HubCa;
import org.certhub.signer.SignerException;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.RevokedCertificate;

/** The exchange's CA port, backed by the issuing CA in the hub's key store. */
public final class HubCaAdapter implements HubCa {
  private final HubKeys keys;

  public HubCaAdapter(HubKeys keys) {
    this.keys = keys;
  }

  @Override
  public X509Certificate issue(String subjectDn, PublicKey key, CertificateProfile profile, List<String> names, Duration validity)
      throws SignerException {
    return keys.issue(subjectDn, key, profile, names, validity);
  }

  @Override
  public X509CRL crl(List<RevokedCertificate> revoked, BigInteger number, Instant thisUpdate, Instant nextUpdate) throws SignerException {
    return keys.issuingCa().issueCrl(revoked, number, thisUpdate, nextUpdate);
  }

  @Override
  public List<X509Certificate> chainOf(X509Certificate leaf) {
    try {
      return keys.chainOf(leaf);
    } catch (SignerException e) {
      throw new IllegalStateException("the issuing CA certificate cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public X509Certificate root() {
    try {
      return keys.rootCertificate();
    } catch (SignerException e) {
      throw new IllegalStateException("the root CA certificate cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public X509Certificate issuing() {
    try {
      return keys.issuingCertificate();
    } catch (SignerException e) {
      throw new IllegalStateException("the issuing CA certificate cannot be read: " + e.getMessage(), e);
    }
  }
}

package org.certhub.exchange.pki;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.certhub.signer.SignerException;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.RevokedCertificate;

/**
 * Port: the hub's issuing CA. The hub keeps its keys in a key store or HSM; the exchange asks it to
 * certify and to sign CRLs, and never sees key bytes.
 */
public interface HubCa {

  /** Certifies {@code key} under the issuing CA with the profile's extensions and a random serial. */
  X509Certificate issue(String subjectDn, PublicKey key, CertificateProfile profile, List<String> names, Duration validity)
      throws SignerException;

  /** Signs a CRL of the issuing CA. */
  X509CRL crl(List<RevokedCertificate> revoked, BigInteger number, Instant thisUpdate, Instant nextUpdate) throws SignerException;

  /** The chain for a leaf this CA issued: leaf first, up to but not including the root. */
  List<X509Certificate> chainOf(X509Certificate leaf);

  /** The root certificate, the trust anchor of every chain. */
  X509Certificate root();

  /** The issuing CA's certificate. */
  X509Certificate issuing();
}

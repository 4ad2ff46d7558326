package org.certhub.signer;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Keys;
import org.certhub.signer.pki.CertificateAuthority;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.CertificateRequest;

/** A three-level hierarchy (root, issuing CA, leaf) generated at run time for tests. */
public record TestPki(
    CertificateAuthority root, CertificateAuthority issuing, KeyHandle leafKey, X509Certificate leaf) {

  public static final Instant NOW = Instant.parse("2026-01-15T08:00:00Z");
  public static final String ISSUER_CODE = "11430000006122244L";

  public static TestPki create(SignatureAlgorithm alg, CertificateProfile leafProfile) throws SignerException {
    return create(alg, alg, leafProfile);
  }

  public static TestPki create(SignatureAlgorithm caAlg, SignatureAlgorithm leafAlg,
      CertificateProfile leafProfile) throws SignerException {
    Instant nb = NOW.minus(Duration.ofDays(30));
    CertificateAuthority root = CertificateAuthority.createRoot(
        "CN=CertHub Test Root " + caAlg + ",O=CertHub,C=CN", Keys.generate(caAlg), nb,
        NOW.plus(Duration.ofDays(3650)));
    CertificateAuthority issuing = root.createSubordinate(
        "CN=CertHub Test Issuing " + caAlg + ",O=CertHub,C=CN", Keys.generate(caAlg), nb,
        NOW.plus(Duration.ofDays(1825)));
    KeyPair leafPair = Keys.generate(leafAlg);
    X509Certificate leaf = issuing.issue(new CertificateRequest(
        "CN=Market Regulation Bureau,organizationIdentifier=" + ISSUER_CODE + ",O=Hunan,C=CN",
        leafPair.getPublic(), leafProfile, nb, NOW.plus(Duration.ofDays(365)),
        leafProfile == CertificateProfile.TLS_SERVER ? List.of("hub.example.cn") : List.of(),
        leafProfile == CertificateProfile.TLS_SERVER ? List.of("127.0.0.1") : List.of()));
    List<X509Certificate> chain = new java.util.ArrayList<>();
    chain.add(leaf);
    chain.addAll(issuing.chain());
    return new TestPki(root, issuing, Keys.handle(leafPair, chain), leaf);
  }

  /** leaf, issuing (without the root). */
  public List<X509Certificate> chainWithoutRoot() {
    return List.of(leaf, issuing.certificate());
  }
}

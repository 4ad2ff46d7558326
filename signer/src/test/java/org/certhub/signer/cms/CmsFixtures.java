package org.certhub.signer.cms;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.certhub.signer.SignerException;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Keys;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.CertificateRequest;
import org.certhub.signer.tsa.TimeStampAuthority;

/** A P-256 root and issuing CA, a document signer of the given algorithm and a TSA (P-256) under the same CA. */
public record CmsFixtures(TestPki pki, KeyHandle signer, TimeStampAuthority tsa, KeyHandle tsaKey) {

  public static final Clock CLOCK = Clock.fixed(TestPki.NOW, ZoneOffset.UTC);

  public static CmsFixtures create(SignatureAlgorithm signerAlg) throws SignerException {
    TestPki pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, signerAlg, CertificateProfile.DOCUMENT_SIGNING);
    KeyHandle tsaKey = leaf(pki, SignatureAlgorithm.ECDSA_P256_SHA256, "CN=Test TSA,O=CertHub,C=CN", CertificateProfile.TIME_STAMPING);
    return new CmsFixtures(pki, pki.leafKey(), new TimeStampAuthority(tsaKey, CLOCK), tsaKey);
  }

  /** Another leaf under the fixture's issuing CA. */
  public static KeyHandle leaf(TestPki pki, SignatureAlgorithm alg, String dn, CertificateProfile profile) throws SignerException {
    KeyPair kp = Keys.generate(alg);
    X509Certificate cert = pki.issuing().issue(CertificateRequest.of(
        dn, kp.getPublic(), profile, TestPki.NOW.minus(Duration.ofDays(30)), TestPki.NOW.plus(Duration.ofDays(365))));
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(cert);
    chain.addAll(pki.issuing().chain());
    return Keys.handle(kp, chain);
  }

  public Set<X509Certificate> anchors() {
    return Set.of(pki.root().certificate());
  }

  public CmsSigner signerB() {
    return new CmsSigner(signer, null, CLOCK);
  }

  public CmsSigner signerT() {
    return new CmsSigner(signer, tsa, CLOCK);
  }
}

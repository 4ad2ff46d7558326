package org.certhub.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Keys;
import org.certhub.signer.licence.LicenceSigner;
import org.certhub.signer.licence.LicenceVerificationException;
import org.certhub.signer.licence.LicenceVerifier;
import org.certhub.signer.licence.SignedLicence;
import org.certhub.signer.pki.CertificateAuthority;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.CertificateRequest;
import org.certhub.signer.pki.CertificateVerificationException;
import org.certhub.signer.pki.CertificateVerificationException.Reason;
import org.certhub.signer.pki.ChainValidator;
import org.certhub.signer.pki.CrlRevocationSource;
import org.certhub.signer.pki.Revocation;
import org.certhub.signer.pki.RevokedCertificate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rotating a department's licence-signing key, at library level. Key A is certified for [t0, t1];
 * key B is certified from shortly before t1. Validity is judged at the signing time the licence
 * states ({@code issuedAt}), not at the time of verification: a licence signed with A while A was
 * valid keeps verifying after A expires, while a licence that claims a time after A's notAfter but
 * is signed with A fails as expired.
 */
class KeyRotationTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant T1 = Instant.parse("2026-07-01T00:00:00Z");
  static final Instant B_FROM = T1.minus(Duration.ofDays(30));
  static final Instant B_UNTIL = T1.plus(Duration.ofDays(365));
  static final String DEPT = "CN=Market Regulation Bureau,organizationIdentifier=" + TestPki.ISSUER_CODE
      + ",O=Hunan,C=CN";

  record Department(CertificateAuthority root, CertificateAuthority issuing, KeyHandle a, KeyHandle b) {
    Set<X509Certificate> anchors() {
      return Set.of(root.certificate());
    }
  }

  static Department department(SignatureAlgorithm alg) throws SignerException {
    Instant caFrom = T0.minus(Duration.ofDays(365));
    Instant caUntil = T1.plus(Duration.ofDays(3650));
    CertificateAuthority root = CertificateAuthority.createRoot("CN=Rotation Root " + alg + ",C=CN",
        Keys.generate(alg), caFrom, caUntil);
    CertificateAuthority issuing = root.createSubordinate("CN=Rotation Issuing " + alg + ",C=CN",
        Keys.generate(alg), caFrom, caUntil);
    return new Department(root, issuing, certified(issuing, alg, T0, T1), certified(issuing, alg, B_FROM, B_UNTIL));
  }

  static KeyHandle certified(CertificateAuthority ca, SignatureAlgorithm alg, Instant from, Instant until)
      throws SignerException {
    KeyPair pair = Keys.generate(alg);
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(ca.issue(CertificateRequest.of(DEPT, pair.getPublic(), CertificateProfile.DOCUMENT_SIGNING, from, until)));
    chain.addAll(ca.chain());
    return Keys.handle(pair, chain);
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void verify_licenceSignedWithOldKeyWhileValid_stillVerifiesAfterKeyExpired(SignatureAlgorithm alg)
      throws Exception {
    Department d = department(alg);
    SignedLicence old = LicenceSigner.sign(TestLicences.businessLicence("20260000101", T0.plus(Duration.ofDays(1))), d.a());
    Instant later = T1.plus(Duration.ofDays(90));
    // A is expired by now...
    assertThatThrownBy(() -> ChainValidator.validate(d.a().chain(), d.anchors(), later, CertificateProfile.DOCUMENT_SIGNING))
        .isInstanceOfSatisfying(CertificateVerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    // ...yet the licence it signed while valid verifies, today as on the day of issue.
    assertThat(LicenceVerifier.verify(SignedLicence.parse(old.toJson()), d.anchors()).signerCertificate())
        .isEqualTo(d.a().chain().get(0));
    // B takes over: a licence issued after t1 with B verifies.
    SignedLicence fresh = LicenceSigner.sign(TestLicences.businessLicence("20260000102", T1.plus(Duration.ofDays(1))), d.b());
    assertThat(LicenceVerifier.verify(fresh, d.anchors()).signerCertificate()).isEqualTo(d.b().chain().get(0));
    // During the overlap both keys are good.
    Instant overlap = T1.minus(Duration.ofDays(10));
    LicenceVerifier.verify(LicenceSigner.sign(TestLicences.businessLicence("20260000103", overlap), d.a()), d.anchors());
    LicenceVerifier.verify(LicenceSigner.sign(TestLicences.businessLicence("20260000104", overlap), d.b()), d.anchors());
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void verify_licenceClaimingTimeAfterOldKeyExpiredButSignedWithIt_failsAsExpired(SignatureAlgorithm alg)
      throws Exception {
    Department d = department(alg);
    Instant claimed = T1.plus(Duration.ofDays(1));
    SignedLicence backdatedKey = LicenceSigner.sign(TestLicences.businessLicence("20260000201", claimed), d.a());
    assertThatThrownBy(() -> LicenceVerifier.verify(backdatedKey, d.anchors()))
        .isInstanceOfSatisfying(LicenceVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(LicenceVerificationException.Reason.CERTIFICATE_EXPIRED))
        .hasMessageContaining("must be valid at licence.issuedAt " + claimed + ", but was valid " + T0 + " to " + T1);
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void verify_licenceClaimingTimeBeforeNewKeyCertified_failsAsNotYetValid(SignatureAlgorithm alg) throws Exception {
    Department d = department(alg);
    Instant claimed = B_FROM.minus(Duration.ofDays(1));
    SignedLicence early = LicenceSigner.sign(TestLicences.businessLicence("20260000301", claimed), d.b());
    assertThatThrownBy(() -> LicenceVerifier.verify(early, d.anchors()))
        .isInstanceOfSatisfying(LicenceVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(LicenceVerificationException.Reason.CERTIFICATE_EXPIRED))
        .hasMessageContaining("must be valid at licence.issuedAt " + claimed + ", but was valid " + B_FROM);
  }

  /**
   * After the rotation the CA revokes A as superseded: licences A signed before the revocation stay
   * valid, anything A signs afterwards does not. Had A been compromised, everything it signed fails.
   */
  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void validate_oldKeyRevokedAsSupersededAfterRotation_earlierSignaturesStayValid(SignatureAlgorithm alg)
      throws Exception {
    Department d = department(alg);
    X509Certificate a = d.a().chain().get(0);
    Instant revokedAt = T1.minus(Duration.ofDays(5));
    Instant signedBefore = T0.plus(Duration.ofDays(1));
    Instant signedAfter = revokedAt.plus(Duration.ofDays(1));
    CrlRevocationSource superseded = CrlRevocationSource.of(List.of(d.issuing().issueCrl(
        List.of(new RevokedCertificate(a.getSerialNumber(), new Revocation(revokedAt, 4))), BigInteger.ONE,
        revokedAt, revokedAt.plus(Duration.ofDays(7)))), List.of(d.issuing().certificate()));
    ChainValidator.validate(d.a().chain(), d.anchors(), signedBefore, CertificateProfile.DOCUMENT_SIGNING, superseded);
    assertThatThrownBy(() -> ChainValidator.validate(d.a().chain(), d.anchors(), signedAfter,
        CertificateProfile.DOCUMENT_SIGNING, superseded))
        .isInstanceOfSatisfying(CertificateVerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REVOKED));
    // B is untouched by A's revocation.
    ChainValidator.validate(d.b().chain(), d.anchors(), signedAfter, CertificateProfile.DOCUMENT_SIGNING, superseded);

    CrlRevocationSource compromised = CrlRevocationSource.of(List.of(d.issuing().issueCrl(
        List.of(new RevokedCertificate(a.getSerialNumber(), new Revocation(revokedAt, Revocation.KEY_COMPROMISE))),
        BigInteger.TWO, revokedAt, revokedAt.plus(Duration.ofDays(7)))), List.of(d.issuing().certificate()));
    assertThatThrownBy(() -> ChainValidator.validate(d.a().chain(), d.anchors(), signedBefore,
        CertificateProfile.DOCUMENT_SIGNING, compromised))
        .isInstanceOfSatisfying(CertificateVerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REVOKED))
        .hasMessageEndingWith("for keyCompromise (1)");
  }
}

package org.certhub.signer.pki;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.Keys;
import org.certhub.signer.pki.CertificateVerificationException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChainValidatorTest {

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void validate_threeLevelHierarchy_accepts(SignatureAlgorithm alg) throws Exception {
    TestPki pki = TestPki.create(alg, CertificateProfile.DOCUMENT_SIGNING);
    Set<X509Certificate> anchors = Set.of(pki.root().certificate());
    ChainValidator.validate(pki.chainWithoutRoot(), anchors, TestPki.NOW, CertificateProfile.DOCUMENT_SIGNING);
    ChainValidator.validate(pki.leafKey().chain(), anchors, TestPki.NOW, CertificateProfile.DOCUMENT_SIGNING);
  }

  @Test
  void validate_issuingCaAsAnchor_accepts() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    assertThatCode(() -> ChainValidator.validate(List.of(pki.leaf()), Set.of(pki.issuing().certificate()),
        TestPki.NOW, CertificateProfile.DOCUMENT_SIGNING)).doesNotThrowAnyException();
  }

  @Test
  void validate_wrongAnchor_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    TestPki other = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    assertThatThrownBy(() -> ChainValidator.validate(pki.chainWithoutRoot(), Set.of(other.root().certificate()),
        TestPki.NOW, CertificateProfile.DOCUMENT_SIGNING))
        .isInstanceOf(CertificateVerificationException.class)
        .hasMessage("certificate chain[1] must be issued by a trust anchor, but was: issued by"
            + " CN=CertHub Test Root SM2_SM3,O=CertHub,C=CN")
        .isInstanceOfSatisfying(CertificateVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNTRUSTED));
  }

  @Test
  void validate_expiredLeaf_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.DOCUMENT_SIGNING);
    Instant later = TestPki.NOW.plus(Duration.ofDays(400));
    assertThatThrownBy(() -> ChainValidator.validate(pki.chainWithoutRoot(), Set.of(pki.root().certificate()),
        later, CertificateProfile.DOCUMENT_SIGNING))
        .isInstanceOf(CertificateVerificationException.class)
        .hasMessage("certificate chain[0] must be valid at " + later + ", but was: valid from "
            + pki.leaf().getNotBefore().toInstant() + " to " + pki.leaf().getNotAfter().toInstant())
        .isInstanceOfSatisfying(CertificateVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
  }

  @Test
  void validate_beforeNotBefore_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ED25519, CertificateProfile.DOCUMENT_SIGNING);
    Instant earlier = TestPki.NOW.minus(Duration.ofDays(31));
    assertThatThrownBy(() -> ChainValidator.validate(pki.chainWithoutRoot(), Set.of(pki.root().certificate()),
        earlier, CertificateProfile.DOCUMENT_SIGNING))
        .isInstanceOf(CertificateVerificationException.class)
        .hasMessageStartingWith("certificate chain[0] must be valid at " + earlier + ", but was: valid from ")
        .isInstanceOfSatisfying(CertificateVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_YET_VALID));
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void validate_leafSignatureBitFlipped_throws(SignatureAlgorithm alg) throws Exception {
    TestPki pki = TestPki.create(alg, CertificateProfile.DOCUMENT_SIGNING);
    byte[] der = pki.leaf().getEncoded();
    der[der.length - 1] ^= 0x01; // last byte lies in the signature BIT STRING
    X509Certificate tampered = (X509Certificate) CertificateFactory.getInstance("X.509", Providers.bc())
        .generateCertificate(new ByteArrayInputStream(der));
    assertThatThrownBy(() -> ChainValidator.validate(List.of(tampered, pki.issuing().certificate()),
        Set.of(pki.root().certificate()), TestPki.NOW, CertificateProfile.DOCUMENT_SIGNING))
        .isInstanceOf(CertificateVerificationException.class)
        .hasMessage("certificate chain[0].signature must verify with the key of certificate chain[1],"
            + " but was: invalid")
        .isInstanceOfSatisfying(CertificateVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNTRUSTED));
  }

  @Test
  void validate_tbsBitFlipped_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    byte[] der = pki.leaf().getEncoded();
    der[20] ^= 0x01; // inside the serial number, in tbsCertificate
    X509Certificate tampered = (X509Certificate) CertificateFactory.getInstance("X.509", Providers.bc())
        .generateCertificate(new ByteArrayInputStream(der));
    assertThatThrownBy(() -> ChainValidator.validate(List.of(tampered, pki.issuing().certificate()),
        Set.of(pki.root().certificate()), TestPki.NOW, CertificateProfile.DOCUMENT_SIGNING))
        .isInstanceOf(CertificateVerificationException.class)
        .hasMessageEndingWith(".signature must verify with the key of certificate chain[1], but was: invalid");
  }

  @Test
  void validate_tlsServerLeafForDocumentSigning_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.TLS_SERVER);
    assertThatThrownBy(() -> ChainValidator.validate(pki.chainWithoutRoot(), Set.of(pki.root().certificate()),
        TestPki.NOW, CertificateProfile.DOCUMENT_SIGNING))
        .isInstanceOf(CertificateVerificationException.class)
        .hasMessage("certificate chain[0].keyUsage must include nonRepudiation for profile DOCUMENT_SIGNING,"
            + " but was: [digitalSignature]")
        .isInstanceOfSatisfying(CertificateVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.PROFILE));
  }

  @Test
  void validate_logSigningLeafForTlsClient_throwsOnEku() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.LOG_SIGNING);
    assertThatThrownBy(() -> ChainValidator.validate(pki.chainWithoutRoot(), Set.of(pki.root().certificate()),
        TestPki.NOW, CertificateProfile.TLS_CLIENT))
        .isInstanceOf(CertificateVerificationException.class)
        .hasMessage("certificate chain[0].extendedKeyUsage must include 1.3.6.1.5.5.7.3.2 for profile"
            + " TLS_CLIENT, but was: absent");
  }

  @Test
  void validate_issuingCaAsLeafForDocumentSigning_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ED25519, CertificateProfile.DOCUMENT_SIGNING);
    assertThatThrownBy(() -> ChainValidator.validate(List.of(pki.issuing().certificate()),
        Set.of(pki.root().certificate()), TestPki.NOW, CertificateProfile.DOCUMENT_SIGNING))
        .isInstanceOf(CertificateVerificationException.class)
        .hasMessage("certificate chain[0].basicConstraints.cA must be false for profile DOCUMENT_SIGNING,"
            + " but was: true");
  }

  @Test
  void validate_pathLengthExceeded_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.DOCUMENT_SIGNING);
    CertificateAuthority third = pki.issuing().createSubordinate("CN=Too Deep", Keys.generate(
        SignatureAlgorithm.ECDSA_P256_SHA256), TestPki.NOW.minus(Duration.ofDays(1)), TestPki.NOW.plus(Duration.ofDays(10)));
    X509Certificate leaf = third.issue(CertificateRequest.of("CN=leaf", Keys.generate(
        SignatureAlgorithm.ECDSA_P256_SHA256).getPublic(), CertificateProfile.DOCUMENT_SIGNING,
        TestPki.NOW.minus(Duration.ofDays(1)), TestPki.NOW.plus(Duration.ofDays(10))));
    assertThatThrownBy(() -> ChainValidator.validate(List.of(leaf, third.certificate(), pki.issuing().certificate()),
        Set.of(pki.root().certificate()), TestPki.NOW, CertificateProfile.DOCUMENT_SIGNING))
        .isInstanceOf(CertificateVerificationException.class)
        .hasMessage("certificate chain[2].basicConstraints.pathLenConstraint must be at least 1, but was: 0")
        .isInstanceOfSatisfying(CertificateVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.PROFILE));
  }

  @Test
  void validate_swappedChainOrder_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    assertThatThrownBy(() -> ChainValidator.validate(List.of(pki.issuing().certificate(), pki.leaf()),
        Set.of(pki.root().certificate()), TestPki.NOW, CertificateProfile.DOCUMENT_SIGNING))
        .isInstanceOf(CertificateVerificationException.class)
        .hasMessage("certificate chain[0].issuer must be CN=Market Regulation Bureau,organizationIdentifier=11430000006122244L,O=Hunan,C=CN (subject of certificate chain[1]), but was: CN=CertHub Test Root SM2_SM3,O=CertHub,C=CN");
  }

  @Test
  void validate_emptyChain_throws() {
    assertThatThrownBy(() -> ChainValidator.validate(List.of(), Set.of(), TestPki.NOW, CertificateProfile.ROOT_CA))
        .isInstanceOf(CertificateVerificationException.class)
        .hasMessage("certificate chain must contain at least the leaf certificate, but was: empty")
        .isInstanceOfSatisfying(CertificateVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @Test
  void constructor_withoutReason_defaultsToUntrusted() {
    assertThat(new CertificateVerificationException("x").reason()).isEqualTo(Reason.UNTRUSTED);
    assertThat(new CertificateVerificationException("x", new IllegalStateException()).reason())
        .isEqualTo(Reason.UNTRUSTED);
  }

  static CrlRevocationSource crl(CertificateAuthority ca, X509Certificate revoked, Revocation r) throws Exception {
    return CrlRevocationSource.of(List.of(ca.issueCrl(List.of(new RevokedCertificate(revoked.getSerialNumber(), r)),
        BigInteger.ONE, TestPki.NOW.minus(Duration.ofDays(1)), TestPki.NOW.plus(Duration.ofDays(7)))),
        List.of(ca.certificate()));
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void validate_leafRevokedForKeyCompromise_throwsNamingSubjectSerialTimeAndReason(SignatureAlgorithm alg)
      throws Exception {
    TestPki pki = TestPki.create(alg, CertificateProfile.DOCUMENT_SIGNING);
    Instant revokedAt = TestPki.NOW.plus(Duration.ofDays(3)); // after `at`: key compromise still counts
    CrlRevocationSource source = crl(pki.issuing(), pki.leaf(), new Revocation(revokedAt, Revocation.KEY_COMPROMISE));
    assertThatThrownBy(() -> ChainValidator.validate(pki.chainWithoutRoot(), Set.of(pki.root().certificate()),
        TestPki.NOW, CertificateProfile.DOCUMENT_SIGNING, source))
        .isInstanceOfSatisfying(CertificateVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.REVOKED))
        .hasMessage("certificate chain[0] (subject CN=Market Regulation Bureau,organizationIdentifier="
            + TestPki.ISSUER_CODE + ",O=Hunan,C=CN, serial " + pki.leaf().getSerialNumber().toString(16)
            + ") must not be revoked at " + TestPki.NOW + ", but was: revoked at " + revokedAt
            + " for keyCompromise (1)");
  }

  @Test
  void validate_leafSupersededAfterSigningTime_acceptedBeforeRejectedAfter() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    Instant revokedAt = TestPki.NOW.minus(Duration.ofDays(2));
    CrlRevocationSource source = crl(pki.issuing(), pki.leaf(), new Revocation(revokedAt, 4));
    Set<X509Certificate> anchors = Set.of(pki.root().certificate());
    ChainValidator.validate(pki.chainWithoutRoot(), anchors, revokedAt.minusSeconds(1),
        CertificateProfile.DOCUMENT_SIGNING, source);
    assertThatThrownBy(() -> ChainValidator.validate(pki.chainWithoutRoot(), anchors, revokedAt,
        CertificateProfile.DOCUMENT_SIGNING, source))
        .isInstanceOfSatisfying(CertificateVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.REVOKED))
        .hasMessageEndingWith(", but was: revoked at " + revokedAt + " for superseded (4)");
    // without a revocation source the same chain passes: revocation is only checked when asked for
    ChainValidator.validate(pki.chainWithoutRoot(), anchors, TestPki.NOW, CertificateProfile.DOCUMENT_SIGNING);
  }

  @Test
  void validate_issuingCaRevokedByRoot_throwsForChainOne() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.DOCUMENT_SIGNING);
    Instant revokedAt = TestPki.NOW.minus(Duration.ofDays(1));
    CrlRevocationSource source = crl(pki.root(), pki.issuing().certificate(), new Revocation(revokedAt, 2));
    assertThatThrownBy(() -> ChainValidator.validate(pki.chainWithoutRoot(), Set.of(pki.root().certificate()),
        TestPki.NOW, CertificateProfile.DOCUMENT_SIGNING, source))
        .isInstanceOfSatisfying(CertificateVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.REVOKED))
        .hasMessage("certificate chain[1] (subject CN=CertHub Test Issuing ECDSA_P256_SHA256,O=CertHub,C=CN,"
            + " serial " + pki.issuing().certificate().getSerialNumber().toString(16) + ") must not be revoked at "
            + TestPki.NOW + ", but was: revoked at " + revokedAt + " for cACompromise (2)");
  }

  /** The trust anchor is trusted by configuration; a source claiming it revoked is not consulted. */
  @Test
  void validate_anchorReportedRevoked_stillAccepted() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    X509Certificate root = pki.root().certificate();
    RevocationSource everythingRevoked = c -> java.util.Optional.of(new Revocation(TestPki.NOW.minus(Duration.ofDays(1)), 1));
    ChainValidator.validate(List.of(root), Set.of(root), TestPki.NOW, CertificateProfile.ROOT_CA, everythingRevoked);
    ChainValidator.validate(List.of(pki.issuing().certificate(), root), Set.of(root), TestPki.NOW,
        CertificateProfile.ISSUING_CA, c -> c.equals(root) ? everythingRevoked.revocation(c) : java.util.Optional.empty());
    assertThatThrownBy(() -> ChainValidator.validate(List.of(pki.issuing().certificate(), root), Set.of(root),
        TestPki.NOW, CertificateProfile.ISSUING_CA, everythingRevoked))
        .isInstanceOfSatisfying(CertificateVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.REVOKED))
        .hasMessageStartingWith("certificate chain[0] (subject CN=CertHub Test Issuing SM2_SM3");
  }

  @Test
  void validate_otherCertificateRevoked_accepts() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ED25519, CertificateProfile.DOCUMENT_SIGNING);
    X509Certificate other = CrlTest.leaf(pki.issuing(), "Other");
    CrlRevocationSource source = crl(pki.issuing(), other, new Revocation(TestPki.NOW.minus(Duration.ofDays(5)), 1));
    ChainValidator.validate(pki.chainWithoutRoot(), Set.of(pki.root().certificate()), TestPki.NOW,
        CertificateProfile.DOCUMENT_SIGNING, source);
    assertThat(source.revocation(other)).isPresent();
  }

  @Test
  void validate_timeStampingLeafWithCriticalExactEku_acceptedAsTimeStampingOnly() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.TIME_STAMPING);
    ChainValidator.validate(pki.chainWithoutRoot(), Set.of(pki.root().certificate()), TestPki.NOW,
        CertificateProfile.TIME_STAMPING);
    assertThatThrownBy(() -> ChainValidator.validate(pki.chainWithoutRoot(), Set.of(pki.root().certificate()),
        TestPki.NOW, CertificateProfile.SEAL_MAKER))
        .isInstanceOfSatisfying(CertificateVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.PROFILE))
        .hasMessage("certificate chain[0].extendedKeyUsage must include 1.3.6.1.5.5.7.3.36 for profile"
            + " SEAL_MAKER, but was: [1.3.6.1.5.5.7.3.8]");
  }
}

package org.certhub.signer.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link CertificateAuthority#issueCrl}, {@link CrlRevocationSource} and their failure messages. */
class CrlTest {

  static final Instant THIS_UPDATE = TestPki.NOW.minus(Duration.ofHours(1));
  static final Instant NEXT_UPDATE = TestPki.NOW.plus(Duration.ofDays(7));
  static final Instant REVOKED_AT = TestPki.NOW.minus(Duration.ofDays(2));

  static X509Certificate leaf(CertificateAuthority ca, String cn) throws Exception {
    return ca.issue(CertificateRequest.of("CN=" + cn + ",organizationIdentifier=" + TestPki.ISSUER_CODE,
        Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256).getPublic(), CertificateProfile.DOCUMENT_SIGNING,
        TestPki.NOW.minus(Duration.ofDays(10)), TestPki.NOW.plus(Duration.ofDays(100))));
  }

  static X509CRL parse(byte[] der) throws Exception {
    return (X509CRL) CertificateFactory.getInstance("X.509", Providers.bc())
        .generateCRL(new ByteArrayInputStream(der));
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void issueCrl_eachCaAlgorithm_v2WithNumberAkiAndReasonCodes(SignatureAlgorithm alg) throws Exception {
    TestPki pki = TestPki.create(alg, CertificateProfile.DOCUMENT_SIGNING);
    CertificateAuthority ca = pki.issuing();
    X509Certificate compromised = leaf(ca, "Compromised");
    X509Certificate unspecified = leaf(ca, "Unspecified");
    X509Certificate good = leaf(ca, "Good");
    X509CRL crl = ca.issueCrl(List.of(
            new RevokedCertificate(compromised.getSerialNumber(), new Revocation(REVOKED_AT, Revocation.KEY_COMPROMISE)),
            new RevokedCertificate(unspecified.getSerialNumber(), new Revocation(REVOKED_AT, 0))),
        BigInteger.valueOf(42), THIS_UPDATE, NEXT_UPDATE);

    assertThat(crl.getVersion()).isEqualTo(2);
    assertThat(crl.getSigAlgOID()).isEqualTo(alg.oid());
    assertThat(crl.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
    assertThat(crl.getThisUpdate().toInstant()).isEqualTo(THIS_UPDATE);
    assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NEXT_UPDATE);
    assertThat(crl.getCriticalExtensionOIDs()).isEmpty();
    assertThat(CRLNumber.getInstance(ASN1OctetString.getInstance(crl.getExtensionValue("2.5.29.20")).getOctets())
        .getCRLNumber()).isEqualTo(42);
    assertThat(AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(
        crl.getExtensionValue("2.5.29.35")).getOctets()).getKeyIdentifierOctets())
        .isEqualTo(CertificateAuthorityTest.ski(ca.certificate()));
    X509CRLEntry e1 = crl.getRevokedCertificate(compromised.getSerialNumber());
    assertThat(e1.getRevocationDate().toInstant()).isEqualTo(REVOKED_AT);
    assertThat(e1.getExtensionValue("2.5.29.21")).isNotNull();
    assertThat(crl.getRevokedCertificate(unspecified.getSerialNumber()).getExtensionValue("2.5.29.21"))
        .as("RFC 5280 §5.3.1: reasonCode unspecified SHOULD be absent").isNull();
    assertThat(crl.getRevokedCertificate(good.getSerialNumber())).isNull();

    CrlRevocationSource source = CrlRevocationSource.of(List.of(crl), List.of(ca.certificate()));
    assertThat(source.revocation(compromised)).contains(new Revocation(REVOKED_AT, 1));
    assertThat(source.revocation(unspecified)).contains(new Revocation(REVOKED_AT, 0));
    assertThat(source.revocation(good)).isEmpty();
    assertThat(source.covers(ca.certificate())).isTrue();
    assertThat(source.covers(pki.root().certificate())).isFalse();
    assertThat(source.nextUpdate(ca.certificate().getSubjectX500Principal())).contains(NEXT_UPDATE);
  }

  @Test
  void issueCrl_empty_isValidAndRevokesNothing() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    X509CRL crl = pki.issuing().issueCrl(List.of(), BigInteger.ONE, THIS_UPDATE, NEXT_UPDATE);
    assertThat(crl.getRevokedCertificates()).isNull();
    CrlRevocationSource source = CrlRevocationSource.of(List.of(crl), pki.issuing().chain());
    assertThat(source.revocation(pki.leaf())).isEmpty();
    assertThat(source.covers(pki.issuing().certificate())).isTrue();
  }

  @Test
  void revocation_certificateOfAnotherIssuer_empty() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.DOCUMENT_SIGNING);
    // The root's CRL lists the leaf's serial, but the leaf is issued by the issuing CA.
    X509CRL crl = pki.root().issueCrl(List.of(new RevokedCertificate(pki.leaf().getSerialNumber(),
        new Revocation(REVOKED_AT, 1))), BigInteger.ONE, THIS_UPDATE, NEXT_UPDATE);
    CrlRevocationSource source = CrlRevocationSource.of(List.of(crl), List.of(pki.root().certificate()));
    assertThat(source.revocation(pki.leaf())).isEmpty();
  }

  @Test
  void of_twoCrlsOfOneIssuer_highestCrlNumberWinsWhateverTheOrder() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ED25519, CertificateProfile.DOCUMENT_SIGNING);
    CertificateAuthority ca = pki.issuing();
    X509CRL held = ca.issueCrl(List.of(new RevokedCertificate(pki.leaf().getSerialNumber(),
        new Revocation(REVOKED_AT, 6))), BigInteger.valueOf(7), THIS_UPDATE, NEXT_UPDATE);
    X509CRL released = ca.issueCrl(List.of(), BigInteger.valueOf(8), TestPki.NOW, NEXT_UPDATE);
    assertThat(CrlRevocationSource.of(List.of(held, released), List.of(ca.certificate())).revocation(pki.leaf()))
        .isEmpty();
    assertThat(CrlRevocationSource.of(List.of(released, held), List.of(ca.certificate())).revocation(pki.leaf()))
        .isEmpty();
    assertThat(CrlRevocationSource.of(List.of(held), List.of(ca.certificate())).revocation(pki.leaf()))
        .contains(new Revocation(REVOKED_AT, 6));
  }

  @Test
  void of_crlOfAnIssuerNotGiven_throwsNamingIt() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    X509CRL crl = pki.issuing().issueCrl(List.of(), BigInteger.ONE, THIS_UPDATE, NEXT_UPDATE);
    assertThatThrownBy(() -> CrlRevocationSource.of(List.of(crl), List.of(pki.root().certificate())))
        .isInstanceOf(CrlVerificationException.class)
        .hasMessage("crl[0].issuer must be the subject (and key) of one of the issuer certificates"
            + " [CN=CertHub Test Root SM2_SM3,O=CertHub,C=CN], but was: CN=CertHub Test Issuing SM2_SM3,O=CertHub,C=CN");
  }

  /** Same issuer name, another key: a CA re-keyed or impersonated. AKI/SKI tell them apart. */
  @Test
  void of_crlOfSameNameOtherKey_throws() throws Exception {
    Instant nb = TestPki.NOW.minus(Duration.ofDays(1));
    Instant na = TestPki.NOW.plus(Duration.ofDays(10));
    CertificateAuthority real = CertificateAuthority.createRoot("CN=Same Name,C=CN",
        Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256), nb, na);
    CertificateAuthority impostor = CertificateAuthority.createRoot("CN=Same Name,C=CN",
        Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256), nb, na);
    X509CRL crl = impostor.issueCrl(List.of(), BigInteger.ONE, THIS_UPDATE, NEXT_UPDATE);
    assertThatThrownBy(() -> CrlRevocationSource.of(List.of(crl), List.of(real.certificate())))
        .isInstanceOf(CrlVerificationException.class)
        .hasMessage("crl[0].issuer must be the subject (and key) of one of the issuer certificates"
            + " [CN=Same Name,C=CN], but was: CN=Same Name,C=CN");
  }

  /**
   * Flip each bit of a DER CRL in turn; every variant that still parses as a CRL must be refused
   * (the signature, the issuer match or a structure check catches it), never used.
   */
  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void of_anyFlippedBit_refused(SignatureAlgorithm alg) throws Exception {
    TestPki pki = TestPki.create(alg, CertificateProfile.DOCUMENT_SIGNING);
    CertificateAuthority ca = pki.issuing();
    byte[] der = ca.issueCrl(List.of(new RevokedCertificate(pki.leaf().getSerialNumber(),
        new Revocation(REVOKED_AT, 4))), BigInteger.TEN, THIS_UPDATE, NEXT_UPDATE).getEncoded();
    CrlRevocationSource.of(List.of(parse(der)), List.of(ca.certificate())); // the original is fine
    int parsed = 0;
    for (int bit = 0; bit < der.length * 8; bit++) {
      byte[] t = der.clone();
      t[bit / 8] ^= (byte) (1 << (bit % 8));
      X509CRL tampered;
      try {
        tampered = parse(t);
      } catch (Exception | AssertionError notACrl) {
        continue;
      }
      if (tampered == null) {
        continue;
      }
      parsed++;
      final int b = bit;
      assertThatThrownBy(() -> CrlRevocationSource.of(List.of(tampered), List.of(ca.certificate())))
          .as("bit %d", b)
          .isInstanceOf(CrlVerificationException.class);
    }
    assertThat(parsed).as("flips that still parse as a CRL").isGreaterThan(der.length * 4);
  }

  @Test
  void of_signatureBitFlipped_throwsSignatureMessage() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    byte[] der = pki.issuing().issueCrl(List.of(), BigInteger.ONE, THIS_UPDATE, NEXT_UPDATE).getEncoded();
    der[der.length - 1] ^= 0x01; // inside the signature value
    X509CRL tampered = parse(der);
    assertThatThrownBy(() -> CrlRevocationSource.of(List.of(tampered), List.of(pki.issuing().certificate())))
        .isInstanceOf(CrlVerificationException.class)
        .hasMessage("crl[0].signature must verify with the key of CN=CertHub Test Issuing SM2_SM3,O=CertHub,C=CN,"
            + " but was: invalid");
  }

  /** A CRL signed by a key that may not sign CRLs: the document-signing leaf of the same name. */
  @Test
  void of_issuerWithoutCrlSign_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.DOCUMENT_SIGNING);
    X509CRL crl = build(pki.leafKey(), pki.leaf(), false);
    assertThatThrownBy(() -> CrlRevocationSource.of(List.of(crl), List.of(pki.leaf())))
        .isInstanceOf(CrlVerificationException.class)
        .hasMessage("crl[0] issuer CN=Market Regulation Bureau,organizationIdentifier=11430000006122244L,O=Hunan,C=CN"
            + " keyUsage must include cRLSign, but was: without it");
  }

  @Test
  void of_criticalIssuingDistributionPoint_refused() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ED25519, CertificateProfile.DOCUMENT_SIGNING);
    X509CRL crl = build(pki.issuing().key(), pki.issuing().certificate(), true);
    assertThatThrownBy(() -> CrlRevocationSource.of(List.of(crl), List.of(pki.issuing().certificate())))
        .isInstanceOf(CrlVerificationException.class)
        .hasMessage("crl[0] must have no critical extension (delta and indirect CRLs are not processed),"
            + " but was: critical [2.5.29.28]");
  }

  /** A CRL built by hand with BC, signed through the key handle, optionally with a critical IDP. */
  static X509CRL build(KeyHandle key, X509Certificate issuer, boolean criticalIdp) throws Exception {
    X509v2CRLBuilder b = new X509v2CRLBuilder(new X509CertificateHolder(issuer.getEncoded()).getSubject(),
        Date.from(THIS_UPDATE));
    b.setNextUpdate(Date.from(NEXT_UPDATE));
    b.addExtension(Extension.cRLNumber, false, new ASN1Integer(1));
    if (criticalIdp) {
      b.addExtension(Extension.issuingDistributionPoint, true,
          new IssuingDistributionPoint(null, true, false));
    }
    return new JcaX509CRLConverter().setProvider(Providers.bc())
        .getCRL(b.build(new KeyHandleContentSigner(key)));
  }

  @Test
  void issueCrl_duplicateSerial_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.DOCUMENT_SIGNING);
    RevokedCertificate r = new RevokedCertificate(BigInteger.valueOf(0xabc), new Revocation(REVOKED_AT, 1));
    assertThatThrownBy(() -> pki.issuing().issueCrl(List.of(r, r), BigInteger.ONE, THIS_UPDATE, NEXT_UPDATE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("revoked[1].serial must be unique, but was: a repeat of abc");
  }

  @Test
  void issueCrl_removeFromCrl_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.DOCUMENT_SIGNING);
    RevokedCertificate r = new RevokedCertificate(BigInteger.TWO, new Revocation(REVOKED_AT, 8));
    assertThatThrownBy(() -> pki.issuing().issueCrl(List.of(r), BigInteger.ONE, THIS_UPDATE, NEXT_UPDATE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("revoked[0].revocation.reason must not be removeFromCRL (8) in a complete CRL"
            + " (RFC 5280 §5.3.1), but was: 8");
  }

  @Test
  void issueCrl_nextUpdateNotAfterThisUpdate_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ED25519, CertificateProfile.DOCUMENT_SIGNING);
    assertThatThrownBy(() -> pki.issuing().issueCrl(List.of(), BigInteger.ONE, THIS_UPDATE, THIS_UPDATE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nextUpdate must be after thisUpdate " + THIS_UPDATE + ", but was: " + THIS_UPDATE);
    assertThatThrownBy(() -> pki.issuing().issueCrl(List.of(), BigInteger.valueOf(-1), THIS_UPDATE, NEXT_UPDATE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("crlNumber must be 0 to 2^159-1 (RFC 5280 §5.2.3), but was: -1");
  }

  @Test
  void revokedCertificate_nonPositiveSerial_throws() {
    assertThatThrownBy(() -> new RevokedCertificate(BigInteger.ZERO, new Revocation(REVOKED_AT, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("serial must be positive, but was: 0");
  }
}

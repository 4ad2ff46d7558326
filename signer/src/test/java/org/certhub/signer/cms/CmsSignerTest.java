package org.certhub.signer.cms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.cms.CmsCheck.Name;
import org.certhub.signer.cms.CmsCheck.Status;
import org.certhub.signer.cms.CmsSigner.Mode;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.tsa.TimeStampAuthority;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Round trips per algorithm, mode and level; tampering; hostile input. */
class CmsSignerTest {

  private static final byte[] CONTENT = "营业执照 91330106MA2B3C4D5D: the bytes a department signs".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void roundTrip_detachedAndEnveloping_BAndT(SignatureAlgorithm alg) throws Exception {
    CmsFixtures f = CmsFixtures.create(alg);
    for (Mode mode : Mode.values()) {
      for (boolean t : new boolean[] {false, true}) {
        byte[] cms = (t ? f.signerT() : f.signerB()).sign(CONTENT, mode);
        CmsVerification v = CmsVerifier.verify(cms, mode == Mode.DETACHED ? CONTENT : null, f.anchors(), TestPki.NOW);
        assertThat(v.valid()).as(alg + " " + mode + " T=" + t + ": " + v.checks()).isTrue();
        assertThat(v.content()).isEqualTo(CONTENT);
        assertThat(v.level()).isEqualTo(t ? "B-T" : "B-B");
        assertThat(v.signer()).isEqualTo(f.signer().chain().get(0));
        assertThat(v.signingTime()).contains(TestPki.NOW);
        assertThat(v.check(Name.TIMESTAMP_IMPRINT).status()).isEqualTo(t ? Status.PASSED : Status.NOT_APPLICABLE);
        if (t) {
          assertThat(v.timestamp()).contains(TestPki.NOW);
        }
      }
    }
  }

  @Test
  void sm2_usesTheGmOids() throws Exception {
    CmsFixtures f = CmsFixtures.create(SignatureAlgorithm.SM2_SM3);
    CMSSignedData sd = new CMSSignedData(f.signerB().sign(CONTENT, Mode.ENVELOPING));
    SignerInformation si = sd.getSignerInfos().getSigners().iterator().next();
    assertThat(si.getEncryptionAlgOID()).isEqualTo("1.2.156.10197.1.501");
    assertThat(si.getDigestAlgOID()).isEqualTo("1.2.156.10197.1.401");
  }

  @Test
  void ed25519_usesSha512() throws Exception {
    CmsFixtures f = CmsFixtures.create(SignatureAlgorithm.ED25519);
    SignerInformation si = new CMSSignedData(f.signerB().sign(CONTENT, Mode.ENVELOPING)).getSignerInfos().getSigners().iterator().next();
    assertThat(si.getEncryptionAlgOID()).isEqualTo("1.3.101.112");
    assertThat(si.getDigestAlgOID()).isEqualTo("2.16.840.1.101.3.4.2.3");
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void tamperedContent_failsMessageDigest(SignatureAlgorithm alg) throws Exception {
    CmsFixtures f = CmsFixtures.create(alg);
    byte[] other = CONTENT.clone();
    other[3] ^= 1;
    CmsVerification detached = CmsVerifier.verify(f.signerT().sign(CONTENT, Mode.DETACHED), other, f.anchors(), TestPki.NOW);
    assertThat(detached.valid()).isFalse();
    assertThat(detached.check(Name.MESSAGE_DIGEST).status()).isEqualTo(Status.FAILED);
    assertThat(detached.check(Name.SIGNATURE).status()).isEqualTo(Status.PASSED);

    byte[] enveloping = f.signerT().sign(CONTENT, Mode.ENVELOPING);
    flip(enveloping, indexOf(enveloping, CONTENT) + 3);
    CmsVerification v = CmsVerifier.verify(enveloping, null, f.anchors(), TestPki.NOW);
    assertThat(v.check(Name.MESSAGE_DIGEST).status()).isEqualTo(Status.FAILED);
    assertThat(v.check(Name.MESSAGE_DIGEST).detail()).contains("messageDigest must be the digest of the content");
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void tamperedSignedAttribute_failsSignature(SignatureAlgorithm alg) throws Exception {
    CmsFixtures f = CmsFixtures.create(alg);
    byte[] cms = f.signerB().sign(CONTENT, Mode.DETACHED);
    int i = indexOf(cms, "260115080000Z".getBytes(StandardCharsets.US_ASCII)); // signing-time
    cms[i + 9] = '1';
    CmsVerification v = CmsVerifier.verify(cms, CONTENT, f.anchors(), TestPki.NOW);
    assertThat(v.valid()).isFalse();
    assertThat(v.check(Name.SIGNATURE).status()).as(v.checks().toString()).isEqualTo(Status.FAILED);
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void tamperedSignature_fails(SignatureAlgorithm alg) throws Exception {
    CmsFixtures f = CmsFixtures.create(alg);
    byte[] cms = f.signerB().sign(CONTENT, Mode.DETACHED);
    byte[] sig = new CMSSignedData(cms).getSignerInfos().getSigners().iterator().next().getSignature();
    flip(cms, indexOf(cms, sig) + sig.length - 2);
    CmsVerification v = CmsVerifier.verify(cms, CONTENT, f.anchors(), TestPki.NOW);
    assertThat(v.check(Name.SIGNATURE).status()).isEqualTo(Status.FAILED);
  }

  @Test
  void swappedCertificate_isNotTheSigner() throws Exception {
    CmsFixtures f = CmsFixtures.create(SignatureAlgorithm.ECDSA_P256_SHA256);
    KeyHandle other = CmsFixtures.leaf(f.pki(), SignatureAlgorithm.ECDSA_P256_SHA256, "CN=Other,O=CertHub,C=CN",
        CertificateProfile.DOCUMENT_SIGNING);
    CMSSignedData sd = new CMSSignedData(f.signerB().sign(CONTENT, Mode.ENVELOPING));
    CMSSignedData swapped = CMSSignedData.replaceCertificatesAndCRLs(sd, new JcaCertStore(other.chain()), null, null);
    CmsVerification v = CmsVerifier.verify(swapped.getEncoded("DER"), null, f.anchors(), TestPki.NOW);
    assertThat(v.valid()).isFalse();
    assertThat(v.check(Name.ALGORITHM).detail()).contains("sid must name a certificate in cms.certificates");
  }

  @Test
  void untrustedRoot_failsChain() throws Exception {
    CmsFixtures f = CmsFixtures.create(SignatureAlgorithm.ED25519);
    CmsFixtures stranger = CmsFixtures.create(SignatureAlgorithm.ED25519);
    CmsVerification v = CmsVerifier.verify(f.signerT().sign(CONTENT, Mode.DETACHED), CONTENT, stranger.anchors(), TestPki.NOW);
    assertThat(v.check(Name.CERTIFICATE_CHAIN).status()).isEqualTo(Status.FAILED);
    assertThat(v.check(Name.TIMESTAMP_CERTIFICATE).status()).isEqualTo(Status.FAILED);
    assertThat(v.check(Name.SIGNATURE).status()).isEqualTo(Status.PASSED);
  }

  @Test
  void revokedSignerCertificate_failsChain_whenARevocationSourceIsGiven() throws Exception {
    CmsFixtures f = CmsFixtures.create(SignatureAlgorithm.ECDSA_P256_SHA256);
    byte[] cms = f.signerT().sign(CONTENT, Mode.DETACHED);
    java.security.cert.X509Certificate leaf = f.signer().chain().get(0);
    org.certhub.signer.pki.RevocationSource revoked = c -> c.equals(leaf)
        ? java.util.Optional.of(new org.certhub.signer.pki.Revocation(TestPki.NOW.minusSeconds(60), 1))
        : java.util.Optional.empty();
    CmsVerification v = CmsVerifier.verify(cms, CONTENT, f.anchors(), TestPki.NOW, revoked);
    assertThat(v.check(Name.CERTIFICATE_CHAIN).status()).isEqualTo(Status.FAILED);
    assertThat(v.check(Name.CERTIFICATE_CHAIN).detail()).contains("must not be revoked").contains("keyCompromise");
    assertThat(CmsVerifier.verify(cms, CONTENT, f.anchors(), TestPki.NOW).valid()).isTrue();
  }

  @Test
  void signatureAlgorithmNotTheKeys_isRefusedWithoutComputing() throws Exception {
    CmsFixtures f = CmsFixtures.create(SignatureAlgorithm.ECDSA_P256_SHA256);
    byte[] cms = f.signerB().sign(CONTENT, Mode.DETACHED);
    byte[] ecdsaSha256 = HexFormat.of().parseHex("06082a8648ce3d040302");
    int last = lastIndexOf(cms, ecdsaSha256); // the SignerInfo's signatureAlgorithm comes last
    cms[last + ecdsaSha256.length - 1] = 0x03; // ecdsa-with-SHA384
    CmsVerification v = CmsVerifier.verify(cms, CONTENT, f.anchors(), TestPki.NOW);
    assertThat(v.check(Name.ALGORITHM).status()).isEqualTo(Status.FAILED);
    assertThat(v.check(Name.ALGORITHM).detail())
        .isEqualTo("cms.signerInfos[0].signatureAlgorithm must be 1.2.840.10045.4.3.2 (ECDSA_P256_SHA256, bound to the signer's key),"
            + " but was: 1.2.840.10045.4.3.3");
    assertThat(v.check(Name.SIGNATURE).status()).isEqualTo(Status.NOT_CHECKED);
  }

  @Test
  void timestampOverOtherData_failsImprint() throws Exception {
    CmsFixtures f = CmsFixtures.create(SignatureAlgorithm.SM2_SM3);
    byte[] cms = withTimestamp(f.signerB().sign(CONTENT, Mode.DETACHED), f.tsa().timestamp("other data".getBytes(StandardCharsets.UTF_8)));
    CmsVerification v = CmsVerifier.verify(cms, CONTENT, f.anchors(), TestPki.NOW);
    assertThat(v.valid()).isFalse();
    assertThat(v.check(Name.TIMESTAMP_IMPRINT).status()).isEqualTo(Status.FAILED);
    assertThat(v.check(Name.TIMESTAMP_SIGNATURE).status()).isEqualTo(Status.PASSED);
    assertThat(v.timestamp()).isEmpty();
  }

  @Test
  void tsaCertificateWithoutTheEku_failsTimestampCertificate() throws Exception {
    CmsFixtures f = CmsFixtures.create(SignatureAlgorithm.ECDSA_P256_SHA256);
    KeyHandle notTsa = CmsFixtures.leaf(f.pki(), SignatureAlgorithm.ECDSA_P256_SHA256, "CN=Not a TSA,O=CertHub,C=CN",
        CertificateProfile.DOCUMENT_SIGNING);
    // Our TSA (Bouncy Castle's generator) refuses such a key, so the token is made by hand.
    assertThatThrownBy(() -> new TimeStampAuthority(notTsa, CmsFixtures.CLOCK).timestamp(CONTENT))
        .hasMessageContaining("Certificate must have an ExtendedKeyUsage extension");
    byte[] b = f.signerB().sign(CONTENT, Mode.DETACHED);
    byte[] sig = new CMSSignedData(b).getSignerInfos().getSigners().iterator().next().getSignature();
    CmsVerification v = CmsVerifier.verify(withTimestamp(b, handMadeToken(notTsa, sig)), CONTENT, f.anchors(), TestPki.NOW);
    assertThat(v.valid()).isFalse();
    assertThat(v.check(Name.TIMESTAMP_CERTIFICATE).status()).isEqualTo(Status.FAILED);
    assertThat(v.check(Name.TIMESTAMP_CERTIFICATE).detail()).contains("extendedKeyUsage must include 1.3.6.1.5.5.7.3.8");
    assertThat(v.check(Name.TIMESTAMP_IMPRINT).status()).isEqualTo(Status.PASSED);
  }

  @Test
  void missingSigningCertificateV2_fails() throws Exception {
    CmsFixtures f = CmsFixtures.create(SignatureAlgorithm.ECDSA_P256_SHA256);
    // Sign with plain BC attributes (no ESS attribute): what 'openssl cms -sign' without -cades makes.
    org.bouncycastle.cms.CMSSignedDataGenerator g = new org.bouncycastle.cms.CMSSignedDataGenerator();
    g.addSignerInfoGenerator(new org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder(
        new org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder().build())
        .build(new org.certhub.signer.pki.KeyHandleContentSigner(f.signer()), f.signer().chain().get(0)));
    g.addCertificates(new JcaCertStore(f.signer().chain()));
    byte[] cms = g.generate(new org.bouncycastle.cms.CMSProcessableByteArray(CONTENT), false).getEncoded("DER");
    CmsVerification v = CmsVerifier.verify(cms, CONTENT, f.anchors(), TestPki.NOW);
    assertThat(v.check(Name.SIGNATURE).status()).isEqualTo(Status.PASSED);
    assertThat(v.check(Name.SIGNING_CERTIFICATE).detail())
        .isEqualTo("cms.signerInfos[0].signedAttrs.signingCertificateV2 must be present once (CAdES baseline), but was: absent");
    assertThat(v.valid()).isFalse();
  }

  @Test
  void hostileInput_isACmsFormatExceptionNamingWhere() throws Exception {
    CmsFixtures f = CmsFixtures.create(SignatureAlgorithm.ECDSA_P256_SHA256);
    byte[] cms = f.signerT().sign(CONTENT, Mode.ENVELOPING);
    byte[] truncated = java.util.Arrays.copyOf(cms, cms.length / 2);
    assertThatThrownBy(() -> CmsVerifier.verify(truncated, null, f.anchors(), TestPki.NOW))
        .isInstanceOf(CmsFormatException.class).hasMessageContaining("cms element at offset");
    byte[] huge = HexFormat.of().parseHex("30847fffffff020101");
    assertThatThrownBy(() -> CmsVerifier.verify(huge, null, f.anchors(), TestPki.NOW))
        .isInstanceOf(CmsFormatException.class)
        .hasMessage("cms element at offset 0 must fit in the 3 remaining byte(s), but declared length 2147483647");
    ByteArrayOutputStream deep = new ByteArrayOutputStream();
    for (int i = 0; i < 100_000; i++) {
      deep.write(0x30);
      deep.write(0x80);
    }
    for (int i = 0; i < 100_000; i++) {
      deep.write(0);
      deep.write(0);
    }
    assertThatThrownBy(() -> CmsVerifier.verify(deep.toByteArray(), null, f.anchors(), TestPki.NOW))
        .isInstanceOf(CmsFormatException.class).hasMessageContaining("levels deep");
    assertThatThrownBy(() -> CmsVerifier.verify(new byte[0], null, f.anchors(), TestPki.NOW))
        .isInstanceOf(CmsFormatException.class).hasMessage("cms must be a DER element, but was: empty");
    assertThatThrownBy(() -> CmsVerifier.verify(HexFormat.of().parseHex("300d06092a864886f70d010701a000"), null, f.anchors(), TestPki.NOW))
        .isInstanceOf(CmsFormatException.class).hasMessageStartingWith("cms must be a ContentInfo holding SignedData");
    assertThatThrownBy(() -> CmsVerifier.verify(f.signerB().sign(CONTENT, Mode.DETACHED), null, f.anchors(), TestPki.NOW))
        .isInstanceOf(CmsFormatException.class).hasMessageStartingWith("detached content must be given");
    // Every truncation and every single-byte corruption: a result or a CmsFormatException, nothing unchecked
    // (a corrupted byte outside what is signed, e.g. the digestAlgorithms set, may still verify).
    for (int cut = 0; cut < cms.length; cut += 7) {
      byte[] c = java.util.Arrays.copyOf(cms, cut);
      assertThatThrownBy(() -> CmsVerifier.verify(c, null, f.anchors(), TestPki.NOW)).isInstanceOf(CmsFormatException.class);
    }
    for (int i = 0; i < cms.length; i += 3) {
      byte[] c = cms.clone();
      c[i] ^= (byte) 0xa5;
      try {
        assertThat(CmsVerifier.verify(c, null, f.anchors(), TestPki.NOW).checks()).as("corruption at " + i).hasSize(8);
      } catch (CmsFormatException expected) {
        // fine: named
      }
    }
  }

  @Test
  void timestampTokenThatIsGarbage_isNamed() throws Exception {
    CmsFixtures f = CmsFixtures.create(SignatureAlgorithm.ECDSA_P256_SHA256);
    byte[] garbage = new org.bouncycastle.asn1.cms.ContentInfo(
        org.bouncycastle.asn1.cms.CMSObjectIdentifiers.data, new org.bouncycastle.asn1.DEROctetString(new byte[3])).getEncoded();
    byte[] cms = withTimestamp(f.signerB().sign(CONTENT, Mode.DETACHED), garbage);
    assertThatThrownBy(() -> CmsVerifier.verify(cms, CONTENT, f.anchors(), TestPki.NOW))
        .isInstanceOf(CmsFormatException.class)
        .hasMessageStartingWith("cms.signerInfos[0].unsignedAttrs.signatureTimeStampToken must be an RFC 3161 TimeStampToken");
  }

  /** A TSTInfo over SHA-256(data), signed by any key with signing-certificate-v2, as a TSA would. */
  static byte[] handMadeToken(KeyHandle key, byte[] data) throws Exception {
    org.bouncycastle.asn1.tsp.TSTInfo tst = new org.bouncycastle.asn1.tsp.TSTInfo(
        new org.bouncycastle.asn1.ASN1ObjectIdentifier(TimeStampAuthority.POLICY),
        new org.bouncycastle.asn1.tsp.MessageImprint(
            new org.bouncycastle.asn1.x509.AlgorithmIdentifier(org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256),
            org.certhub.signer.algorithm.DigestAlgorithm.SHA256.digest(data)),
        new org.bouncycastle.asn1.ASN1Integer(7), new org.bouncycastle.asn1.ASN1GeneralizedTime(java.util.Date.from(TestPki.NOW)),
        null, null, null, null, null);
    java.security.cert.X509Certificate cert = key.chain().get(0);
    org.bouncycastle.asn1.ess.ESSCertIDv2 id = new org.bouncycastle.asn1.ess.ESSCertIDv2(
        org.certhub.signer.algorithm.DigestAlgorithm.SHA256.digest(cert.getEncoded()));
    Attribute ess = new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
        new DERSet(new org.bouncycastle.asn1.ess.SigningCertificateV2(new org.bouncycastle.asn1.ess.ESSCertIDv2[] {id})));
    org.bouncycastle.cms.CMSSignedDataGenerator g = new org.bouncycastle.cms.CMSSignedDataGenerator();
    g.addSignerInfoGenerator(new org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder(
        new org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder().build())
        .setSignedAttributeGenerator(new org.bouncycastle.cms.DefaultSignedAttributeTableGenerator(new AttributeTable(
            new DERSet(new org.bouncycastle.asn1.ASN1Encodable[] {ess,
                new Attribute(org.bouncycastle.asn1.cms.CMSAttributes.signingTime,
                    new DERSet(new org.bouncycastle.asn1.cms.Time(java.util.Date.from(TestPki.NOW))))}))))
        .build(new org.certhub.signer.pki.KeyHandleContentSigner(key), cert));
    g.addCertificates(new JcaCertStore(key.chain()));
    return g.generate(new org.bouncycastle.cms.CMSProcessableByteArray(
        org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_ct_TSTInfo, tst.getEncoded()), true).getEncoded("DER");
  }

  @Test
  void timestampWithDeeplyNestedTstInfo_isNamedBeforeParsing() throws Exception {
    CmsFixtures f = CmsFixtures.create(SignatureAlgorithm.ECDSA_P256_SHA256);
    ByteArrayOutputStream deep = new ByteArrayOutputStream();
    for (int i = 0; i < 50_000; i++) {
      deep.write(0x30);
      deep.write(0x80);
    }
    for (int i = 0; i < 50_000; i++) {
      deep.write(0);
      deep.write(0);
    }
    org.bouncycastle.cms.CMSSignedDataGenerator g = new org.bouncycastle.cms.CMSSignedDataGenerator();
    g.addSignerInfoGenerator(new org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder(
        new org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder().build())
        .build(new org.certhub.signer.pki.KeyHandleContentSigner(f.tsaKey()), f.tsaKey().chain().get(0)));
    byte[] token = g.generate(new org.bouncycastle.cms.CMSProcessableByteArray(
        PKCSObjectIdentifiers.id_ct_TSTInfo, deep.toByteArray()), true).getEncoded("DER");
    byte[] cms = withTimestamp(f.signerB().sign(CONTENT, Mode.DETACHED), token);
    assertThatThrownBy(() -> CmsVerifier.verify(cms, CONTENT, f.anchors(), TestPki.NOW))
        .isInstanceOf(CmsFormatException.class)
        .hasMessage("cms.signerInfos[0].unsignedAttrs.signatureTimeStampToken.tstInfo nesting at offset 96 must be at most 48"
            + " levels deep, but was: deeper");
  }

  static byte[] withTimestamp(byte[] cms, byte[] token) throws Exception {
    CMSSignedData sd = new CMSSignedData(cms);
    SignerInformation si = sd.getSignerInfos().getSigners().iterator().next();
    Attribute a = new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken, new DERSet(ContentInfo.getInstance(token)));
    si = SignerInformation.replaceUnsignedAttributes(si, new AttributeTable(a));
    return CMSSignedData.replaceSigners(sd, new SignerInformationStore(List.of(si))).getEncoded("DER");
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  static int lastIndexOf(byte[] haystack, byte[] needle) {
    int found = -1;
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        found = i;
      }
    }
    return found;
  }

  static void flip(byte[] b, int i) {
    b[i] ^= 0x01;
  }
}

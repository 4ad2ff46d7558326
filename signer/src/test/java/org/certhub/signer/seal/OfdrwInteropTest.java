package org.certhub.signer.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.Keys;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.CertificateRequest;
import org.certhub.signer.seal.SealCheck.Name;
import org.certhub.signer.seal.SealCheck.Status;
import org.certhub.signer.seal.SealReport.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ofdrw.core.signatures.SigType;
import org.ofdrw.gm.ses.v1.SES_ESPictrueInfo;
import org.ofdrw.gm.ses.v1.SES_Header;
import org.ofdrw.gm.ses.v1.SES_SignInfo;
import org.ofdrw.gm.ses.v4.CertInfoList;
import org.ofdrw.gm.ses.v4.SES_CertList;
import org.ofdrw.gm.ses.v4.SES_ESPropertyInfo;
import org.ofdrw.gm.ses.v4.SES_SealInfo;
import org.ofdrw.gm.ses.v4.SES_Signature;
import org.ofdrw.gm.ses.v4.SESeal;
import org.ofdrw.sign.signContainer.SESV1Container;
import org.ofdrw.sign.signContainer.SESV4Container;
import org.ofdrw.sign.verify.container.SESV1ValidateContainer;
import org.ofdrw.sign.verify.container.SESV4ValidateContainer;
import org.ofdrw.sign.verify.exceptions.InvalidSignedValueException;

/**
 * Interoperability with ofdrw 2.3.8 (org.ofdrw, the field's Java reference), both ways: ofdrw reads our v4 seal and
 * stamp and its {@code SESV4ValidateContainer} (what {@code OFDValidator} runs on an OFD stamp) verifies the stamp;
 * and we verify a v4 and a v1 seal and stamp that ofdrw's ASN.1 model and its {@code SESV4Container} /
 * {@code SESV1Container} made. ofdrw has no seal-making API beyond its ASN.1 classes, so its seals are built from
 * those, the maker signing {@code eSealInfo} as ofdrw's own tests do.
 */
class OfdrwInteropTest {
  private static final String SIGNATURE_XML = "/Doc_0/Signs/Sign_0/Signature.xml";
  private static SealFixtures f;
  private static KeyPair makerKeys;
  private static X509Certificate makerCert;
  private static KeyPair signerKeys;
  private static X509Certificate signerCert;

  @BeforeAll
  static void setUp() throws Exception {
    f = SealFixtures.create();
    makerKeys = Keys.generate(SignatureAlgorithm.SM2_SM3);
    makerCert = issue("CN=ofdrw Seal Maker,O=Test,C=CN", makerKeys, CertificateProfile.SEAL_MAKER);
    signerKeys = Keys.generate(SignatureAlgorithm.SM2_SM3);
    signerCert = issue("CN=Wang Wu,O=ofdrw signer,C=CN", signerKeys, CertificateProfile.DOCUMENT_SIGNING);
  }

  private static X509Certificate issue(String dn, KeyPair kp, CertificateProfile profile) throws Exception {
    return f.pki().issuing().issue(CertificateRequest.of(dn, kp.getPublic(), profile, SealFixtures.NOW.minus(Duration.ofDays(30)),
        SealFixtures.NOW.plus(Duration.ofDays(365))));
  }

  @Test
  void ofdrw_readsOurV4SealAndStamp_andVerifiesTheStamp() throws Exception {
    Seal seal = f.seal();
    Stamp stamp = f.timestampedStamp(seal);

    SESeal read = SESeal.getInstance(seal.encoded());
    assertEquals("43010000000001", read.geteSealInfo().getEsID().getString());
    assertEquals("长沙市市场监督管理局", read.geteSealInfo().getProperty().getName().getString());
    assertEquals(4, read.geteSealInfo().getHeader().getVersion().intValueExact());
    assertEquals(1, read.geteSealInfo().getProperty().getCertListType().intValueExact());
    // ofdrw's model re-encodes to exactly our bytes: nothing in our DER is outside what it understands.
    assertEquals(java.util.HexFormat.of().formatHex(seal.encoded()), java.util.HexFormat.of().formatHex(read.getEncoded(ASN1Encoding.DER)));

    SES_Signature ses = SES_Signature.getInstance(stamp.encoded());
    assertEquals("43010000000001", ses.getToSign().getEseal().geteSealInfo().getEsID().getString());
    assertEquals(SIGNATURE_XML, ses.getToSign().getPropertyInfo().getString());
    assertTrue(ses.getTimeStamp() != null, "the timestamp survives ofdrw's model");

    // What ofdrw's OFDValidator runs on a stamp: SM3 of the content against dataHash, then the signature over TBS_Sign.
    new SESV4ValidateContainer().validate(SigType.Seal, GMObjectIdentifiers.sm2sign_with_sm3.getId(), SealFixtures.CONTENT, stamp.encoded());
    assertThrows(InvalidSignedValueException.class, () -> new SESV4ValidateContainer()
        .validate(SigType.Seal, GMObjectIdentifiers.sm2sign_with_sm3.getId(), "tampered".getBytes(StandardCharsets.UTF_8), stamp.encoded()));
    assertThrows(InvalidSignedValueException.class, () -> new SESV4ValidateContainer()
        .validate(SigType.Seal, GMObjectIdentifiers.sm2sign_with_sm3.getId(), SealFixtures.CONTENT, tamperSignature(stamp)));
  }

  /** The stamp with one bit of its signature value flipped (re-encoded through ofdrw's model). */
  private static byte[] tamperSignature(Stamp stamp) throws Exception {
    SES_Signature ses = SES_Signature.getInstance(stamp.encoded());
    byte[] sig = ses.getSignature().getOctets();
    sig[sig.length - 5] ^= 1;
    ses.setSignature(sig);
    return ses.getEncoded(ASN1Encoding.DER);
  }

  @Test
  void we_verifyAV4SealAndTimestampedStampThatOfdrwMade() throws Exception {
    SESeal seal = ofdrwV4Seal();
    SESV4Container container = new SESV4Container(signerKeys.getPrivate(), seal, signerCert, value -> {
      try {
        return f.tsa().timestamp(value);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    byte[] stamp = container.sign(new ByteArrayInputStream(SealFixtures.CONTENT), SIGNATURE_XML);

    SealReport sealReport = f.verifier().verifySeal(seal.getEncoded(ASN1Encoding.DER));
    assertEquals(Verdict.PASSED, sealReport.verdict(), sealReport.checks().toString());
    assertTrue(sealReport.check(Name.SEAL_SIGNATURE).detail().contains("eSealInfo"), sealReport.check(Name.SEAL_SIGNATURE).detail());

    SealReport report = f.verifier().verifyStamp(stamp, SealFixtures.CONTENT);
    assertEquals(Verdict.PASSED, report.verdict(), report.checks().toString());
    for (SealCheck c : report.checks()) {
      assertEquals(Status.PASSED, c.status(), c.toString());
    }
    assertEquals(SealVersion.V4, report.stamp().orElseThrow().version());
    SealReport tampered = f.verifier().verifyStamp(stamp, "other".getBytes(StandardCharsets.UTF_8));
    assertEquals(Status.FAILED, tampered.check(Name.CONTENT).status());
  }

  @Test
  void we_verifyAV1SealAndStampThatOfdrwMade() throws Exception {
    Instant now = SealFixtures.NOW;
    org.ofdrw.gm.ses.v1.SES_ESPropertyInfo property = new org.ofdrw.gm.ses.v1.SES_ESPropertyInfo(
        org.ofdrw.gm.ses.v1.SES_ESPropertyInfo.OrgType, new DERUTF8String("ofdrw 一号章"),
        new DERSequence(new DEROctetString(signerCert.getEncoded())), new ASN1UTCTime(Date.from(now)),
        new ASN1UTCTime(Date.from(now.minus(Duration.ofDays(1)))), new ASN1UTCTime(Date.from(now.plus(Duration.ofDays(3650)))));
    org.ofdrw.gm.ses.v1.SES_SealInfo info = new org.ofdrw.gm.ses.v1.SES_SealInfo(new SES_Header(new ASN1Integer(1), new DERIA5String("OFDRW")),
        new DERIA5String("ofdrw-v1-0001"), property, picture(), null);
    byte[] makerSignature = sm2Sign(makerKeys, info.getEncoded(ASN1Encoding.DER));
    org.ofdrw.gm.ses.v1.SESeal seal = new org.ofdrw.gm.ses.v1.SESeal(info,
        new SES_SignInfo(new DEROctetString(makerCert.getEncoded()), GMObjectIdentifiers.sm2sign_with_sm3, new DERBitString(makerSignature)));
    byte[] stamp = new SESV1Container(signerKeys.getPrivate(), seal, signerCert).sign(new ByteArrayInputStream(SealFixtures.CONTENT), SIGNATURE_XML);
    // ofdrw accepts its own v1 stamp (sanity: the fixture is what ofdrw makes and checks).
    new SESV1ValidateContainer().validate(SigType.Seal, GMObjectIdentifiers.sm2sign_with_sm3.getId(), SealFixtures.CONTENT, stamp);

    SealReport report = f.verifier().verifyStamp(stamp, SealFixtures.CONTENT);
    assertEquals(Status.PASSED, report.check(Name.FORMAT).status(), report.checks().toString());
    assertEquals(SealVersion.V1, report.stamp().orElseThrow().version());
    // ofdrw writes a v1 timeInfo as local "yyyy-MM-dd HH:mm:ss" text at the real now; the seal is valid for ten years around it.
    for (Name n : List.of(Name.FORMAT, Name.SEAL_SIGNATURE, Name.MAKER_CERTIFICATE, Name.SEAL_VALIDITY, Name.SIGNER_AUTHORISED, Name.SIGNER_CERTIFICATE,
        Name.STAMP_SIGNATURE, Name.CONTENT)) {
      assertEquals(Status.PASSED, report.check(n).status(), report.check(n).toString());
    }
    assertEquals(Status.FAILED, f.verifier().verifyStamp(stamp, "other".getBytes(StandardCharsets.UTF_8)).check(Name.CONTENT).status());
  }

  /** A v4 seal built with ofdrw's ASN.1 model, the maker signing eSealInfo (as ofdrw's tests do). */
  private static SESeal ofdrwV4Seal() throws Exception {
    Instant now = SealFixtures.NOW;
    SES_ESPropertyInfo property = new SES_ESPropertyInfo(new ASN1Integer(1), new DERUTF8String("ofdrw 测试印章"),
        SES_ESPropertyInfo.CertListType, new SES_CertList(new CertInfoList().add(new DEROctetString(signerCert.getEncoded()))),
        new ASN1GeneralizedTime(Date.from(now)), new ASN1GeneralizedTime(Date.from(now.minus(Duration.ofDays(1)))),
        new ASN1GeneralizedTime(Date.from(now.plus(Duration.ofDays(30)))));
    SES_SealInfo info = new SES_SealInfo(new SES_Header(SES_Header.V4, new DERIA5String("OFDRW")), new DERIA5String("ofdrw-v4-0001"),
        property, picture(), null);
    byte[] signature = sm2Sign(makerKeys, info.getEncoded(ASN1Encoding.DER));
    return new SESeal(info, new DEROctetString(makerCert.getEncoded()), GMObjectIdentifiers.sm2sign_with_sm3, new DERBitString(signature));
  }

  private static SES_ESPictrueInfo picture() {
    SealInfo.Picture p = SealPictures.svg("ofdrw");
    return new SES_ESPictrueInfo(new DERIA5String("SVG"), new DEROctetString(p.data()), new ASN1Integer(p.widthMm()), new ASN1Integer(p.heightMm()));
  }

  private static byte[] sm2Sign(KeyPair kp, byte[] data) throws Exception {
    Signature s = Signature.getInstance("SM3withSM2", Providers.bc());
    s.initSign(kp.getPrivate());
    s.update(data);
    return s.sign();
  }
}

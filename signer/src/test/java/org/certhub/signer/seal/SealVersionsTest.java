package org.certhub.signer.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTCTime;
import org.bouncycastle.asn1.DERUTF8String;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.DigestAlgorithm;
import org.certhub.signer.seal.SealReport.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** v1 (GM/T 0031-2014) and v5 (GM/T 0031-2025) fixtures built here from their ASN.1 shapes, then read and verified. */
class SealVersionsTest {

  static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
  static final ASN1ObjectIdentifier SM2_SM3 = new ASN1ObjectIdentifier("1.2.156.10197.1.501");

  static SealFixtures f;

  @BeforeAll
  static void setUp() throws SignerException {
    f = SealFixtures.create();
  }

  static DERSequence seq(ASN1Encodable... items) {
    return new DERSequence(items);
  }

  static DERUTCTime utc(Instant t) {
    return new DERUTCTime(UTC.format(t));
  }

  static byte[] der(ASN1Encodable e) throws IOException {
    return e.toASN1Primitive().getEncoded(ASN1Encoding.DER);
  }

  /** A GM/T 0031-2014 seal: two members, UTCTime, no certListType, the maker signs (sealInfo, cert, algorithm). */
  static byte[] v1Seal() throws Exception {
    Instant now = SealFixtures.NOW;
    DERSequence info = seq(seq(new DERIA5String("ES"), new ASN1Integer(1), new DERIA5String("vendor")), new DERIA5String("V1-0001"),
        seq(new ASN1Integer(1), new DERUTF8String("公章"), seq(new DEROctetString(f.signer().chain().get(0).getEncoded())),
            utc(now), utc(now.minus(Duration.ofDays(1))), utc(now.plus(Duration.ofDays(30)))),
        seq(new DERIA5String("PNG"), new DEROctetString(new byte[] {(byte) 0x89, 'P', 'N', 'G'}), new ASN1Integer(40),
            new ASN1Integer(40)));
    DEROctetString cert = new DEROctetString(f.maker().chain().get(0).getEncoded());
    byte[] sig = f.maker().sign(der(seq(info, cert, SM2_SM3)));
    return der(seq(info, seq(cert, SM2_SM3, new DERBitString(sig))));
  }

  static byte[] v1Stamp(byte[] seal, DERBitString timeInfo) throws Exception {
    DERSequence tbs = seq(new ASN1Integer(1), ASN1Primitive.fromByteArray(seal), timeInfo,
        new DERBitString(DigestAlgorithm.SM3.digest(SealFixtures.CONTENT)), new DERIA5String("Signature.xml"),
        new DEROctetString(f.signer().chain().get(0).getEncoded()), SM2_SM3);
    return der(seq(tbs, new DERBitString(f.signer().sign(der(tbs)))));
  }

  @Test
  void v1SealAndStampAreReadAndVerify() throws Exception {
    byte[] seal = v1Seal();
    Seal read = Seal.decode(seal);
    assertEquals(SealVersion.V1, read.version());
    assertEquals(SealFixtures.NOW.minus(Duration.ofDays(1)), read.info().property().validStart());
    assertEquals(1, read.info().property().certificates().size());
    SealReport sr = f.verifier().verifySeal(seal);
    assertEquals(Verdict.PASSED, sr.verdict(), sr.checks().toString());

    byte[] derTime = v1Stamp(seal, new DERBitString(der(utc(SealFixtures.NOW))));
    byte[] textTime = v1Stamp(seal, new DERBitString(UTC.format(SealFixtures.NOW).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    for (byte[] stamp : List.of(derTime, textTime)) {
      Stamp s = Stamp.decode(stamp);
      assertEquals(SealVersion.V1, s.version());
      assertEquals(SealFixtures.NOW, s.timeInfo());
      SealReport r = f.verifier().verifyStamp(stamp, SealFixtures.CONTENT);
      assertEquals(Verdict.PASSED, r.verdict(), r.checks().toString());
    }
  }

  @Test
  void v1StampWithAnUnreadableTimeIsAFormatError() throws Exception {
    byte[] stamp = v1Stamp(v1Seal(), new DERBitString(new byte[] {1, 2, 3}));
    SealFormatException e = assertThrows(SealFormatException.class, () -> Stamp.decode(stamp));
    assertTrue(e.getMessage().startsWith("SES_Signature.toSign.timeInfo must hold"), e.getMessage());
  }

  /** A GM/T 0031-2025 seal: header version 5 and the optional [0] seal timestamp. */
  static Seal v5Seal() throws Exception {
    Seal v4 = f.seal();
    SealInfo i = v4.info();
    byte[] info = SealCodec.encodeSealInfo(new SealInfo(new SealInfo.Header("ES", 5, "CertHub"), "V5-0001", i.property(), i.picture(),
        List.of(new SealInfo.Extension("1.2.3.4", true, new byte[] {1}))));
    byte[] sig = f.maker().sign(SealCodec.makerSignedBytes(info, v4.makerCertificate(), v4.signatureAlgorithm()));
    byte[] token = f.tsa().timestamp(sig);
    DERSequence seal = seq(ASN1Primitive.fromByteArray(info), new DEROctetString(v4.makerCertificate()), SM2_SM3,
        new DERBitString(sig), new DERTaggedObject(true, 0, new DERBitString(token)));
    return Seal.decode(der(seal));
  }

  @Test
  void v5SealAndStampAreReadAndVerify() throws Exception {
    Seal seal = v5Seal();
    assertEquals(SealVersion.V5, seal.version());
    assertTrue(seal.timeStamp().isPresent());
    assertEquals(List.of("1.2.3.4"), seal.info().extensions().stream().map(SealInfo.Extension::oid).toList());
    assertTrue(seal.info().extensions().get(0).critical());
    SealReport sr = f.verifier().verifySeal(seal.encoded());
    assertEquals(Verdict.PASSED, sr.verdict(), sr.checks().toString());

    byte[] toSign = SealCodec.encodeToSign(seal, SealFixtures.NOW, DigestAlgorithm.SM3.digest(SealFixtures.CONTENT), "x");
    byte[] stamp = SealCodec.encodeStamp(toSign, SealMaker.encoded(f.signer().chain().get(0)), SM2_SM3.getId(),
        f.signer().sign(toSign), Optional.empty());
    Stamp s = Stamp.decode(stamp);
    assertEquals(SealVersion.V5, s.version());
    SealReport r = f.verifier().verifyStamp(stamp, SealFixtures.CONTENT);
    assertEquals(Verdict.PASSED, r.verdict(), r.checks().toString());
  }

  @Test
  void extDataWithAnExplicitDefaultCriticalFalseIsRead() throws Exception {
    // ofdrw writes critical FALSE although DER leaves DEFAULT values out
    Seal v4 = f.seal();
    ASN1Primitive info = ASN1Primitive.fromByteArray(v4.infoEncoding());
    ASN1EncodableVector members = new ASN1EncodableVector();
    for (ASN1Encodable m : org.bouncycastle.asn1.ASN1Sequence.getInstance(info)) {
      members.add(m);
    }
    members.add(seq(seq(new ASN1ObjectIdentifier("1.2.3.5"), org.bouncycastle.asn1.ASN1Boolean.FALSE, new DEROctetString(new byte[0]))));
    byte[] withExt = der(new DERSequence(members));
    byte[] sig = f.maker().sign(SealCodec.makerSignedBytes(withExt, v4.makerCertificate(), v4.signatureAlgorithm()));
    Seal read = Seal.decode(SealCodec.encodeSeal(withExt, v4.makerCertificate(), v4.signatureAlgorithm(), sig));
    assertEquals(1, read.info().extensions().size());
    assertEquals(false, read.info().extensions().get(0).critical());
    assertEquals(Verdict.PASSED, f.verifier().verifySeal(read.encoded()).verdict());
  }

  @Test
  void unknownShapesAreRefusedWithTheirPath() throws Exception {
    SealFormatException three = assertThrows(SealFormatException.class,
        () -> Seal.decode(der(seq(new ASN1Integer(1), new ASN1Integer(2), new ASN1Integer(3)))));
    assertTrue(three.getMessage().startsWith("SESeal must be a SEQUENCE of 2 (v1), 4 (v4, v5) or 5 (v5) members"), three.getMessage());
    Seal v4 = f.seal();
    SealInfo i = v4.info();
    SealInfo.Property p = i.property();
    byte[] info = SealCodec.encodeSealInfo(new SealInfo(new SealInfo.Header("ES", 7, "x"), "id", p, i.picture(), List.of()));
    SealFormatException seven = assertThrows(SealFormatException.class,
        () -> Seal.decode(SealCodec.encodeSeal(info, v4.makerCertificate(), v4.signatureAlgorithm(), v4.signature())));
    assertTrue(seven.getMessage().startsWith("SESeal.eSealInfo.header.version must be 4 or 5"), seven.getMessage());
    byte[] badEnd = v4.encoded().clone();
    // the last GeneralizedTime of property is validEnd: make its first digit a letter
    String text = new String(badEnd, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = text.indexOf(SealCodec.generalized(p.validEnd()).getTimeString());
    badEnd[at] = 'X';
    SealFormatException end = assertThrows(SealFormatException.class, () -> Seal.decode(badEnd));
    assertTrue(end.getMessage().startsWith("SESeal.eSealInfo.property.validEnd"), end.getMessage());
  }
}

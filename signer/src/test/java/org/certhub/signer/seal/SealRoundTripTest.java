package org.certhub.signer.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.DigestAlgorithm;
import org.certhub.signer.algorithm.RawSignatures;
import org.certhub.signer.seal.SealCheck.Name;
import org.certhub.signer.seal.SealCheck.Status;
import org.certhub.signer.seal.SealReport.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SealRoundTripTest {

  static SealFixtures f;
  static Seal seal;

  @BeforeAll
  static void setUp() throws SignerException {
    f = SealFixtures.create();
    seal = f.seal();
  }

  private static void assertAllPassed(SealReport report, Name... notApplicable) {
    List<Name> na = List.of(notApplicable);
    for (SealCheck c : report.checks()) {
      assertEquals(na.contains(c.name()) ? Status.NOT_APPLICABLE : Status.PASSED, c.status(), c.toString());
    }
    assertEquals(Verdict.PASSED, report.verdict(), report.checks().toString());
  }

  @Test
  void madeSealReadsBackAsWritten() throws SealFormatException {
    Seal read = Seal.decode(seal.encoded());
    assertEquals(SealVersion.V4, read.version());
    assertEquals(new SealInfo.Header("ES", 4, "CertHub"), read.info().header());
    assertEquals("43010000000001", read.info().esId());
    SealInfo.Property p = read.info().property();
    assertEquals("长沙市市场监督管理局", p.name());
    assertEquals(SealInfo.Property.CERTIFICATES, p.certListType());
    assertEquals(1, p.certificates().size());
    assertEquals(SealFixtures.NOW, p.createDate());
    assertEquals("SVG", read.info().picture().type());
    assertEquals("1.2.156.10197.1.501", read.signatureAlgorithm());
    assertArrayEquals(seal.encoded(), read.encoded());
  }

  @Test
  void sealOnItsOwnPasses() {
    SealReport r = f.verifier().verifySeal(seal.encoded());
    assertAllPassed(r, Name.SIGNER_AUTHORISED, Name.SIGNER_CERTIFICATE, Name.STAMP_SIGNATURE, Name.TIMESTAMP, Name.CONTENT);
    assertTrue(r.check(Name.SEAL_SIGNATURE).detail().contains("SEQUENCE {eSealInfo, cert, signAlgID}"));
  }

  @Test
  void stampPassesEveryCheck() throws SignerException {
    Stamp stamp = f.stamp(seal);
    assertEquals(SealFixtures.NOW, stamp.timeInfo());
    assertAllPassed(f.verifier().verifyStamp(stamp.encoded(), SealFixtures.CONTENT), Name.TIMESTAMP);
  }

  @Test
  void timestampedStampPassesEveryCheck() throws SignerException {
    Stamp stamp = f.timestampedStamp(seal);
    assertTrue(stamp.timeStamp().isPresent());
    assertAllPassed(f.verifier().verifyStamp(stamp.encoded(), SealFixtures.CONTENT));
  }

  @Test
  void digestListSealAuthorisesBySm3Digest() throws SignerException {
    Seal digests = new SealMaker(f.maker(), "CertHub", SealFixtures.CLOCK).make(f.request(Optional.of(DigestAlgorithm.SM3)));
    assertEquals(SealInfo.Property.DIGESTS, digests.info().property().certListType());
    assertEquals("SM3", digests.info().property().certDigests().get(0).algorithm());
    assertAllPassed(f.verifier().verifyStamp(f.stamp(digests).encoded(), SealFixtures.CONTENT), Name.TIMESTAMP);
  }

  @Test
  void rawSignaturesAreAccepted() throws SignerException {
    Seal rawSeal = Seal.decode(SealCodec.encodeSeal(seal.infoEncoding(), seal.makerCertificate(), seal.signatureAlgorithm(),
        RawSignatures.fromDer(seal.signature())));
    assertEquals(64, rawSeal.signature().length);
    Stamp stamp = f.stamp(seal);
    byte[] rawStamp = SealCodec.encodeStamp(stamp.toSignEncoding(), stamp.signerCertificate(), stamp.signatureAlgorithm(),
        RawSignatures.fromDer(stamp.signature()), Optional.empty());
    assertAllPassed(f.verifier().verifySeal(rawSeal.encoded()),
        Name.SIGNER_AUTHORISED, Name.SIGNER_CERTIFICATE, Name.STAMP_SIGNATURE, Name.TIMESTAMP, Name.CONTENT);
    assertAllPassed(f.verifier().verifyStamp(rawStamp, SealFixtures.CONTENT), Name.TIMESTAMP);
  }

  @Test
  void makerSignatureOverSealInfoAloneIsAccepted() throws SignerException {
    byte[] ofdrwStyle = SealCodec.encodeSeal(seal.infoEncoding(), seal.makerCertificate(), seal.signatureAlgorithm(),
        f.maker().sign(seal.infoEncoding()));
    SealReport r = f.verifier().verifySeal(ofdrwStyle);
    assertEquals(Verdict.PASSED, r.verdict(), r.checks().toString());
    assertTrue(r.check(Name.SEAL_SIGNATURE).detail().endsWith("over eSealInfo verifies"));
  }

  @Test
  void stamperRefusesAnUnauthorisedSigner() {
    SignerException e = assertThrows(SignerException.class,
        () -> new Stamper(f.stranger(), SealFixtures.CLOCK).stamp(seal, SealFixtures.CONTENT, "x"));
    assertTrue(e.getMessage().contains("must authorise the signer's certificate"), e.getMessage());
  }

  @Test
  void stamperRefusesOutsideTheValidityWindow() {
    java.time.Clock later = java.time.Clock.offset(SealFixtures.CLOCK, Duration.ofDays(31));
    assertThrows(SignerException.class, () -> new Stamper(f.signer(), later).stamp(seal, SealFixtures.CONTENT, "x"));
  }

  @Test
  void svgPictureIsDeterministic() {
    assertArrayEquals(SealPictures.svg("长沙市市场监督管理局").data(), SealPictures.svg("长沙市市场监督管理局").data());
    String svg = new String(SealPictures.svg("A&B").data(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(svg.startsWith("<svg ") && svg.contains("A</text>") && svg.contains("&amp;</text>") && svg.contains("stroke=\"#E60012\""), svg);
  }

  @Test
  void pngPictureIsAPng() {
    SealInfo.Picture png = SealPictures.png("长沙市市场监督管理局", 4);
    assertEquals("PNG", png.type());
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png.data(), 4));
  }
}

package org.certhub.signer.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.certhub.signer.SignerException;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.RevocationSource;
import org.certhub.signer.seal.SealCheck.Name;
import org.certhub.signer.seal.SealCheck.Status;
import org.certhub.signer.seal.SealReport.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One tamper per structure: each must fail exactly the check that guards it. */
class SealTamperTest {

  static SealFixtures f;
  static Seal seal;
  static Stamp stamp;

  @BeforeAll
  static void setUp() throws SignerException {
    f = SealFixtures.create();
    seal = f.seal();
    stamp = f.stamp(seal);
  }

  private static void assertFails(SealReport r, Name name, String detailPart) {
    assertEquals(Verdict.FAILED, r.verdict(), r.checks().toString());
    assertEquals(Status.FAILED, r.check(name).status(), r.checks().toString());
    assertTrue(r.check(name).detail().contains(detailPart), r.check(name).detail());
    for (SealCheck c : r.checks()) {
      if (c.name() != name) {
        assertTrue(c.status() != Status.FAILED, "only " + name + " may fail, but: " + c);
      }
    }
  }

  private static byte[] replace(byte[] in, String from, String to) {
    byte[] a = from.getBytes(StandardCharsets.US_ASCII);
    byte[] out = in.clone();
    for (int i = 0; i + a.length <= out.length; i++) {
      if (java.util.Arrays.equals(out, i, i + a.length, a, 0, a.length)) {
        System.arraycopy(to.getBytes(StandardCharsets.US_ASCII), 0, out, i, a.length);
        return out;
      }
    }
    throw new AssertionError(from + " not found");
  }

  @Test
  void sealInfoByteChanged() {
    byte[] tampered = replace(seal.encoded(), "43010000000001", "43010000000002");
    assertFails(f.verifier().verifySeal(tampered), Name.SEAL_SIGNATURE, "neither verifies");
  }

  @Test
  void makerSignatureChanged() throws SignerException {
    byte[] other = f.maker().sign("something else".getBytes(StandardCharsets.US_ASCII));
    byte[] tampered = SealCodec.encodeSeal(seal.infoEncoding(), seal.makerCertificate(), seal.signatureAlgorithm(), other);
    assertFails(f.verifier().verifySeal(tampered), Name.SEAL_SIGNATURE, "signedValue must be the maker's signature");
  }

  @Test
  void pictureSwapped() {
    SealInfo info = seal.info();
    SealInfo swapped = new SealInfo(info.header(), info.esId(), info.property(), SealPictures.svg("伪造的印章"), info.extensions());
    byte[] tampered = SealCodec.encodeSeal(SealCodec.encodeSealInfo(swapped), seal.makerCertificate(), seal.signatureAlgorithm(),
        seal.signature());
    assertFails(f.verifier().verifySeal(tampered), Name.SEAL_SIGNATURE, "neither verifies");
  }

  @Test
  void claimedAlgorithmDiffersFromTheMakersKey() {
    byte[] tampered = SealCodec.encodeSeal(seal.infoEncoding(), seal.makerCertificate(), SignatureAlgorithm.ECDSA_P256_SHA256.oid(),
        seal.signature());
    assertFails(f.verifier().verifySeal(tampered), Name.SEAL_SIGNATURE, "bound to the maker's key");
  }

  @Test
  void sealOutsideItsValidityWindowNow() {
    SealVerifier later = new SealVerifier(f.trust(), RevocationSource.NONE, SealStatusSource.NONE,
        java.time.Clock.offset(SealFixtures.CLOCK, Duration.ofDays(31)));
    assertFails(later.verifySeal(seal.encoded()), Name.SEAL_VALIDITY, "validity window must hold now");
  }

  @Test
  void stampTimeOutsideTheSealsValidityWindow() throws SignerException {
    byte[] forged = SealFixtures.forgeStamp(seal, f.signer(), SealFixtures.NOW.plus(Duration.ofDays(40)), SealFixtures.CONTENT);
    assertFails(f.verifier().verifyStamp(forged, SealFixtures.CONTENT), Name.SEAL_VALIDITY, "the claimed timeInfo");
  }

  @Test
  void signerNotAuthorised() throws SignerException {
    byte[] forged = SealFixtures.forgeStamp(seal, f.stranger(), SealFixtures.NOW, SealFixtures.CONTENT);
    assertFails(f.verifier().verifyStamp(forged, SealFixtures.CONTENT), Name.SIGNER_AUTHORISED, "not listed");
  }

  @Test
  void stampSignatureChanged() throws SignerException {
    byte[] other = f.signer().sign("something else".getBytes(StandardCharsets.US_ASCII));
    byte[] tampered = SealCodec.encodeStamp(stamp.toSignEncoding(), stamp.signerCertificate(), stamp.signatureAlgorithm(), other,
        Optional.empty());
    assertFails(f.verifier().verifyStamp(tampered, SealFixtures.CONTENT), Name.STAMP_SIGNATURE, "invalid");
  }

  @Test
  void stampedSealByteChanged() {
    byte[] tampered = replace(stamp.encoded(), "43010000000001", "43010000000002");
    SealReport r = f.verifier().verifyStamp(tampered, SealFixtures.CONTENT);
    assertEquals(Status.FAILED, r.check(Name.SEAL_SIGNATURE).status());
    assertEquals(Status.FAILED, r.check(Name.STAMP_SIGNATURE).status());
  }

  @Test
  void contentChanged() {
    assertFails(f.verifier().verifyStamp(stamp.encoded(), "other content".getBytes(StandardCharsets.US_ASCII)), Name.CONTENT,
        "digest of other data");
  }

  @Test
  void timestampOverOtherData() throws SignerException {
    Stamp s = new Stamper(f.signer(), SealFixtures.CLOCK, v -> f.timeStamper().apply(new byte[] {1, 2, 3})).stamp(seal,
        SealFixtures.CONTENT, "x");
    assertFails(f.verifier().verifyStamp(s.encoded(), SealFixtures.CONTENT), Name.TIMESTAMP, "the hash of other data");
  }

  @Test
  void makerUnderAnotherRootIsIndeterminate() throws SignerException {
    TestPki other = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.SEAL_MAKER);
    Set<java.security.cert.X509Certificate> mine = Set.of(f.pki().root().certificate());
    SealTrust trust = new SealTrust(Set.of(other.root().certificate()), mine, mine, List.of(f.pki().issuing().certificate()));
    SealReport r = new SealVerifier(trust, RevocationSource.NONE, SealStatusSource.NONE, SealFixtures.CLOCK)
        .verifyStamp(stamp.encoded(), SealFixtures.CONTENT);
    assertEquals(Status.INDETERMINATE, r.check(Name.MAKER_CERTIFICATE).status(), r.checks().toString());
    assertEquals(Verdict.INDETERMINATE, r.verdict());
  }

  @Test
  void timestampFromAnUntrustedTsaIsIndeterminate() throws SignerException {
    Set<java.security.cert.X509Certificate> mine = Set.of(f.pki().root().certificate());
    TestPki other = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.SEAL_MAKER);
    SealTrust trust = new SealTrust(mine, mine, Set.of(other.root().certificate()), List.of(f.pki().issuing().certificate()));
    SealReport r = new SealVerifier(trust, RevocationSource.NONE, SealStatusSource.NONE, SealFixtures.CLOCK)
        .verifyStamp(f.timestampedStamp(seal).encoded(), SealFixtures.CONTENT);
    assertEquals(Status.INDETERMINATE, r.check(Name.TIMESTAMP).status(), r.checks().toString());
    assertEquals(Verdict.INDETERMINATE, r.verdict());
  }

  // ---- seal revocation ----

  private static SealStatusSource revokedAt(Instant at) {
    return esId -> esId.equals(seal.info().esId()) ? Optional.of(at) : Optional.empty();
  }

  @Test
  void sealRevokedAfterATimestampedStampLeavesItValid() throws SignerException {
    SealReport r = f.verifier(revokedAt(SealFixtures.NOW.plusSeconds(3600)))
        .verifyStamp(f.timestampedStamp(seal).encoded(), SealFixtures.CONTENT);
    assertEquals(Verdict.PASSED, r.verdict(), r.checks().toString());
    assertTrue(r.check(Name.SEAL_STATUS).detail().startsWith("seal revoked at"));
  }

  @Test
  void sealRevokedBeforeAStampFailsIt() throws SignerException {
    SealVerifier v = f.verifier(revokedAt(SealFixtures.NOW.minusSeconds(3600)));
    assertFails(v.verifyStamp(f.timestampedStamp(seal).encoded(), SealFixtures.CONTENT), Name.SEAL_STATUS, "revoked at");
    assertFails(v.verifyStamp(stamp.encoded(), SealFixtures.CONTENT), Name.SEAL_STATUS, "revoked at");
    assertFails(v.verifySeal(seal.encoded()), Name.SEAL_STATUS, "revoked at");
  }

  @Test
  void sealRevokedAfterAnUnprovenClaimedTimeIsIndeterminate() {
    SealReport r = f.verifier(revokedAt(SealFixtures.NOW.plusSeconds(3600))).verifyStamp(stamp.encoded(), SealFixtures.CONTENT);
    assertEquals(Status.INDETERMINATE, r.check(Name.SEAL_STATUS).status(), r.checks().toString());
    assertEquals(Verdict.INDETERMINATE, r.verdict());
  }
}

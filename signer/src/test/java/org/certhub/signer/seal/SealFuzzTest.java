package org.certhub.signer.seal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;
import org.certhub.signer.fuzz.Seeds;

/**
 * {@link Seal#decode} on arbitrary bytes (issue 7, "Bad input"; issue 9): a seal or a {@link SealFormatException}
 * naming a structure path, nothing else (no other exception, no OutOfMemoryError, no hang). A v4 seal read back
 * from our own encoding is the same seal.
 */
class SealFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void decode(byte[] der) {
    Seal seal;
    try {
      seal = Seal.decode(der);
    } catch (SealFormatException e) {
      assertThat(e.getMessage()).startsWith("SESeal");
      return;
    }
    assertThat(seal.encoded()).isEqualTo(der);
    if (seal.version() == SealVersion.V4) {
      Seal again = roundTrip(seal);
      assertThat(again.version()).isEqualTo(seal.version());
      assertThat(again.infoEncoding()).isEqualTo(seal.infoEncoding());
      assertThat(again.makerCertificate()).isEqualTo(seal.makerCertificate());
      assertThat(again.signatureAlgorithm()).isEqualTo(seal.signatureAlgorithm());
      assertThat(again.signature()).isEqualTo(seal.signature());
      assertThat(again.timeStamp()).isEqualTo(Optional.empty());
    }
  }

  private static Seal roundTrip(Seal seal) {
    byte[] encoded = SealCodec.encodeSeal(seal.infoEncoding(), seal.makerCertificate(), seal.signatureAlgorithm(), seal.signature());
    try {
      return Seal.decode(encoded);
    } catch (SealFormatException e) {
      throw new AssertionError("our encoding of a seal we read must read back, but: " + e.getMessage(), e);
    }
  }

  /** Writes the committed seeds: seals made by {@link SealMaker}, plus malformed and hostile shapes. */
  public static void main(String[] args) throws Exception {
    SealFixtures f = SealFixtures.create();
    Seeds.of(SealFuzzTest.class, "decode")
        .putWithVariants("v4-seal", f.seal().encoded())
        .putWithVariants("v4-seal-digests", new SealMaker(f.maker(), "CertHub", SealFixtures.CLOCK)
            .make(f.request(Optional.of(org.certhub.signer.algorithm.DigestAlgorithm.SM3))).encoded())
        .putHostileDer();
  }
}

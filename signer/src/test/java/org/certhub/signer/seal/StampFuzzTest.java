package org.certhub.signer.seal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.certhub.signer.fuzz.Seeds;

/**
 * {@link Stamp#decode} on arbitrary bytes (issue 7, "Bad input"; issue 9): a stamp or a {@link SealFormatException}
 * naming a structure path, nothing else. A v4/v5 stamp read back from our own encoding is the same stamp.
 */
class StampFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void decode(byte[] der) {
    Stamp stamp;
    try {
      stamp = Stamp.decode(der);
    } catch (SealFormatException e) {
      assertThat(e.getMessage()).startsWith("SES_Signature");
      return;
    }
    assertThat(stamp.encoded()).isEqualTo(der);
    if (stamp.version() != SealVersion.V1) {
      byte[] encoded = SealCodec.encodeStamp(stamp.toSignEncoding(), stamp.signerCertificate(), stamp.signatureAlgorithm(),
          stamp.signature(), stamp.timeStamp());
      Stamp again;
      try {
        again = Stamp.decode(encoded);
      } catch (SealFormatException e) {
        throw new AssertionError("our encoding of a stamp we read must read back, but: " + e.getMessage(), e);
      }
      assertThat(again.toSignEncoding()).isEqualTo(stamp.toSignEncoding());
      assertThat(again.signerCertificate()).isEqualTo(stamp.signerCertificate());
      assertThat(again.signatureAlgorithm()).isEqualTo(stamp.signatureAlgorithm());
      assertThat(again.signature()).isEqualTo(stamp.signature());
      assertThat(again.timeStamp().orElse(new byte[0])).isEqualTo(stamp.timeStamp().orElse(new byte[0]));
      assertThat(again.timeInfo()).isEqualTo(stamp.timeInfo());
      assertThat(again.seal().encoded()).isEqualTo(stamp.seal().encoded());
    }
  }

  /** Writes the committed seeds: stamps made by {@link Stamper}, with and without a timestamp, plus malformed ones. */
  public static void main(String[] args) throws Exception {
    SealFixtures f = SealFixtures.create();
    Seal seal = f.seal();
    Seeds.of(StampFuzzTest.class, "decode")
        .putWithVariants("v4-stamp", f.stamp(seal).encoded())
        .putWithVariants("v4-stamp-timestamped", f.timestampedStamp(seal).encoded())
        .put("v4-seal-not-a-stamp", seal.encoded())
        .putHostileDer();
  }
}

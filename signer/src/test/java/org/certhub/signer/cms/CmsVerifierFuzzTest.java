package org.certhub.signer.cms;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.certhub.signer.SignerException;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.fuzz.Seeds;

/**
 * {@link CmsVerifier#verify} on arbitrary bytes (issue 7, "Bad input"; issue 9): a verification report or a
 * {@link CmsFormatException} saying where, nothing else (no RuntimeException, no OutOfMemoryError, no hang). Each
 * input is tried as an enveloping and as a detached signature.
 */
class CmsVerifierFuzzTest {
  static final byte[] CONTENT = "certhub fuzz content".getBytes(StandardCharsets.UTF_8);
  private static final CmsFixtures FIXTURES = fixtures();

  @FuzzTest(maxDuration = "20s")
  void verify(byte[] cms) {
    for (byte[] content : new byte[][] {null, CONTENT}) {
      try {
        CmsVerification v = CmsVerifier.verify(cms, content, FIXTURES.anchors(), TestPki.NOW);
        assertThat(v.checks()).isNotEmpty();
      } catch (CmsFormatException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
    }
  }

  private static CmsFixtures fixtures() {
    try {
      return CmsFixtures.create(SignatureAlgorithm.ECDSA_P256_SHA256);
    } catch (SignerException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the committed seeds: signatures made by {@link CmsSigner} (B and T, both modes), plus malformed ones. */
  public static void main(String[] args) throws Exception {
    Seeds seeds = Seeds.of(CmsVerifierFuzzTest.class, "verify");
    for (SignatureAlgorithm alg : new SignatureAlgorithm[] {SignatureAlgorithm.ECDSA_P256_SHA256, SignatureAlgorithm.SM2_SM3}) {
      CmsFixtures f = CmsFixtures.create(alg);
      String a = alg.name().toLowerCase();
      seeds.putWithVariants(a + "-b-detached", f.signerB().sign(CONTENT, CmsSigner.Mode.DETACHED))
          .putWithVariants(a + "-t-enveloping", f.signerT().sign(CONTENT, CmsSigner.Mode.ENVELOPING));
    }
    seeds.putHostileDer();
  }
}

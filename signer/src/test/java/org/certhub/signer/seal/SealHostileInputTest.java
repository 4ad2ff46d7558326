package org.certhub.signer.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.certhub.signer.SignerException;
import org.certhub.signer.seal.SealCheck.Name;
import org.certhub.signer.seal.SealCheck.Status;
import org.certhub.signer.seal.SealReport.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every truncation and single-byte corruption ends in a report or a SealFormatException; absurd sizes fail fast. */
class SealHostileInputTest {

  static SealFixtures f;
  static byte[] seal;
  static byte[] stamp;
  static int tokenLength;

  @BeforeAll
  static void setUp() throws SignerException {
    f = SealFixtures.create();
    SealRequest r = f.request(Optional.empty());
    // a small picture keeps the corpus (and so the test) small; the structure is what is under test
    SealRequest small = new SealRequest(r.esId(), r.type(), r.name(), r.signers(), r.signerDigests(), r.validStart(), r.validEnd(),
        new SealInfo.Picture("PNG", new byte[] {(byte) 0x89, 'P', 'N', 'G'}, 40, 40));
    Seal s = new SealMaker(f.maker(), "CertHub", SealFixtures.CLOCK).make(small);
    seal = s.encoded();
    Stamp st = f.timestampedStamp(s);
    stamp = st.encoded();
    tokenLength = st.timeStamp().orElseThrow().length;
    assertEquals(Verdict.PASSED, f.verifier().verifyStamp(stamp, SealFixtures.CONTENT).verdict());
  }

  @Test
  void everyTruncationIsAFormatError() {
    SealVerifier v = f.verifier();
    for (byte[] input : List.of(seal, stamp)) {
      boolean isStamp = input == stamp;
      for (int n = 0; n < input.length; n++) {
        byte[] cut = Arrays.copyOf(input, n);
        assertThrows(SealFormatException.class, () -> decode(cut, isStamp), "prefix " + n);
        SealReport r = isStamp ? v.verifyStamp(cut, SealFixtures.CONTENT) : v.verifySeal(cut);
        assertEquals(Status.FAILED, r.check(Name.FORMAT).status(), "prefix " + n);
      }
    }
  }

  @Test
  void everySingleByteCorruptionEndsInAReportOrAFormatError() {
    SealVerifier v = f.verifier();
    int[] outcomes = new int[2];
    for (byte[] input : List.of(seal, stamp)) {
      boolean isStamp = input == stamp;
      for (int i = 0; i < input.length; i++) {
        for (int mask : new int[] {0x01, 0xff}) {
          byte[] bad = input.clone();
          bad[i] ^= (byte) mask;
          try {
            decode(bad, isStamp);
            outcomes[0]++;
          } catch (SealFormatException e) {
            outcomes[1]++;
            assertTrue(e.getMessage().startsWith(isStamp ? "SES_Signature" : "SESeal"), e.getMessage());
          } catch (RuntimeException | Error e) {
            throw new AssertionError("byte " + i + " ^ " + mask + ": " + e, e);
          }
          if (mask != 0x01) {
            continue; // verifying is the slow part: once per byte, with the flip that keeps tags and lengths plausible
          }
          SealReport r;
          try {
            r = isStamp ? v.verifyStamp(bad, SealFixtures.CONTENT) : v.verifySeal(bad);
          } catch (RuntimeException | Error e) {
            throw new AssertionError("byte " + i + " ^ " + mask + ": " + e, e);
          }
          if (i < signedEnd(input)) {
            assertNotEquals(Verdict.PASSED, r.verdict(), "byte " + i + " ^ " + mask + " of " + (isStamp ? "stamp" : "seal")
                + " still passes: " + r.checks());
          }
        }
      }
    }
    assertTrue(outcomes[0] > 0 && outcomes[1] > 0, Arrays.toString(outcomes));
  }

  @Test
  void aTwoGigabyteDeclaredLengthIsRefusedFast() {
    byte[] huge = {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x02, 0x01, 0x00};
    byte[] inner = Arrays.copyOf(seal, seal.length);
    // the first member (eSealInfo) declares 2 GB inside a seal of a few hundred bytes
    inner[4] = (byte) 0x84;
    SealFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
        () -> assertThrows(SealFormatException.class, () -> Seal.decode(huge)));
    assertTrue(e.getMessage().contains("declared length 2147483647"), e.getMessage());
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThrows(SealFormatException.class, () -> Stamp.decode(huge)));
  }

  @Test
  void hundredThousandLevelNestingIsRefusedFast() {
    int depth = 100_000;
    byte[] definite = new byte[6 * depth];
    for (int d = 0; d < depth; d++) {
      int length = 6 * (depth - d - 1);
      int o = 6 * d;
      definite[o] = 0x30;
      definite[o + 1] = (byte) 0x84;
      definite[o + 2] = (byte) (length >>> 24);
      definite[o + 3] = (byte) (length >>> 16);
      definite[o + 4] = (byte) (length >>> 8);
      definite[o + 5] = (byte) length;
    }
    byte[] indefinite = new byte[4 * depth];
    for (int d = 0; d < depth; d++) {
      indefinite[2 * d] = 0x30;
      indefinite[2 * d + 1] = (byte) 0x80; // the end-of-contents octets are already zero
    }
    for (byte[] input : List.of(definite, indefinite)) {
      SealFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
          () -> assertThrows(SealFormatException.class, () -> Stamp.decode(input)));
      assertTrue(e.getMessage().startsWith("SES_Signature"), e.getMessage());
      SealReport r = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> f.verifier().verifyStamp(input, SealFixtures.CONTENT));
      assertEquals(Verdict.FAILED, r.verdict());
    }
  }

  /**
   * Where the bytes that must not change without failing end: the stamp's trailing timestamp token is a
   * CMS SignedData whose unsigned fields (the outer digestAlgorithms SET, for one) Bouncy Castle reads
   * leniently and no signature covers, as in any CMS.
   */
  private static int signedEnd(byte[] input) {
    return input == stamp ? stamp.length - tokenLength : input.length;
  }

  private static void decode(byte[] der, boolean stamp) throws SealFormatException {
    if (stamp) {
      Stamp.decode(der);
    } else {
      Seal.decode(der);
    }
  }
}

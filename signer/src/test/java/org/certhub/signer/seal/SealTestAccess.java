package org.certhub.signer.seal;

/** Seal fixtures for tests in other packages (the fixtures themselves are package-private). */
public final class SealTestAccess {
  private SealTestAccess() {}

  /** A verifier trusting the fixtures' hierarchy. */
  public static SealVerifier verifier() throws Exception {
    return SealFixtures.create().verifier();
  }

  /** The report of a good timestamped stamp over the fixtures' content. */
  public static SealReport goodStampReport() throws Exception {
    SealFixtures f = SealFixtures.create();
    return f.verifier().verifyStamp(f.timestampedStamp(f.seal()).encoded(), SealFixtures.CONTENT);
  }
}

package org.certhub.signer.key;

/**
 * Capability token that permits exporting private key material, for demos and tests only.
 *
 * <p>Methods that reveal secret key bytes (for example {@code Pem.privateKeyPkcs8}) require this
 * token. Its only instance is {@link #DEMO_ONLY}, so every export site contains the literal text
 * {@code InsecureKeyExport.DEMO_ONLY}: code review and CI can find each one with {@code grep -rn
 * InsecureKeyExport.DEMO_ONLY}. Production keys stay inside a {@link KeyHandle}.
 */
public final class InsecureKeyExport {

  /** The single token. Using it states, in greppable code, that a private key leaves its custody. */
  public static final InsecureKeyExport DEMO_ONLY = new InsecureKeyExport();

  private InsecureKeyExport() {}

  /**
   * Ensures the token was actually supplied.
   *
   * @param token the token passed by the caller
   * @throws NullPointerException if {@code token} is null
   */
  public static void require(InsecureKeyExport token) {
    if (token != DEMO_ONLY) {
      throw new NullPointerException("InsecureKeyExport.DEMO_ONLY is required to export a private key");
    }
  }

  @Override
  public String toString() {
    return "InsecureKeyExport.DEMO_ONLY";
  }
}

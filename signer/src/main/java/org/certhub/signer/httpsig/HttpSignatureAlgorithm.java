package org.certhub.signer.httpsig;

import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.SignatureVerificationException;
import org.certhub.signer.key.Verifier;

/**
 * The HTTP signature algorithms this library speaks, each tied to one key algorithm of the {@link
 * SignatureAlgorithm} registry. All three use a 64-byte signature on the wire:
 *
 * <ul>
 *   <li>{@code ecdsa-p256-sha256} (RFC 9421 §3.3.4): raw {@code r || s}, each 32 bytes big-endian,
 *       not DER.
 *   <li>{@code ed25519} (RFC 9421 §3.3.6): the RFC 8032 signature.
 *   <li>{@code sm2-sm3}: a private-use name, not in the IANA HTTP Signature Algorithms registry.
 *       SM2 with SM3 (GB/T 32918.2-2016) over the signature base, user ID {@code
 *       1234567812345678} (GB/T 35276-2017 §5.3), encoded like ECDSA as raw {@code r || s}.
 * </ul>
 */
public enum HttpSignatureAlgorithm {
  /** ECDSA P-256 with SHA-256, raw r||s. */
  ECDSA_P256_SHA256("ecdsa-p256-sha256", SignatureAlgorithm.ECDSA_P256_SHA256),
  /** Ed25519. */
  ED25519("ed25519", SignatureAlgorithm.ED25519),
  /** SM2 with SM3, raw r||s, default user ID; private-use name. */
  SM2_SM3("sm2-sm3", SignatureAlgorithm.SM2_SM3);

  private static final int SIGNATURE_LENGTH = 64;

  private final String rfcName;
  private final SignatureAlgorithm keyAlgorithm;

  HttpSignatureAlgorithm(String rfcName, SignatureAlgorithm keyAlgorithm) {
    this.rfcName = rfcName;
    this.keyAlgorithm = keyAlgorithm;
  }

  /**
   * Returns the value of the {@code alg} signature parameter.
   *
   * @return for example {@code "ecdsa-p256-sha256"}
   */
  public String rfcName() {
    return rfcName;
  }

  /**
   * Returns the HTTP signature algorithm for a key algorithm; the key decides, never the message.
   *
   * @param keyAlgorithm the algorithm fixed by the key
   * @return the matching HTTP signature algorithm
   */
  public static HttpSignatureAlgorithm forKey(SignatureAlgorithm keyAlgorithm) {
    for (HttpSignatureAlgorithm a : values()) {
      if (a.keyAlgorithm == keyAlgorithm) {
        return a;
      }
    }
    throw new IllegalArgumentException("no HTTP signature algorithm for " + keyAlgorithm);
  }

  /** Signs the signature base and returns the 64-byte wire form. */
  byte[] sign(KeyHandle key, byte[] base) throws SignerException {
    byte[] sig = key.sign(base);
    return this == ED25519 ? sig : org.certhub.signer.algorithm.RawSignatures.fromDer(sig);
  }

  /** Verifies a 64-byte wire-form signature over the signature base. */
  void verify(Verifier verifier, byte[] signature, byte[] base) throws HttpSignatureException {
    if (signature.length != SIGNATURE_LENGTH) {
      throw new HttpSignatureException(HttpSignatureException.Reason.BAD_SIGNATURE,
          "signature must be " + SIGNATURE_LENGTH + " bytes of " + rfcName
              + (this == ED25519 ? "" : " raw r||s") + ", but was: " + signature.length + " bytes");
    }
    try {
      verifier.verify(this == ED25519 ? signature : org.certhub.signer.algorithm.RawSignatures.toDer(signature), base);
    } catch (SignatureVerificationException e) {
      throw new HttpSignatureException(HttpSignatureException.Reason.BAD_SIGNATURE,
          "signature must verify with " + rfcName + " over the signature base, but was: invalid",
          e);
    }
  }
}

package org.certhub.signer.qr;

import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.SignatureVerificationException;
import org.certhub.signer.key.Verifier;

/**
 * COSE algorithm values (RFC 9053, IANA "COSE Algorithms") for the three key algorithms. All three
 * put 64 bytes on the wire: raw {@code r || s} for ECDSA and SM2 (RFC 9053 §2.1), the RFC 8032
 * signature for Ed25519. SM2 has no IANA value, so it takes {@value #SM2_PRIVATE_USE}, the first value
 * of the private-use range (below -65536); a verifier only accepts it from a trusted SM2 key.
 */
enum CoseAlgorithm {
  ES256(-7, SignatureAlgorithm.ECDSA_P256_SHA256),
  EDDSA(-8, SignatureAlgorithm.ED25519),
  SM2_SM3(CoseAlgorithm.SM2_PRIVATE_USE, SignatureAlgorithm.SM2_SM3);

  static final long SM2_PRIVATE_USE = -65537;
  private static final int SIGNATURE_LENGTH = 64;

  private final long value;
  private final SignatureAlgorithm keyAlgorithm;

  CoseAlgorithm(long value, SignatureAlgorithm keyAlgorithm) {
    this.value = value;
    this.keyAlgorithm = keyAlgorithm;
  }

  long value() {
    return value;
  }

  static CoseAlgorithm forKey(SignatureAlgorithm keyAlgorithm) {
    for (CoseAlgorithm a : values()) {
      if (a.keyAlgorithm == keyAlgorithm) {
        return a;
      }
    }
    throw new IllegalArgumentException("no COSE algorithm for " + keyAlgorithm);
  }

  /** Signs and returns the 64-byte COSE form; the key handles give DER for ECDSA and SM2. */
  byte[] sign(KeyHandle key, byte[] toBeSigned) throws SignerException {
    byte[] sig = key.sign(toBeSigned);
    return this == EDDSA ? sig : org.certhub.signer.algorithm.RawSignatures.fromDer(sig);
  }

  /** True if {@code signature} is exactly 64 bytes and verifies; a wrong length never reaches the JCA. */
  boolean verify(Verifier verifier, byte[] signature, byte[] toBeSigned) {
    if (signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    try {
      // Converted here rather than left to Verifier's raw-or-DER guess, so the wire form is one form.
      verifier.verify(this == EDDSA ? signature : org.certhub.signer.algorithm.RawSignatures.toDer(signature), toBeSigned);
      return true;
    } catch (SignatureVerificationException e) {
      return false;
    }
  }
}

package org.certhub.signer.qr;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.util.BigIntegers;
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
    return this == EDDSA ? sig : derToRaw(sig);
  }

  /** True if {@code signature} is exactly 64 bytes and verifies; a wrong length never reaches the JCA. */
  boolean verify(Verifier verifier, byte[] signature, byte[] toBeSigned) {
    if (signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    try {
      // Converted here rather than left to Verifier's raw-or-DER guess, so the wire form is one form.
      verifier.verify(this == EDDSA ? signature : rawToDer(signature), toBeSigned);
      return true;
    } catch (SignatureVerificationException e) {
      return false;
    }
  }

  // Same conversions as httpsig.HttpSignatureAlgorithm, which keeps them package-private.
  private static byte[] rawToDer(byte[] raw) {
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 0, 32))));
    v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 32, 64))));
    try {
      return new DERSequence(v).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding of two integers cannot fail", e);
    }
  }

  private static byte[] derToRaw(byte[] der) {
    ASN1Sequence seq = ASN1Sequence.getInstance(der);
    BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue();
    BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue();
    byte[] out = new byte[SIGNATURE_LENGTH];
    System.arraycopy(BigIntegers.asUnsignedByteArray(32, r), 0, out, 0, 32);
    System.arraycopy(BigIntegers.asUnsignedByteArray(32, s), 0, out, 32, 32);
    return out;
  }
}

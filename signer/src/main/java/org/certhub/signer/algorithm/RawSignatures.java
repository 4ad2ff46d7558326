package org.certhub.signer.algorithm;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.util.BigIntegers;

/**
 * The two encodings of an ECDSA or SM2 signature on a 256-bit curve: the DER {@code SEQUENCE {r, s}} that JCA
 * signers produce, and the fixed 64-byte {@code r || s} that COSE (RFC 9053) and HTTP Message Signatures
 * (RFC 9421) put on the wire.
 */
public final class RawSignatures {
  /** Length of the raw form. */
  public static final int LENGTH = 64;

  private RawSignatures() {}

  /**
   * @param raw exactly 64 bytes, r then s, big-endian
   * @return the DER form
   */
  public static byte[] toDer(byte[] raw) {
    if (raw.length != LENGTH) {
      throw new IllegalArgumentException("raw signature must be " + LENGTH + " bytes, but was: " + raw.length);
    }
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 0, 32))));
    v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 32, 64))));
    try {
      return new DERSequence(v).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding of two integers cannot fail", e);
    }
  }

  /**
   * @param der a DER {@code SEQUENCE {r, s}} as a JCA signer returns it
   * @return the 64-byte raw form
   */
  public static byte[] fromDer(byte[] der) {
    ASN1Sequence seq = ASN1Sequence.getInstance(der);
    BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue();
    BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue();
    byte[] out = new byte[LENGTH];
    System.arraycopy(BigIntegers.asUnsignedByteArray(32, r), 0, out, 0, 32);
    System.arraycopy(BigIntegers.asUnsignedByteArray(32, s), 0, out, 32, 32);
    return out;
  }
}

package org.certhub.hub.cli;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code x5chain} header (label 33, RFC 9360) of a tagged COSE_Sign1 without checking anything:
 * the hub's signed trust list names its signer there, and the CLI needs that certificate to check the
 * status list, which the same hub key signs but which carries no chain. The signer library checks the
 * chain and signature; this only walks the outer CBOR (definite lengths, bounded by the input).
 */
final class X5Chain {
  private static final long COSE_SIGN1 = 18;
  private static final long X5CHAIN = 33;
  private static final int MAX_DEPTH = 8;

  private final byte[] in;
  private int pos;

  private X5Chain(byte[] in) {
    this.in = in;
  }

  /**
   * The certificates of the unprotected {@code x5chain}, leaf first.
   *
   * @throws IllegalArgumentException if the bytes are not a COSE_Sign1 with an unprotected x5chain of certificates
   */
  static List<X509Certificate> of(byte[] cose) {
    X5Chain r = new X5Chain(cose);
    if (r.head(6) != COSE_SIGN1 || r.head(4) != 4) {
      throw new IllegalArgumentException("not a tagged COSE_Sign1");
    }
    r.skip(0); // protected header bytes
    long entries = r.head(5);
    for (long i = 0; i < entries; i++) {
      int major = (r.peek() >> 5) & 7;
      long label = major == 0 ? r.head(0) : major == 1 ? -1 - r.head(1) : Long.MIN_VALUE;
      if (label == Long.MIN_VALUE) {
        r.skip(0);
      } else if (label == X5CHAIN) {
        return r.certificates();
      }
      r.skip(0);
    }
    throw new IllegalArgumentException("the unprotected header has no x5chain (33)");
  }

  private List<X509Certificate> certificates() {
    List<byte[]> ders = new ArrayList<>();
    if (((peek() >> 5) & 7) == 2) {
      ders.add(bytes());
    } else {
      long n = head(4);
      for (long i = 0; i < n; i++) {
        ders.add(bytes());
      }
    }
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (byte[] der : ders) {
        chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("x5chain holds a certificate that does not parse: " + e.getMessage(), e);
    }
    return chain;
  }

  private byte[] bytes() {
    int n = length(head(2));
    byte[] b = new byte[n];
    System.arraycopy(in, pos, b, 0, n);
    pos += n;
    return b;
  }

  /** Skips one data item. */
  private void skip(int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("CBOR nested deeper than " + MAX_DEPTH);
    }
    int major = (peek() >> 5) & 7;
    long arg = head(major);
    switch (major) {
      case 2, 3 -> pos += length(arg);
      case 4 -> {
        for (long i = 0; i < arg; i++) {
          skip(depth + 1);
        }
      }
      case 5 -> {
        for (long i = 0; i < 2 * arg; i++) {
          skip(depth + 1);
        }
      }
      case 6 -> skip(depth + 1);
      default -> { } // integers and simple values are their head
    }
  }

  private int peek() {
    if (pos >= in.length) {
      throw new IllegalArgumentException("CBOR ends early at byte " + pos);
    }
    return in[pos] & 0xFF;
  }

  /** Reads an item head of the expected major type and returns its argument. */
  private long head(int major) {
    int b = peek();
    if ((b >> 5) != major) {
      throw new IllegalArgumentException("CBOR major type " + major + " expected at byte " + pos + ", but found " + (b >> 5));
    }
    pos++;
    int info = b & 31;
    if (info < 24) {
      return info;
    }
    int n = info == 24 ? 1 : info == 25 ? 2 : info == 26 ? 4 : info == 27 ? 8 : -1;
    if (n < 0) {
      throw new IllegalArgumentException("indefinite or reserved CBOR length at byte " + (pos - 1));
    }
    if (pos + n > in.length) {
      throw new IllegalArgumentException("CBOR ends early at byte " + pos);
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | (in[pos++] & 0xFF);
    }
    return v;
  }

  /** A string length, checked against the bytes left. */
  private int length(long n) {
    if (n < 0 || n > in.length - pos) {
      throw new IllegalArgumentException("CBOR length " + n + " at byte " + pos + " exceeds the " + (in.length - pos) + " bytes left");
    }
    return (int) n;
  }
}

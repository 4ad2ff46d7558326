package org.certhub.signer.qr;

import java.io.ByteArrayOutputStream;

/**
 * RFC 9285 Base45: two bytes become three characters of the QR alphanumeric set (a trailing byte
 * two), so QR alphanumeric mode carries 8 bits in 8.25 instead of byte mode's 8 bits per 8.
 */
final class Base45 {

  static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  private static final int[] VALUE = new int[128];

  static {
    java.util.Arrays.fill(VALUE, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      VALUE[ALPHABET.charAt(i)] = i;
    }
  }

  private Base45() {}

  static String encode(byte[] data) {
    StringBuilder sb = new StringBuilder((data.length + 1) / 2 * 3);
    int i = 0;
    for (; i + 1 < data.length; i += 2) {
      int n = ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
      sb.append(ALPHABET.charAt(n % 45)).append(ALPHABET.charAt(n / 45 % 45)).append(ALPHABET.charAt(n / 2025));
    }
    if (i < data.length) {
      int n = data[i] & 0xff;
      sb.append(ALPHABET.charAt(n % 45)).append(ALPHABET.charAt(n / 45));
    }
    return sb.toString();
  }

  /**
   * Decodes strictly: a character outside the alphabet, a length of 1 mod 3, or a group whose value
   * exceeds 65535 (or 255 for a final pair) is refused, so every byte string has one encoding.
   */
  static byte[] decode(String text) throws Base45Exception {
    if (text.length() % 3 == 1) {
      throw new Base45Exception("Base45 text length must not be 1 modulo 3, but was: " + text.length());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() / 3 * 2 + 1);
    for (int i = 0; i < text.length(); i += 3) {
      int c = value(text, i) + value(text, i + 1) * 45;
      if (i + 2 < text.length()) {
        int n = c + value(text, i + 2) * 2025;
        if (n > 0xffff) {
          throw new Base45Exception("Base45 group at character " + i + " must be at most 65535, but was: " + n);
        }
        out.write(n >> 8);
        out.write(n & 0xff);
      } else {
        if (c > 0xff) {
          throw new Base45Exception("final Base45 pair at character " + i + " must be at most 255, but was: " + c);
        }
        out.write(c);
      }
    }
    return out.toByteArray();
  }

  private static int value(String text, int i) throws Base45Exception {
    char ch = text.charAt(i);
    int v = ch < 128 ? VALUE[ch] : -1;
    if (v < 0) {
      throw new Base45Exception("character " + i + " must be in the Base45 alphabet [0-9A-Z $%*+-./:], but was: "
          + (ch >= 0x20 && ch < 0x7f ? "'" + ch + "'" : String.format("U+%04X", (int) ch)));
    }
    return v;
  }

  /** A text that is not Base45. */
  static final class Base45Exception extends Exception {
    Base45Exception(String message) {
      super(message);
    }
  }
}

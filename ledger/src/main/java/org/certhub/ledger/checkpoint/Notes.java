package org.certhub.ledger.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Shared signed-note rules: key IDs, names, text checks and quoting of untrusted values. */
final class Notes {

  static final byte ED25519_TYPE = 0x01;
  static final String EM_DASH_SPACE = "\u2014 ";
  /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE, AlgorithmId, BIT STRING. */
  static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private Notes() {}

  /** key ID = SHA-256(name || 0x0A || type || public key)[:4], big-endian. */
  static int keyId(String name, byte type, byte[] publicKey) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
    md.update(name.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0x0a);
    md.update(type);
    md.update(publicKey);
    byte[] h = md.digest();
    return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
  }

  /** Returns null if the name is valid, else what is wrong with it. */
  static String nameProblem(String name) {
    if (name.isEmpty()) {
      return "empty";
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (cp == '+' || Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp < 0x20
          || cp == 0x7f) {
        return String.format("containing U+%04X at index %d", cp, i);
      }
      i += Character.charCount(cp);
    }
    return null;
  }

  /** Returns the index of the first control character other than newline, or -1. */
  static int firstControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\n') || c == 0x7f) {
        return i;
      }
    }
    return -1;
  }

  /** Quotes an untrusted value for a message: escaped and truncated to 64 characters. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    int limit = Math.min(s.length(), 64);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append('"');
    if (s.length() > limit) {
      b.append("... (").append(s.length()).append(" chars)");
    }
    return b.toString();
  }

  static String hexId(int keyId) {
    return String.format("%08x", keyId);
  }
}

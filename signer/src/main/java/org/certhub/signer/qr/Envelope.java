package org.certhub.signer.qr;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * {@code CH1:} + Base45 of the COSE bytes, zlib-compressed only when that is shorter. The first
 * byte tells which: tagged COSE_Sign1 starts with 0xD2 (tag 18), a zlib stream with 0x78.
 */
final class Envelope {

  static final String PREFIX = "CH1:";
  static final int MAX_COSE_BYTES = 4096;
  /** Base45 of the largest acceptable payload (stored as well as compressed), plus the prefix. */
  static final int MAX_TEXT_CHARS = PREFIX.length() + (MAX_COSE_BYTES + 64) / 2 * 3 + 2;

  private Envelope() {}

  static String wrap(byte[] cose) {
    byte[] z = deflate(cose);
    return PREFIX + Base45.encode(z.length < cose.length ? z : cose);
  }

  /** zlib (RFC 1950) at the best compression. */
  static byte[] deflate(byte[] data) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
    d.setInput(data);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[512];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  static byte[] unwrap(String text) throws QrVerificationException {
    if (text.length() > MAX_TEXT_CHARS) {
      throw malformed("presentation text must be at most " + MAX_TEXT_CHARS + " characters, but was: " + text.length());
    }
    if (!text.startsWith(PREFIX)) {
      throw malformed("presentation must start with \"" + PREFIX + "\", but was: \""
          + text.substring(0, Math.min(8, text.length())) + "\"");
    }
    byte[] raw;
    try {
      raw = Base45.decode(text.substring(PREFIX.length()));
    } catch (Base45.Base45Exception e) {
      throw malformed("after \"" + PREFIX + "\": " + e.getMessage());
    }
    if (raw.length > 0 && (raw[0] & 0xff) == 0x78) {
      return inflate(raw, MAX_COSE_BYTES, "COSE bytes");
    }
    if (raw.length > MAX_COSE_BYTES) {
      throw malformed("COSE bytes must be at most " + MAX_COSE_BYTES + ", but were: " + raw.length);
    }
    return raw;
  }

  /**
   * Inflates a zlib stream of at most {@code max} bytes; the output buffer never grows past the bound,
   * so a zlib bomb stops at {@code max + 1} bytes of work memory.
   */
  static byte[] inflate(byte[] z, int max, String what) throws QrVerificationException {
    Inflater inf = new Inflater();
    try {
      inf.setInput(z);
      byte[] out = new byte[max + 1];
      int n = 0;
      while (!inf.finished()) {
        if (n == out.length) {
          throw malformed("decompressed " + what + " must be at most " + max + " bytes, but were: more (refused)");
        }
        int r = inf.inflate(out, n, out.length - n);
        if (r == 0 && (inf.needsInput() || inf.needsDictionary())) {
          throw malformed("zlib stream must be complete, but was: truncated after " + n + " output bytes");
        }
        n += r;
      }
      if (n > max) {
        throw malformed("decompressed " + what + " must be at most " + max + " bytes, but were: more (refused)");
      }
      if (inf.getRemaining() != 0) {
        throw malformed("zlib stream must end the input, but was: " + inf.getRemaining() + " trailing bytes");
      }
      return java.util.Arrays.copyOf(out, n);
    } catch (DataFormatException e) {
      throw malformed("zlib stream must be valid, but was: " + e.getMessage());
    } finally {
      inf.end();
    }
  }

  private static QrVerificationException malformed(String message) {
    return new QrVerificationException(QrVerificationException.Reason.MALFORMED, message);
  }
}

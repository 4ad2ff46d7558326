package org.certhub.signer.qr;

import static org.certhub.signer.qr.Cose.bytes;
import static org.certhub.signer.qr.Cose.integer;
import static org.certhub.signer.qr.Cose.malformed;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The compact encodings of the presentation, each with exactly one form per value, so that what a
 * digest or the signature covers has one reading: human-readable text as GB 18030 when that is
 * shorter, and the licence id's {@code [0-9A-Z]+} codes as base-36 numbers.
 */
final class Compact {

  /** GB 18030 (the JDK's is GB 18030-2022 since 17.0.9): 2 bytes a common Chinese character where UTF-8 takes 3. */
  static final Charset GB18030 = Charset.forName("GB18030");

  /**
   * The longest code that travels: far beyond GB/T 36904's codes (21 and 18 characters, serials
   * of about 20), and a bound on what a hostile character count makes the verifier allocate.
   */
  static final int MAX_CODE_CHARS = 64;

  /** The bytes of the largest value of {@link #MAX_CODE_CHARS} characters: 36^64 < 2^331. */
  private static final int MAX_CODE_BYTES = 42;

  private static final Pattern CODE = Pattern.compile("[0-9A-Z]+");

  private Compact() {}

  // ---- codes ----

  /**
   * The one encoding of a {@code [0-9A-Z]+} code: its character count (which restores leading zeros)
   * and its value as a base-36 number, big-endian without leading zero bytes (zero is empty).
   *
   * @throws IllegalArgumentException if the code is not {@code [0-9A-Z]+} of at most {@link
   *     #MAX_CODE_CHARS} characters
   */
  static List<Object> code(String code) {
    if (!CODE.matcher(code).matches() || code.length() > MAX_CODE_CHARS) {
      throw new IllegalArgumentException("code must match [0-9A-Z]+ with at most " + MAX_CODE_CHARS
          + " characters, but was: \"" + code + "\"");
    }
    byte[] b = new BigInteger(code, 36).toByteArray();
    int skip = 0;
    while (skip < b.length && b[skip] == 0) {
      skip++;
    }
    return List.of((long) code.length(), Arrays.copyOfRange(b, skip, b.length));
  }

  /** Reads a code encoded by {@link #code(String)}, refusing any other form of it. */
  static String readCode(Object count, Object number, String where) throws QrVerificationException {
    long n = integer(count, where + " (character count)");
    byte[] b = bytes(number, where + " (base-36 value)");
    if (n < 1 || n > MAX_CODE_CHARS) {
      throw malformed(where + " (character count) must be 1 to " + MAX_CODE_CHARS + ", but was: " + n);
    }
    if (b.length > 0 && b[0] == 0) {
      throw malformed(where + " (base-36 value) must have no leading zero bytes, but had one");
    }
    // Before the radix conversion, so a hostile value costs nothing.
    if (b.length > MAX_CODE_BYTES) {
      throw malformed(where + " (base-36 value) must fit " + n + " characters, but was: " + b.length + " bytes");
    }
    String digits = b.length == 0 ? "" : new BigInteger(1, b).toString(36).toUpperCase(Locale.ROOT);
    if (digits.length() > n) {
      throw malformed(where + " (base-36 value) must fit " + n + " characters, but had " + digits.length());
    }
    return "0".repeat((int) n - digits.length()) + digits;
  }

  // ---- text ----

  /**
   * The one encoding of a text value: a byte string of its GB 18030 bytes when they are strictly
   * fewer than its UTF-8 bytes and decode back to exactly the value, else the text string.
   */
  static Object text(String value) {
    byte[] gb;
    try {
      ByteBuffer b = GB18030.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(value));
      gb = Arrays.copyOfRange(b.array(), b.arrayOffset() + b.position(), b.arrayOffset() + b.limit());
    } catch (CharacterCodingException e) {
      return value; // an unpaired surrogate: not text GB 18030 can carry
    }
    if (gb.length >= value.getBytes(StandardCharsets.UTF_8).length || !value.equals(decodeGb(gb))) {
      return value;
    }
    return gb;
  }

  /**
   * Reads a text value encoded by {@link #text(String)}: a text string, or a byte string of
   * well-formed GB 18030; either must be the form {@code text} gives for the value it holds.
   */
  static String readText(Object v, String where) throws QrVerificationException {
    String value;
    if (v instanceof String s) {
      value = s;
    } else if (v instanceof byte[] b) {
      value = decodeGb(b);
      if (value == null) {
        throw malformed(where + " must be well-formed GB 18030, but was not");
      }
    } else {
      throw malformed(where + " must be a text string or a GB 18030 byte string, but was: " + Cbor.kind(v));
    }
    Object canonical = text(value);
    if (v instanceof String && canonical instanceof byte[]) {
      throw malformed(where + " must be a GB 18030 byte string (shorter than UTF-8), but was: a text string");
    }
    if (v instanceof byte[] b && !(canonical instanceof byte[] gb && Arrays.equals(gb, b))) {
      throw malformed(where + " must be a text string unless GB 18030 is strictly shorter than UTF-8 and decodes back "
          + "to the same bytes, but was: a byte string of " + b.length + " bytes");
    }
    return value;
  }

  /** Strict GB 18030 decoding; null if the bytes are not well-formed. */
  private static String decodeGb(byte[] b) {
    try {
      return GB18030.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}

package org.certhub.signer.qr;

import static org.certhub.signer.qr.Cose.malformed;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The compact encodings of the presentation, each with exactly one form per value, so that what a
 * digest or the signature covers has one reading: human-readable text as GB 18030 when that is
 * shorter, and the licence id's {@code [0-9A-Z]+} codes as base-36 numbers.
 */
final class Compact {

  /** GB 18030 (the JDK's is GB 18030-2022 since 17.0.9): 2 bytes a common Chinese character where UTF-8 takes 3. */
  static final Charset GB18030 = Charset.forName("GB18030");

  private Compact() {}

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

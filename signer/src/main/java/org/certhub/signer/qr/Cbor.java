package org.certhub.signer.qr;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small CBOR codec limited to what the QR presentation needs, with RFC 8949 §4.2.1 core
 * deterministic encoding on both sides.
 *
 * <p>Values: {@link Long} (and {@link Integer} on input), {@link String}, {@code byte[]}, {@link
 * List}, {@link Map} with {@link Long} or {@link String} keys, {@link Boolean}, {@code null} and
 * {@link Tag}. The encoder writes shortest-form arguments and sorts map keys bytewise on their
 * encodings. The decoder accepts exactly that form and nothing else: a non-shortest argument,
 * unsorted or duplicate keys, indefinite lengths, floats, other simple values and trailing bytes
 * are refused, so a signed payload has one encoding and a verifier cannot be fooled by a second
 * reading of it. It is bounded in input size, depth and item count, and checks every declared
 * length against the bytes that remain before allocating.
 */
final class Cbor {

  /** A tagged item (major type 6). */
  record Tag(long tag, Object content) {}

  /** Decoder bounds. */
  record Limits(int maxBytes, int maxDepth, int maxItems) {
    static final Limits DEFAULT = new Limits(4096, 8, 512);
  }

  private Cbor() {}

  // ---- encoder ----

  static byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, value);
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, Object v) {
    if (v instanceof Integer i) {
      v = i.longValue();
    }
    if (v instanceof Long n) {
      if (n >= 0) {
        head(out, 0, n);
      } else {
        head(out, 1, -1 - n);
      }
    } else if (v instanceof byte[] b) {
      head(out, 2, b.length);
      out.writeBytes(b);
    } else if (v instanceof String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      head(out, 3, b.length);
      out.writeBytes(b);
    } else if (v instanceof List<?> list) {
      head(out, 4, list.size());
      for (Object o : list) {
        write(out, o);
      }
    } else if (v instanceof Map<?, ?> map) {
      List<byte[][]> entries = new ArrayList<>(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        entries.add(new byte[][] {encode(e.getKey()), encode(e.getValue())});
      }
      entries.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
      head(out, 5, entries.size());
      for (int i = 0; i < entries.size(); i++) {
        if (i > 0 && Arrays.equals(entries.get(i - 1)[0], entries.get(i)[0])) {
          throw new IllegalArgumentException("map keys must be distinct, but two encode alike");
        }
        out.writeBytes(entries.get(i)[0]);
        out.writeBytes(entries.get(i)[1]);
      }
    } else if (v instanceof Tag t) {
      head(out, 6, t.tag());
      write(out, t.content());
    } else if (v instanceof Boolean b) {
      out.write(b ? 0xf5 : 0xf4);
    } else if (v == null) {
      out.write(0xf6);
    } else {
      throw new IllegalArgumentException("cannot CBOR-encode a " + v.getClass().getName());
    }
  }

  /** Writes a head with the shortest argument (RFC 8949 §4.2.1, first rule). */
  private static void head(ByteArrayOutputStream out, int major, long arg) {
    int mt = major << 5;
    if (arg >= 0 && arg < 24) {
      out.write(mt | (int) arg);
    } else if (arg >= 0 && arg < 0x100) {
      out.write(mt | 24);
      out.write((int) arg);
    } else if (arg >= 0 && arg < 0x10000) {
      out.write(mt | 25);
      out.write((int) (arg >> 8));
      out.write((int) arg);
    } else if (arg >= 0 && arg < 0x1_0000_0000L) {
      out.write(mt | 26);
      for (int s = 24; s >= 0; s -= 8) {
        out.write((int) (arg >> s));
      }
    } else {
      out.write(mt | 27);
      for (int s = 56; s >= 0; s -= 8) {
        out.write((int) (arg >> s));
      }
    }
  }

  // ---- decoder ----

  static Object decode(byte[] data) throws CborException {
    return decode(data, Limits.DEFAULT);
  }

  static Object decode(byte[] data, Limits limits) throws CborException {
    Objects.requireNonNull(data, "data");
    if (data.length > limits.maxBytes()) {
      throw new CborException("CBOR input must be at most " + limits.maxBytes() + " bytes, but was: "
          + data.length + " bytes");
    }
    Decoder d = new Decoder(data, limits);
    Object v = d.item(0);
    if (d.pos != data.length) {
      throw new CborException("CBOR input must hold exactly one item, but was: " + (data.length - d.pos)
          + " trailing bytes at offset " + d.pos);
    }
    return v;
  }

  private static final class Decoder {
    private final byte[] in;
    private final Limits limits;
    private int pos;
    private int items;

    Decoder(byte[] in, Limits limits) {
      this.in = in;
      this.limits = limits;
    }

    Object item(int depth) throws CborException {
      int start = pos;
      if (depth > limits.maxDepth()) {
        throw new CborException("CBOR nesting must be at most " + limits.maxDepth() + " levels deep, but was: deeper at offset " + start);
      }
      if (++items > limits.maxItems()) {
        throw new CborException("CBOR input must hold at most " + limits.maxItems() + " items, but was: more at offset " + start);
      }
      int ib = u8();
      int major = ib >>> 5;
      int ai = ib & 0x1f;
      if (major == 7) {
        switch (ai) {
          case 20: return Boolean.FALSE;
          case 21: return Boolean.TRUE;
          case 22: return null;
          default:
            throw new CborException("CBOR simple value or float must be false, true or null, but was: initial byte 0x"
                + Integer.toHexString(ib) + " at offset " + start);
        }
      }
      if (ai == 31) {
        throw new CborException("CBOR lengths must be definite, but was: indefinite-length major type " + major + " at offset " + start);
      }
      long arg = argument(ai, start);
      switch (major) {
        case 0:
          return nonNegativeLong(arg, start, "unsigned integer");
        case 1:
          return -1 - nonNegativeLong(arg, start, "negative integer");
        case 2:
          return bytes(length(arg, start));
        case 3:
          return text(length(arg, start), start);
        case 4: {
          int n = count(arg, start);
          List<Object> list = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            list.add(item(depth + 1));
          }
          return Collections.unmodifiableList(list);
        }
        case 5: {
          int n = count(arg, start);
          Map<Object, Object> map = new LinkedHashMap<>();
          int prevStart = -1;
          int prevEnd = -1;
          for (int i = 0; i < n; i++) {
            int keyStart = pos;
            Object key = item(depth + 1);
            int keyEnd = pos;
            if (!(key instanceof Long) && !(key instanceof String)) {
              throw new CborException("CBOR map key must be an integer or a text string, but was: "
                  + kind(key) + " at offset " + keyStart);
            }
            if (prevStart >= 0) {
              int c = Arrays.compareUnsigned(in, prevStart, prevEnd, in, keyStart, keyEnd);
              if (c == 0) {
                throw new CborException("CBOR map keys must be unique, but was: duplicate key " + key + " at offset " + keyStart);
              }
              if (c > 0) {
                throw new CborException("CBOR map keys must be sorted bytewise (RFC 8949 §4.2.1), but was: key "
                    + key + " out of order at offset " + keyStart);
              }
            }
            prevStart = keyStart;
            prevEnd = keyEnd;
            map.put(key, item(depth + 1));
          }
          return Collections.unmodifiableMap(map);
        }
        case 6:
          return new Tag(nonNegativeLong(arg, start, "tag"), item(depth + 1));
        default:
          throw new IllegalStateException("major type " + major);
      }
    }

    private long argument(int ai, int start) throws CborException {
      if (ai < 24) {
        return ai;
      }
      int n;
      long min;
      switch (ai) {
        case 24: n = 1; min = 24; break;
        case 25: n = 2; min = 0x100; break;
        case 26: n = 4; min = 0x10000; break;
        case 27: n = 8; min = 0x1_0000_0000L; break;
        default:
          throw new CborException("CBOR additional information must be 0-27 or 31, but was: " + ai + " (reserved) at offset " + start);
      }
      long v = 0;
      for (int i = 0; i < n; i++) {
        v = (v << 8) | u8();
      }
      if (Long.compareUnsigned(v, min) < 0) {
        throw new CborException("CBOR arguments must use the shortest form (RFC 8949 §4.2.1), but was: "
            + Long.toUnsignedString(v) + " in " + n + " bytes at offset " + start);
      }
      return v;
    }

    private static long nonNegativeLong(long arg, int start, String what) throws CborException {
      if (arg < 0) {
        throw new CborException("CBOR " + what + " must fit in 63 bits, but was: " + Long.toUnsignedString(arg) + " at offset " + start);
      }
      return arg;
    }

    /** A byte length that must fit in what remains: checked before anything is allocated. */
    private int length(long arg, int start) throws CborException {
      int remaining = in.length - pos;
      if (arg < 0 || arg > remaining) {
        throw new CborException("CBOR string length must fit in the " + remaining + " remaining bytes, but was: "
            + Long.toUnsignedString(arg) + " at offset " + start);
      }
      return (int) arg;
    }

    /** An item count; every item takes at least one byte, so it too is bounded by what remains. */
    private int count(long arg, int start) throws CborException {
      int remaining = in.length - pos;
      if (arg < 0 || arg > remaining || arg > limits.maxItems()) {
        throw new CborException("CBOR array or map size must fit in the " + remaining + " remaining bytes and "
            + limits.maxItems() + " items, but was: " + Long.toUnsignedString(arg) + " at offset " + start);
      }
      return (int) arg;
    }

    private byte[] bytes(int n) {
      byte[] b = Arrays.copyOfRange(in, pos, pos + n);
      pos += n;
      return b;
    }

    private String text(int n, int start) throws CborException {
      try {
        String s = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(in, pos, n)).toString();
        pos += n;
        return s;
      } catch (CharacterCodingException e) {
        throw new CborException("CBOR text string must be valid UTF-8, but was: malformed at offset " + start);
      }
    }

    private int u8() throws CborException {
      if (pos >= in.length) {
        throw new CborException("CBOR input must be complete, but was: truncated at offset " + pos);
      }
      return in[pos++] & 0xff;
    }
  }

  static String kind(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Long) {
      return "integer";
    }
    if (v instanceof String) {
      return "text string";
    }
    if (v instanceof byte[]) {
      return "byte string";
    }
    if (v instanceof List) {
      return "array";
    }
    if (v instanceof Map) {
      return "map";
    }
    if (v instanceof Tag t) {
      return "tag " + t.tag();
    }
    return v instanceof Boolean ? "boolean" : v.getClass().getSimpleName();
  }

  /** CBOR that is malformed, non-deterministic or outside the bounds. */
  static final class CborException extends Exception {
    CborException(String message) {
      super(message);
    }
  }
}

package org.certhub.signer.cms;

import java.util.Objects;

/**
 * A structural pre-check of BER/DER before Bouncy Castle parses it: every length fits inside its parent,
 * tags and lengths are not absurdly long, nesting stays shallow, and nothing trails the outer element.
 * Bouncy Castle builds trees recursively and trusts nesting, so hostile input (thousands of nested
 * SEQUENCEs) would end in a {@link StackOverflowError}; after this check every allocation is bounded by
 * the input's size and recursion by {@link #MAX_DEPTH}.
 */
public final class DerLimits {

  /** Deepest nesting of constructed elements accepted; real CMS and RFC 3161 structures stay below 20. */
  public static final int MAX_DEPTH = 48;

  private DerLimits() {}

  /**
   * Checks that {@code der} is exactly one well-nested BER/DER element.
   *
   * @param der the bytes, not null
   * @param where the name of the structure for messages, e.g. {@code "cms"}
   * @throws CmsFormatException naming the offset and what is wrong
   */
  public static void check(byte[] der, String where) throws CmsFormatException {
    Objects.requireNonNull(der, "der");
    if (der.length == 0) {
      throw new CmsFormatException(where + " must be a DER element, but was: empty");
    }
    int end = element(der, 0, der.length, 0, where);
    if (end != der.length) {
      throw new CmsFormatException(
          where + " must be exactly one DER element, but was: " + (der.length - end) + " trailing byte(s) at offset " + end);
    }
  }

  /** Returns the offset after the element at {@code off}, which must end by {@code limit}. */
  private static int element(byte[] b, int off, int limit, int depth, String where) throws CmsFormatException {
    int start = off;
    if (off >= limit) {
      throw truncated(where, start);
    }
    int tag = b[off++] & 0xff;
    boolean constructed = (tag & 0x20) != 0;
    if ((tag & 0x1f) == 0x1f) { // high tag number form: at most 4 continuation bytes
      int n = 0;
      do {
        if (off >= limit) {
          throw truncated(where, start);
        }
        if (++n > 4) {
          throw new CmsFormatException(where + " tag at offset " + start + " must fit in 4 bytes, but was: longer");
        }
      } while ((b[off++] & 0x80) != 0);
    }
    if (off >= limit) {
      throw truncated(where, start);
    }
    int first = b[off++] & 0xff;
    if (first == 0x80) { // indefinite length (BER): children up to an end-of-contents marker
      if (!constructed) {
        throw new CmsFormatException(where + " element at offset " + start + " must not be primitive with indefinite length");
      }
      checkDepth(depth, where, start);
      while (true) {
        if (off + 1 < limit && b[off] == 0 && b[off + 1] == 0) {
          return off + 2;
        }
        if (off >= limit) {
          throw truncated(where, start);
        }
        off = element(b, off, limit, depth + 1, where);
      }
    }
    long length;
    if (first < 0x80) {
      length = first;
    } else {
      int n = first & 0x7f;
      if (n > 4) {
        throw new CmsFormatException(
            where + " length at offset " + start + " must fit in 4 bytes, but was: " + n + " bytes");
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        if (off >= limit) {
          throw truncated(where, start);
        }
        length = (length << 8) | (b[off++] & 0xff);
      }
    }
    if (length > limit - off) {
      throw new CmsFormatException(where + " element at offset " + start + " must fit in the " + (limit - off)
          + " remaining byte(s), but declared length " + length);
    }
    int end = off + (int) length;
    if (constructed) {
      checkDepth(depth, where, start);
      while (off < end) {
        off = element(b, off, end, depth + 1, where);
      }
    }
    return end;
  }

  private static void checkDepth(int depth, String where, int offset) throws CmsFormatException {
    if (depth >= MAX_DEPTH) {
      throw new CmsFormatException(
          where + " nesting at offset " + offset + " must be at most " + MAX_DEPTH + " levels deep, but was: deeper");
    }
  }

  private static CmsFormatException truncated(String where, int offset) {
    return new CmsFormatException(where + " element at offset " + offset + " must be complete, but was: truncated");
  }
}

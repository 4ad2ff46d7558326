package org.certhub.signer.json;

import java.io.IOException;
import java.util.Objects;
import org.erdtman.jcs.JsonCanonicalizer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS), through {@code java-json-canonicalization}.
 *
 * <p>Input is first parsed strictly with Jackson (duplicate member names and trailing tokens are
 * rejected, since a signature over an ambiguous document is itself ambiguous), then canonicalised:
 * members sorted by UTF-16 code units, no insignificant whitespace, ECMAScript number formatting.
 */
public final class Jcs {

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private Jcs() {}

  /**
   * Returns the strict Jackson mapper used for signed JSON.
   *
   * @return a shared, immutable mapper
   */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses JSON text strictly.
   *
   * @param json the text, not null
   * @param path the structure path used in error messages, e.g. {@code "licence"}
   * @return the tree
   * @throws JsonSignatureFormatException if the text is not one well-formed JSON value without
   *     duplicate member names
   */
  public static JsonNode parse(String json, String path) throws JsonSignatureFormatException {
    Objects.requireNonNull(json, "json");
    try {
      return MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new JsonSignatureFormatException(
          path + " must be well-formed JSON, but was: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Returns the RFC 8785 canonical form of {@code json}.
   *
   * @param json JSON text, not null
   * @return the canonical text; sign its UTF-8 bytes
   * @throws JsonSignatureFormatException if the text is not well-formed JSON
   */
  public static String canonicalize(String json) throws JsonSignatureFormatException {
    parse(json, "json"); // strict syntax check: duplicates and trailing tokens rejected
    try {
      return new JsonCanonicalizer(json).getEncodedString();
    } catch (IOException | RuntimeException e) {
      throw new JsonSignatureFormatException(
          "json must be canonicalizable per RFC 8785, but was: " + e.getMessage(), e);
    }
  }

  /**
   * Returns the RFC 8785 canonical form of a parsed tree (a tree cannot hold duplicate members). Trees of objects,
   * arrays, strings of well-formed UTF-16, booleans, nulls and integers of magnitude at most 2^53 are written directly
   * (the common case, and several times faster than re-parsing text); anything else (fractions, huge integers, lone
   * surrogates) goes through {@link #canonicalize(String)}.
   *
   * @param node the tree, not null
   * @return the canonical text; sign its UTF-8 bytes
   * @throws JsonSignatureFormatException if the tree cannot be canonicalised
   */
  public static String canonicalize(JsonNode node) throws JsonSignatureFormatException {
    Objects.requireNonNull(node, "node");
    StringBuilder out = new StringBuilder(512);
    if (write(node, out)) {
      return out.toString();
    }
    return canonicalize(MAPPER.writeValueAsString(node));
  }

  private static final long MAX_EXACT = 1L << 53;

  private static boolean write(JsonNode n, StringBuilder out) {
    if (n.isObject()) {
      java.util.List<String> names = new java.util.ArrayList<>(n.propertyNames());
      java.util.Collections.sort(names); // String order is UTF-16 code unit order, as RFC 8785 §3.2.3 asks
      out.append('{');
      for (int i = 0; i < names.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        if (!string(names.get(i), out)) {
          return false;
        }
        out.append(':');
        if (!write(n.get(names.get(i)), out)) {
          return false;
        }
      }
      out.append('}');
      return true;
    }
    if (n.isArray()) {
      out.append('[');
      for (int i = 0; i < n.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        if (!write(n.get(i), out)) {
          return false;
        }
      }
      out.append(']');
      return true;
    }
    if (n.isString()) {
      return string(n.stringValue(), out);
    }
    if (n.isBoolean()) {
      out.append(n.booleanValue());
      return true;
    }
    if (n.isNull()) {
      out.append("null");
      return true;
    }
    if (n.isIntegralNumber() && n.canConvertToLong() && Math.abs(n.longValue()) <= MAX_EXACT) {
      out.append(n.longValue());
      return true;
    }
    return false;
  }

  /** ECMAScript JSON.stringify string form (RFC 8785 §3.2.2.2); false for a lone surrogate. */
  private static boolean string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          out.append(c).append(s.charAt(++i));
          continue;
        }
        return false;
      }
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
    return true;
  }
}

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
}

package org.certhub.signer.json;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A detached signature over a JSON document's RFC 8785 canonical form.
 *
 * <p>JSON form ({@link #toJson()}): {@code {"alg":"ECDSA_P256_SHA256","keyId":"sha256:<hex>","value":"<base64>"}}.
 *
 * @param alg the algorithm the signature claims; verifiers take the algorithm from the certificate
 *     and only compare
 * @param keyId {@code "sha256:<lower-case hex>"} of the signer's leaf certificate DER
 * @param value the signature bytes (copied in and out)
 */
public record JsonSignature(SignatureAlgorithm alg, String keyId, byte[] value) {

  private static final Pattern KEY_ID = Pattern.compile("sha256:[0-9a-f]{64}");

  /** Validates and copies the components. */
  public JsonSignature {
    Objects.requireNonNull(alg, "alg");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(value, "value");
    if (!KEY_ID.matcher(keyId).matches()) {
      throw new IllegalArgumentException("keyId must be sha256:<64 hex>, but was: " + keyId);
    }
    if (value.length == 0) {
      throw new IllegalArgumentException("value must be non-empty, but was: 0 bytes");
    }
    value = value.clone();
  }

  /**
   * Returns a copy of the signature bytes.
   *
   * @return a new array
   */
  @Override
  public byte[] value() {
    return value.clone();
  }

  /**
   * Returns the signature bytes in standard base64 (RFC 4648 §4).
   *
   * @return base64 text
   */
  public String valueBase64() {
    return Base64.getEncoder().encodeToString(value);
  }

  /**
   * Creates a signature from its transported parts.
   *
   * @param alg the algorithm name, e.g. {@code "SM2_SM3"}
   * @param keyId {@code "sha256:<hex>"}
   * @param valueBase64 the signature in standard base64
   * @return the signature
   * @throws JsonSignatureFormatException if a part is malformed
   */
  public static JsonSignature of(String alg, String keyId, String valueBase64)
      throws JsonSignatureFormatException {
    Objects.requireNonNull(alg, "alg");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(valueBase64, "valueBase64");
    SignatureAlgorithm a = null;
    for (SignatureAlgorithm s : SignatureAlgorithm.values()) {
      if (s.name().equals(alg)) {
        a = s;
      }
    }
    if (a == null) {
      throw new JsonSignatureFormatException("signature.alg must be one of "
          + Arrays.toString(SignatureAlgorithm.values()) + ", but was: \"" + shorten(alg) + "\"");
    }
    if (!KEY_ID.matcher(keyId).matches()) {
      throw new JsonSignatureFormatException(
          "signature.keyId must be sha256:<64 lower-case hex>, but was: \"" + shorten(keyId) + "\"");
    }
    byte[] v;
    try {
      v = Base64.getDecoder().decode(valueBase64);
    } catch (IllegalArgumentException e) {
      throw new JsonSignatureFormatException(
          "signature.value must be base64, but was: \"" + shorten(valueBase64) + "\"", e);
    }
    if (v.length == 0) {
      throw new JsonSignatureFormatException("signature.value must be non-empty, but was: \"\"");
    }
    return new JsonSignature(a, keyId, v);
  }

  /**
   * Serialises as {@code {"alg":…,"keyId":…,"value":…}}.
   *
   * @return JSON text
   */
  public String toJson() {
    ObjectNode n = Jcs.mapper().createObjectNode();
    n.put("alg", alg.name());
    n.put("keyId", keyId);
    n.put("value", valueBase64());
    return Jcs.mapper().writeValueAsString(n);
  }

  /**
   * Parses the JSON form of {@link #toJson()}.
   *
   * @param json JSON text, not null
   * @return the signature
   * @throws JsonSignatureFormatException if malformed; the message names the member
   */
  public static JsonSignature parse(String json) throws JsonSignatureFormatException {
    JsonNode n = Jcs.parse(json, "signature");
    if (!n.isObject()) {
      throw new JsonSignatureFormatException("signature must be an object, but was: " + n.getNodeType());
    }
    for (String name : n.propertyNames()) {
      if (!List.of("alg", "keyId", "value").contains(name)) {
        throw new JsonSignatureFormatException("signature must have only the members [alg, keyId,"
            + " value], but was: unknown member \"" + shorten(name) + "\"");
      }
    }
    return of(text(n, "alg"), text(n, "keyId"), text(n, "value"));
  }

  private static String text(JsonNode n, String name) throws JsonSignatureFormatException {
    JsonNode v = n.get(name);
    if (v == null) {
      throw new JsonSignatureFormatException("signature." + name + " must be present, but was: missing");
    }
    if (!v.isString()) {
      throw new JsonSignatureFormatException(
          "signature." + name + " must be a string, but was: " + v.getNodeType());
    }
    return v.stringValue();
  }

  private static String shorten(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonSignature s && alg == s.alg && keyId.equals(s.keyId)
        && Arrays.equals(value, s.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(alg, keyId, Arrays.hashCode(value));
  }

  @Override
  public String toString() {
    return "JsonSignature[" + alg + ", " + keyId + ", " + value.length + " bytes]";
  }
}

package org.certhub.signer.licence;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.certhub.signer.json.Jcs;
import org.certhub.signer.json.JsonSignatureFormatException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An e-licence (电子证照) as data: identifier (GB/T 36904), type, issuer, holder, type-specific fields
 * and validity (metadata elements of GB/T 36903).
 *
 * <p>Its signed form is {@link #canonicalJson()}: RFC 8785 (JCS) canonical JSON of the fixed shape
 *
 * <pre>{@code
 * {"id":"1.2.156.3005.2.…","type":{"code":…,"name":…},"issuer":{"code":…,"name":…},
 *  "holder":{"id":…,"idType":…,"name":…},"fields":{…},
 *  "validFrom":"2024-01-01","validUntil":"2034-01-01"|null,"issuedAt":"2024-01-01T08:00:00Z"}
 * }</pre>
 *
 * so a signature verifies whatever the whitespace or member order of the transported JSON.
 *
 * @param id the identifier; its type and issuer codes must equal {@code typeCode} and {@code
 *     issuerCode}
 * @param typeCode licence-type code (证照类型代码)
 * @param typeName licence-type name (证照类型名称)
 * @param issuerCode issuing-authority code (证照颁发机构代码), the issuer's USCC
 * @param issuerName issuing-authority name (证照颁发机构)
 * @param holder the holder (持证主体)
 * @param fields type-specific fields; copied into an unmodifiable map sorted by key
 * @param validFrom first day of validity (有效期起始)
 * @param validUntil last day of validity (有效期截止), or null for long-term (长期)
 * @param issuedAt when the licence was issued and signed
 * @param jurisdiction administrative division code (行政区划代码, GB/T 2260, six digits), or null
 * @param previousId the version this one replaces (关联证照标识): same type, issuer and serial, lower
 *     version; null for a first issue
 */
public record Licence(
    LicenceId id,
    String typeCode,
    String typeName,
    String issuerCode,
    String issuerName,
    Holder holder,
    Map<String, String> fields,
    LocalDate validFrom,
    LocalDate validUntil,
    Instant issuedAt,
    String jurisdiction,
    LicenceId previousId) {

  private static final List<String> MEMBERS =
      List.of("id", "type", "issuer", "holder", "fields", "validFrom", "validUntil", "issuedAt", "jurisdiction", "previousId");

  /** A first-issue licence without jurisdiction: the shape of licences signed before v2 metadata. */
  public Licence(
      LicenceId id,
      String typeCode,
      String typeName,
      String issuerCode,
      String issuerName,
      Holder holder,
      Map<String, String> fields,
      LocalDate validFrom,
      LocalDate validUntil,
      Instant issuedAt) {
    this(id, typeCode, typeName, issuerCode, issuerName, holder, fields, validFrom, validUntil, issuedAt, null, null);
  }

  /** Validates every component and the consistency of the identifier with type and issuer. */
  public Licence {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(validFrom, "validFrom");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(fields, "fields");
    nonBlank(typeCode, "typeCode");
    nonBlank(typeName, "typeName");
    nonBlank(issuerCode, "issuerCode");
    nonBlank(issuerName, "issuerName");
    if (!id.typeCode().equals(typeCode)) {
      throw new IllegalArgumentException(
          "typeCode must be " + id.typeCode() + " (from id), but was: " + typeCode);
    }
    if (!id.issuerCode().equals(issuerCode)) {
      throw new IllegalArgumentException(
          "issuerCode must be " + id.issuerCode() + " (from id), but was: " + issuerCode);
    }
    if (validUntil != null && validUntil.isBefore(validFrom)) {
      throw new IllegalArgumentException(
          "validUntil must be on or after validFrom " + validFrom + ", but was: " + validUntil);
    }
    if (jurisdiction != null && !jurisdiction.matches("[0-9]{6}")) {
      throw new IllegalArgumentException("jurisdiction must be a GB/T 2260 code of six digits, but was: \"" + shorten(jurisdiction) + "\"");
    }
    if (previousId != null
        && (!previousId.typeCode().equals(id.typeCode())
            || !previousId.issuerCode().equals(id.issuerCode())
            || !previousId.serial().equals(id.serial())
            || previousId.version() >= id.version())) {
      throw new IllegalArgumentException("previousId must be an earlier version of " + id + " (same type, issuer and serial,"
          + " lower version), but was: " + previousId);
    }
    SortedMap<String, String> copy = new TreeMap<>();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      Objects.requireNonNull(e.getKey(), "fields key");
      Objects.requireNonNull(e.getValue(), "fields." + e.getKey());
      if (e.getKey().isEmpty()) {
        throw new IllegalArgumentException("fields key must be non-empty, but was: \"\"");
      }
      copy.put(e.getKey(), e.getValue());
    }
    fields = Collections.unmodifiableSortedMap(copy);
  }

  private static void nonBlank(String v, String name) {
    Objects.requireNonNull(v, name);
    if (v.isBlank()) {
      throw new IllegalArgumentException(name + " must be non-blank, but was: \"" + v + "\"");
    }
  }

  /**
   * Returns the RFC 8785 canonical JSON of this licence: the bytes (as UTF-8) that are signed.
   *
   * @return canonical JSON text
   */
  public String canonicalJson() {
    try {
      return Jcs.canonicalize(Jcs.mapper().writeValueAsString(toNode()));
    } catch (JsonSignatureFormatException e) {
      throw new IllegalStateException("JSON built from a valid licence must canonicalize", e);
    }
  }

  ObjectNode toNode() {
    ObjectNode n = Jcs.mapper().createObjectNode();
    n.put("id", id.toString());
    ObjectNode type = n.putObject("type");
    type.put("code", typeCode);
    type.put("name", typeName);
    ObjectNode issuer = n.putObject("issuer");
    issuer.put("code", issuerCode);
    issuer.put("name", issuerName);
    ObjectNode h = n.putObject("holder");
    h.put("id", holder.id());
    h.put("idType", holder.idType());
    h.put("name", holder.name());
    ObjectNode f = n.putObject("fields");
    fields.forEach(f::put);
    n.put("validFrom", validFrom.toString());
    if (validUntil == null) {
      n.putNull("validUntil");
    } else {
      n.put("validUntil", validUntil.toString());
    }
    n.put("issuedAt", issuedAt.toString());
    // Written only when present, so licences signed before these members existed keep their bytes.
    if (jurisdiction != null) {
      n.put("jurisdiction", jurisdiction);
    }
    if (previousId != null) {
      n.put("previousId", previousId.toString());
    }
    return n;
  }

  /**
   * Parses licence JSON (the shape of {@link #canonicalJson()}, any whitespace or member order).
   *
   * @param json the JSON text, not null
   * @return the licence
   * @throws LicenceFormatException if the text is not well-formed JSON, a member is missing, unknown
   *     or of the wrong type, or a value is invalid; the message names the path, e.g. {@code
   *     licence.holder.id}
   */
  public static Licence fromJson(String json) throws LicenceFormatException {
    JsonNode n;
    try {
      n = Jcs.parse(json, "licence");
    } catch (JsonSignatureFormatException e) {
      throw new LicenceFormatException(e.getMessage(), e);
    }
    return fromNode(n, "licence");
  }

  static Licence fromNode(JsonNode n, String path) throws LicenceFormatException {
    requireObject(n, path, MEMBERS);
    String idText = string(n, path, "id");
    LicenceId id;
    try {
      id = LicenceId.parse(idText);
    } catch (LicenceFormatException e) {
      throw new LicenceFormatException(e.getMessage().replaceFirst("^licence\\.id", path + ".id"), e);
    }
    JsonNode type = member(n, path, "type");
    requireObject(type, path + ".type", List.of("code", "name"));
    JsonNode issuer = member(n, path, "issuer");
    requireObject(issuer, path + ".issuer", List.of("code", "name"));
    JsonNode holder = member(n, path, "holder");
    requireObject(holder, path + ".holder", List.of("id", "idType", "name"));
    JsonNode fields = member(n, path, "fields");
    if (!fields.isObject()) {
      throw new LicenceFormatException(path + ".fields must be an object, but was: " + kind(fields));
    }
    Map<String, String> map = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : fields.properties()) {
      if (!e.getValue().isString()) {
        throw new LicenceFormatException(
            path + ".fields." + e.getKey() + " must be a string, but was: " + kind(e.getValue()));
      }
      map.put(e.getKey(), e.getValue().stringValue());
    }
    String typeCode = nonBlankString(type, path + ".type", "code");
    String issuerCode = nonBlankString(issuer, path + ".issuer", "code");
    if (!typeCode.equals(id.typeCode())) {
      throw new LicenceFormatException(path + ".type.code must be " + id.typeCode() + " (from "
          + path + ".id), but was: " + typeCode);
    }
    if (!issuerCode.equals(id.issuerCode())) {
      throw new LicenceFormatException(path + ".issuer.code must be " + id.issuerCode() + " (from "
          + path + ".id), but was: " + issuerCode);
    }
    Holder h = new Holder(nonBlankString(holder, path + ".holder", "id"),
        nonBlankString(holder, path + ".holder", "idType"), nonBlankString(holder, path + ".holder", "name"));
    LocalDate validFrom = date(n, path, "validFrom", false);
    LocalDate validUntil = date(n, path, "validUntil", true);
    String issuedText = string(n, path, "issuedAt");
    Instant issuedAt;
    try {
      issuedAt = Instant.parse(issuedText);
    } catch (DateTimeParseException e) {
      throw new LicenceFormatException(path + ".issuedAt must be an RFC 3339 UTC instant"
          + " (e.g. 2024-01-01T08:00:00Z), but was: \"" + shorten(issuedText) + "\"", e);
    }
    String jurisdiction = n.has("jurisdiction") && !n.get("jurisdiction").isNull() ? string(n, path, "jurisdiction") : null;
    LicenceId previousId = null;
    if (n.has("previousId") && !n.get("previousId").isNull()) {
      try {
        previousId = LicenceId.parse(string(n, path, "previousId"));
      } catch (LicenceFormatException e) {
        throw new LicenceFormatException(e.getMessage().replaceFirst("^licence\\.id", path + ".previousId"), e);
      }
    }
    try {
      return new Licence(id, typeCode, nonBlankString(type, path + ".type", "name"), issuerCode,
          nonBlankString(issuer, path + ".issuer", "name"), h, map, validFrom, validUntil, issuedAt, jurisdiction, previousId);
    } catch (IllegalArgumentException e) {
      throw new LicenceFormatException(path + "." + e.getMessage(), e);
    }
  }

  private static void requireObject(JsonNode n, String path, List<String> members)
      throws LicenceFormatException {
    if (!n.isObject()) {
      throw new LicenceFormatException(path + " must be an object, but was: " + kind(n));
    }
    for (String name : n.propertyNames()) {
      if (!members.contains(name)) {
        throw new LicenceFormatException(
            path + " must have only the members " + members + ", but was: unknown member \""
                + shorten(name) + "\"");
      }
    }
  }

  private static JsonNode member(JsonNode n, String path, String name) throws LicenceFormatException {
    JsonNode v = n.get(name);
    if (v == null) {
      throw new LicenceFormatException(path + "." + name + " must be present, but was: missing");
    }
    return v;
  }

  private static String string(JsonNode n, String path, String name) throws LicenceFormatException {
    JsonNode v = member(n, path, name);
    if (!v.isString()) {
      throw new LicenceFormatException(path + "." + name + " must be a string, but was: " + kind(v));
    }
    return v.stringValue();
  }

  private static String nonBlankString(JsonNode n, String path, String name)
      throws LicenceFormatException {
    String s = string(n, path, name);
    if (s.isBlank()) {
      throw new LicenceFormatException(
          path + "." + name + " must be a non-blank string, but was: \"" + s + "\"");
    }
    return s;
  }

  private static LocalDate date(JsonNode n, String path, String name, boolean nullable)
      throws LicenceFormatException {
    JsonNode v = member(n, path, name);
    if (nullable && v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw new LicenceFormatException(path + "." + name + " must be a date string"
          + (nullable ? " or null" : "") + ", but was: " + kind(v));
    }
    try {
      return LocalDate.parse(v.stringValue());
    } catch (DateTimeParseException e) {
      throw new LicenceFormatException(path + "." + name + " must be an ISO 8601 date (yyyy-MM-dd),"
          + " but was: \"" + shorten(v.stringValue()) + "\"", e);
    }
  }

  static String kind(JsonNode v) {
    if (v.isObject()) {
      return "object";
    }
    if (v.isArray()) {
      return "array";
    }
    if (v.isString()) {
      return "string";
    }
    if (v.isNull()) {
      return "null";
    }
    if (v.isNumber()) {
      return "number";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    return v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  static String shorten(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}

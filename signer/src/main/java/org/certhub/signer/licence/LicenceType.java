package org.certhub.signer.licence;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.certhub.signer.json.Jcs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A licence type of the catalogue (GB/T 36902 证照目录): what a licence of this type must look like and
 * who may issue it. The hub and an offline verifier check licences against the same definition.
 *
 * <p>JSON form ({@link #toJson()}):
 *
 * <pre>{@code
 * {"code":"11100000MB0143028R001","name":"营业执照","authority":"国家市场监督管理总局",
 *  "issuers":["11330100MB1234567E"],"holderKind":"ORGANISATION",
 *  "fields":[{"name":"companyName","label":"名称","type":"TEXT","required":true,"sensitive":false}, …,
 *            {"name":"companyType","label":"类型","type":"ENUM","required":true,"sensitive":false,"enum":["…"]}],
 *  "validity":{"maxYears":null,"longTermAllowed":true}}
 * }</pre>
 *
 * @param code the type code: the defining authority's USCC (18 characters) and a 3-digit number
 * @param name the type's name, e.g. 营业执照
 * @param authority the defining authority's name, e.g. 国家市场监督管理总局
 * @param issuerCodes USCCs of the departments that may issue it
 * @param holderKind person or organisation
 * @param fields the field definitions, in display order; names unique
 * @param validity the validity rule
 */
public record LicenceType(
    String code, String name, String authority, Set<String> issuerCodes, HolderKind holderKind, List<FieldSpec> fields, ValidityRule validity) {

  private static final List<String> MEMBERS = List.of("code", "name", "authority", "issuers", "holderKind", "fields", "validity");
  private static final List<String> FIELD_MEMBERS = List.of("name", "label", "type", "required", "sensitive", "enum");

  public LicenceType {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(authority, "authority");
    Objects.requireNonNull(holderKind, "holderKind");
    Objects.requireNonNull(validity, "validity");
    if (!code.matches("[0-9A-HJ-NP-RTUW-Y]{18}[0-9]{3}")) {
      throw new IllegalArgumentException("code must be a USCC (18 characters) and 3 digits, but was: \"" + Licence.shorten(code) + "\"");
    }
    issuerCodes = Set.copyOf(issuerCodes);
    fields = List.copyOf(fields);
    Set<String> seen = new HashSet<>();
    for (FieldSpec f : fields) {
      if (!seen.add(f.name())) {
        throw new IllegalArgumentException("fields must have unique names, but " + f.name() + " repeats");
      }
    }
  }

  /** Whether the department with this USCC may issue licences of this type. */
  public boolean mayIssue(String issuerCode) {
    return issuerCodes.contains(issuerCode);
  }

  /** The field definition by name. */
  public Optional<FieldSpec> field(String fieldName) {
    return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
  }

  /**
   * Checks a licence against this type and lists <em>every</em> problem: type code and name, holder kind,
   * unknown, missing and malformed fields, and the validity rule. Issuer permission is not part of it
   * (see {@link #mayIssue}).
   *
   * @param licence the licence
   * @return the violations, empty when the licence fits
   */
  public List<Violation> check(Licence licence) {
    List<Violation> out = new ArrayList<>();
    if (!licence.typeCode().equals(code)) {
      out.add(new Violation("licence.type.code", "must be " + code + ", but was: " + licence.typeCode()));
    }
    if (!licence.typeName().equals(name)) {
      out.add(new Violation("licence.type.name", "must be " + name + " (the catalogue's name), but was: " + licence.typeName()));
    }
    if (!holderKind.idTypes().contains(licence.holder().idType())) {
      out.add(new Violation("licence.holder.idType", "must be one of " + new TreeSet<>(holderKind.idTypes()) + " for a "
          + holderKind.name().toLowerCase(java.util.Locale.ROOT) + " holder, but was: " + licence.holder().idType()));
    }
    for (FieldSpec f : fields) {
      String value = licence.fields().get(f.name());
      if (value == null) {
        if (f.required()) {
          out.add(new Violation("licence.fields." + f.name(), "is required (" + f.label() + "), but was: missing"));
        }
        continue;
      }
      f.type().problem(value, f.enumValues()).ifPresent(p -> out.add(new Violation("licence.fields." + f.name(), p)));
    }
    for (String key : licence.fields().keySet()) {
      if (field(key).isEmpty()) {
        out.add(new Violation("licence.fields." + Licence.shorten(key), "is not a field of licence type " + code + " (" + name + ")"));
      }
    }
    if (licence.validUntil() == null) {
      if (!validity.longTermAllowed()) {
        out.add(new Violation("licence.validUntil", "must be set: a " + name + " cannot be long-term, but was: null"));
      }
    } else if (validity.maxYears() != null && licence.validUntil().isAfter(licence.validFrom().plusYears(validity.maxYears()))) {
      out.add(new Violation("licence.validUntil", "must be at most " + validity.maxYears() + " years after validFrom "
          + licence.validFrom() + ", but was: " + licence.validUntil()));
    }
    return out;
  }

  /** The JSON form, with members in a fixed order. */
  public String toJson() {
    return Jcs.mapper().writeValueAsString(toNode());
  }

  ObjectNode toNode() {
    ObjectNode n = Jcs.mapper().createObjectNode();
    n.put("code", code);
    n.put("name", name);
    n.put("authority", authority);
    ArrayNode issuers = n.putArray("issuers");
    new TreeSet<>(issuerCodes).forEach(issuers::add);
    n.put("holderKind", holderKind.name());
    ArrayNode fs = n.putArray("fields");
    for (FieldSpec f : fields) {
      ObjectNode o = fs.addObject();
      o.put("name", f.name());
      o.put("label", f.label());
      o.put("type", f.type().name());
      o.put("required", f.required());
      o.put("sensitive", f.sensitive());
      if (!f.enumValues().isEmpty()) {
        ArrayNode e = o.putArray("enum");
        f.enumValues().forEach(e::add);
      }
    }
    ObjectNode v = n.putObject("validity");
    if (validity.maxYears() == null) {
      v.putNull("maxYears");
    } else {
      v.put("maxYears", validity.maxYears());
    }
    v.put("longTermAllowed", validity.longTermAllowed());
    return n;
  }

  /**
   * Parses the JSON form strictly.
   *
   * @throws LicenceFormatException naming the path of the first problem, e.g. {@code type.fields[3].type}
   */
  public static LicenceType fromJson(String json) throws LicenceFormatException {
    try {
      return fromNode(Jcs.parse(json, "type"), "type");
    } catch (org.certhub.signer.json.JsonSignatureFormatException e) {
      throw new LicenceFormatException(e.getMessage(), e);
    }
  }

  static LicenceType fromNode(JsonNode n, String path) throws LicenceFormatException {
    only(n, path, MEMBERS);
    Set<String> issuers = new LinkedHashSet<>();
    JsonNode is = member(n, path, "issuers");
    if (!is.isArray()) {
      throw new LicenceFormatException(path + ".issuers must be an array of USCCs, but was: " + Licence.kind(is));
    }
    for (int i = 0; i < is.size(); i++) {
      if (!is.get(i).isString()) {
        throw new LicenceFormatException(path + ".issuers[" + i + "] must be a string, but was: " + Licence.kind(is.get(i)));
      }
      issuers.add(is.get(i).stringValue());
    }
    HolderKind kind;
    String kindText = text(n, path, "holderKind");
    try {
      kind = HolderKind.valueOf(kindText);
    } catch (IllegalArgumentException e) {
      throw new LicenceFormatException(path + ".holderKind must be PERSON or ORGANISATION, but was: \"" + Licence.shorten(kindText) + "\"", e);
    }
    JsonNode fs = member(n, path, "fields");
    if (!fs.isArray()) {
      throw new LicenceFormatException(path + ".fields must be an array, but was: " + Licence.kind(fs));
    }
    List<FieldSpec> fields = new ArrayList<>();
    for (int i = 0; i < fs.size(); i++) {
      fields.add(field(fs.get(i), path + ".fields[" + i + "]"));
    }
    JsonNode v = member(n, path, "validity");
    only(v, path + ".validity", List.of("maxYears", "longTermAllowed"));
    JsonNode max = member(v, path + ".validity", "maxYears");
    if (!max.isNull() && !max.isInt()) {
      throw new LicenceFormatException(path + ".validity.maxYears must be an integer or null, but was: " + Licence.kind(max));
    }
    try {
      return new LicenceType(
          text(n, path, "code"), text(n, path, "name"), text(n, path, "authority"), issuers, kind, fields,
          new ValidityRule(max.isNull() ? null : max.intValue(), bool(v, path + ".validity", "longTermAllowed")));
    } catch (IllegalArgumentException e) {
      throw new LicenceFormatException(path + " is invalid: " + e.getMessage(), e);
    }
  }

  private static FieldSpec field(JsonNode f, String path) throws LicenceFormatException {
    only(f, path, FIELD_MEMBERS);
    String typeText = text(f, path, "type");
    FieldType type;
    try {
      type = FieldType.valueOf(typeText);
    } catch (IllegalArgumentException e) {
      throw new LicenceFormatException(path + ".type must be one of " + List.of(FieldType.values()) + ", but was: \""
          + Licence.shorten(typeText) + "\"", e);
    }
    List<String> values = new ArrayList<>();
    JsonNode e = f.get("enum");
    if (e != null) {
      if (!e.isArray()) {
        throw new LicenceFormatException(path + ".enum must be an array of strings, but was: " + Licence.kind(e));
      }
      for (int i = 0; i < e.size(); i++) {
        if (!e.get(i).isString()) {
          throw new LicenceFormatException(path + ".enum[" + i + "] must be a string, but was: " + Licence.kind(e.get(i)));
        }
        values.add(e.get(i).stringValue());
      }
    }
    try {
      return new FieldSpec(text(f, path, "name"), text(f, path, "label"), type, bool(f, path, "required"), bool(f, path, "sensitive"), values);
    } catch (IllegalArgumentException ex) {
      throw new LicenceFormatException(path + " is invalid: " + ex.getMessage(), ex);
    }
  }

  private static void only(JsonNode n, String path, List<String> members) throws LicenceFormatException {
    if (!n.isObject()) {
      throw new LicenceFormatException(path + " must be an object, but was: " + Licence.kind(n));
    }
    for (String m : n.propertyNames()) {
      if (!members.contains(m)) {
        throw new LicenceFormatException(path + " must have only the members " + members + ", but was: unknown member \""
            + Licence.shorten(m) + "\"");
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

  private static String text(JsonNode n, String path, String name) throws LicenceFormatException {
    JsonNode v = member(n, path, name);
    if (!v.isString() || v.stringValue().isBlank()) {
      throw new LicenceFormatException(path + "." + name + " must be a non-blank string, but was: " + Licence.kind(v));
    }
    return v.stringValue();
  }

  private static boolean bool(JsonNode n, String path, String name) throws LicenceFormatException {
    JsonNode v = member(n, path, name);
    if (!v.isBoolean()) {
      throw new LicenceFormatException(path + "." + name + " must be true or false, but was: " + Licence.kind(v));
    }
    return v.booleanValue();
  }
}

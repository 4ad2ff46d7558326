package org.certhub.exchange.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a request's JSON object member by member, so every refusal names the exact JSON pointer and says
 * what was expected. Unknown members are refused: a typo must not silently drop a field.
 */
public final class JsonBody {
  private static final int MAX_STRING = 4096;
  private final JsonNode node;
  private final String pointer;

  private JsonBody(JsonNode node, String pointer) {
    this.node = node;
    this.pointer = pointer;
  }

  /** Wraps a request body, which must be a JSON object. */
  public static JsonBody of(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ProblemException.malformed("", "the request body must be a JSON object");
    }
    return new JsonBody(body, "");
  }

  /** Wraps a nested object found at {@code pointer}, so refusals name the full JSON pointer. */
  public static JsonBody at(JsonNode node, String pointer) {
    if (node == null || !node.isObject()) {
      throw ProblemException.malformed(pointer, pointer + " must be an object");
    }
    return new JsonBody(node, pointer);
  }

  /** Refuses members other than {@code allowed}. */
  public JsonBody only(Set<String> allowed) {
    for (String name : node.propertyNames()) {
      if (!allowed.contains(name)) {
        throw ProblemException.malformed(
            pointer + "/" + escape(name), "member '" + truncate(name) + "' is not allowed here; allowed: " + allowed);
      }
    }
    return this;
  }

  /** A required non-blank string member. */
  public String string(String name) {
    String value = optionalString(name);
    if (value == null) {
      throw ProblemException.malformed(at(name), at(name) + " is required");
    }
    return value;
  }

  /** An optional string member: null when absent; refused when present but not a non-blank string. */
  public String optionalString(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw ProblemException.malformed(at(name), at(name) + " must be a string, but was: " + kind(v));
    }
    String s = v.stringValue();
    if (s.isBlank()) {
      throw ProblemException.malformed(at(name), at(name) + " must not be blank");
    }
    if (s.length() > MAX_STRING) {
      throw ProblemException.malformed(at(name), at(name) + " must be at most " + MAX_STRING + " characters");
    }
    if (s.indexOf('\u0000') >= 0) {
      throw ProblemException.malformed(at(name), at(name) + " must not contain U+0000");
    }
    return s;
  }

  /**
   * A required identifier (holder ID, licence type, matter, licence or department code): 1 to 128 printable
   * ASCII characters without spaces. Refused before any lookup or authorisation, so look-alike forms (full-width
   * digits, control characters, encoded separators, surrounding spaces) can never name a different record.
   */
  public String identifier(String name) {
    String v = string(name);
    checkIdentifier(at(name), v);
    return v;
  }

  /** An optional identifier, as {@link #identifier}. */
  public String optionalIdentifier(String name) {
    String v = optionalString(name);
    if (v != null) {
      checkIdentifier(at(name), v);
    }
    return v;
  }

  private static void checkIdentifier(String pointer, String v) {
    if (v.length() > 128) {
      throw ProblemException.malformed(pointer, pointer + " must be an identifier of at most 128 characters, but had " + v.length());
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '%' || c == '/' || c == '\\') {
        // The value itself is not echoed: it may be a personal identifier.
        throw ProblemException.malformed(pointer, pointer + " must be an identifier of printable ASCII characters without spaces, '/', '\\'"
            + " or '%', but character " + (i + 1) + " is " + String.format("U+%04X", (int) c));
      }
    }
  }

  /** A required non-empty array of distinct non-blank strings, at most {@code max} of them. */
  public java.util.List<String> stringList(String name, int max) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw ProblemException.malformed(at(name), at(name) + " is required");
    }
    if (!v.isArray() || v.isEmpty() || v.size() > max) {
      throw ProblemException.malformed(at(name), at(name) + " must be an array of 1 to " + max + " strings, but was: " + kind(v)
          + (v.isArray() ? " of " + v.size() : ""));
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      String p = at(name) + "/" + i;
      if (!e.isString() || e.stringValue().isBlank() || e.stringValue().length() > MAX_STRING || e.stringValue().indexOf('\u0000') >= 0) {
        throw ProblemException.malformed(p, p + " must be a non-blank string, but was: " + kind(e));
      }
      if (out.contains(e.stringValue())) {
        throw ProblemException.malformed(p, p + " repeats " + truncate(e.stringValue()));
      }
      out.add(e.stringValue());
    }
    return out;
  }

  /** An optional boolean member, {@code fallback} when absent. */
  public boolean optionalBoolean(String name, boolean fallback) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw ProblemException.malformed(at(name), at(name) + " must be true or false, but was: " + kind(v));
    }
    return v.booleanValue();
  }

  /** An optional ISO-8601 date member ({@code yyyy-MM-dd}). */
  public LocalDate optionalDate(String name) {
    String s = optionalString(name);
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw ProblemException.malformed(at(name), at(name) + " must be a date yyyy-MM-dd, but was: " + truncate(s));
    }
  }

  /** A required nested object member. */
  public JsonBody object(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw ProblemException.malformed(at(name), at(name) + " is required");
    }
    if (!v.isObject()) {
      throw ProblemException.malformed(at(name), at(name) + " must be an object, but was: " + kind(v));
    }
    return new JsonBody(v, at(name));
  }

  /** A required object whose members are all strings, in document order. */
  public Map<String, String> stringMap(String name) {
    JsonBody obj = object(name);
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : obj.node.propertyNames()) {
      out.put(key, obj.string(key));
    }
    return out;
  }

  /**
   * An optional object whose members are strings or null (a patch: null means remove), in document
   * order; null when the member is absent.
   */
  public Map<String, String> optionalPatch(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    JsonBody obj = object(name);
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : obj.node.propertyNames()) {
      out.put(key, obj.node.get(key).isNull() ? null : obj.string(key));
    }
    return out;
  }

  /** Whether the member is present with the value null (an explicit "clear"). */
  public boolean isExplicitNull(String name) {
    JsonNode v = node.get(name);
    return v != null && v.isNull();
  }

  /** The JSON pointer of a member of this object. */
  public String at(String name) {
    return pointer + "/" + escape(name);
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static String kind(JsonNode v) {
    if (v.isNumber()) {
      return "a number";
    }
    if (v.isBoolean()) {
      return "a boolean";
    }
    if (v.isArray()) {
      return "an array";
    }
    if (v.isObject()) {
      return "an object";
    }
    return "a " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Cuts control characters out of untrusted text and shortens it to {@code max} characters. */
  public static String truncateTo(String s, int max) {
    String clean = s.replaceAll("[\\p{Cntrl}]", "?");
    return clean.length() <= max ? clean : clean.substring(0, max - 3) + "...";
  }

  /** Shortens untrusted text before it is echoed in an error. */
  public static String truncate(String s) {
    String clean = s.replaceAll("[\\p{Cntrl}]", "?");
    return clean.length() <= 64 ? clean : clean.substring(0, 61) + "...";
  }
}

package org.certhub.signer.httpsig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Immutable HTTP header fields: names are case-insensitive, a name may have several field lines.
 *
 * <p>{@link #combined(String)} gives the value RFC 9421 §2.1 signs: each field line's value with
 * leading and trailing whitespace removed, the lines joined with {@code ", "} in the order given.
 */
public final class HttpFields {

  private final Map<String, List<String>> fields; // lowercase name → values in order

  private HttpFields(Map<String, List<String>> fields) {
    this.fields = fields;
  }

  /**
   * Returns an empty set of fields.
   *
   * @return no fields
   */
  public static HttpFields empty() {
    return new HttpFields(Map.of());
  }

  /**
   * Starts a builder.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the field lines of {@code name}, in order.
   *
   * @param name the field name, any case
   * @return an unmodifiable list, empty when absent
   */
  public List<String> values(String name) {
    return fields.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /**
   * Returns the combined value of {@code name} per RFC 9421 §2.1.
   *
   * @param name the field name, any case
   * @return the trimmed values joined with {@code ", "}, or empty when the field is absent
   */
  public Optional<String> combined(String name) {
    List<String> values = values(name);
    if (values.isEmpty()) {
      return Optional.empty();
    }
    List<String> trimmed = new ArrayList<>(values.size());
    for (String v : values) {
      trimmed.add(trimOws(v));
    }
    return Optional.of(String.join(", ", trimmed));
  }

  /**
   * Returns a copy with {@code name} replaced by one field line.
   *
   * @param name the field name
   * @param value the only value
   * @return a new instance
   */
  public HttpFields with(String name, String value) {
    Builder b = new Builder();
    fields.forEach((n, vs) -> vs.forEach(v -> b.add(n, v)));
    b.fields.remove(name.toLowerCase(Locale.ROOT));
    return b.add(name, value).build();
  }

  /**
   * Returns the lowercase names present.
   *
   * @return an unmodifiable, sorted list
   */
  public List<String> names() {
    return List.copyOf(fields.keySet());
  }

  private static String trimOws(String v) {
    int s = 0;
    int e = v.length();
    while (s < e && (v.charAt(s) == ' ' || v.charAt(s) == '\t')) {
      s++;
    }
    while (e > s && (v.charAt(e - 1) == ' ' || v.charAt(e - 1) == '\t')) {
      e--;
    }
    return v.substring(s, e);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpFields f && fields.equals(f.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return "HttpFields" + fields.keySet();
  }

  /** Collects field lines; not thread-safe. */
  public static final class Builder {
    private final Map<String, List<String>> fields = new TreeMap<>();

    private Builder() {}

    /**
     * Appends one field line.
     *
     * @param name a field name (RFC 9110 token), any case
     * @param value the field value; CR, LF and NUL are refused
     * @return this builder
     * @throws IllegalArgumentException if the name is not a token or the value has CR, LF or NUL
     */
    public Builder add(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.isEmpty() || !name.chars().allMatch(c -> StructuredFields.isTchar((char) c))) {
        throw new IllegalArgumentException("field name must be a token, but was: " + name);
      }
      if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
        throw new IllegalArgumentException(
            "field value of " + name + " must not contain CR, LF or NUL");
      }
      fields.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
      return this;
    }

    /**
     * Builds the immutable fields.
     *
     * @return the fields
     */
    public HttpFields build() {
      Map<String, List<String>> copy = new TreeMap<>();
      fields.forEach((n, vs) -> copy.put(n, List.copyOf(vs)));
      return new HttpFields(Collections.unmodifiableMap(copy));
    }
  }
}

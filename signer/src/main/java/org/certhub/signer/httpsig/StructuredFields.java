package org.certhub.signer.httpsig;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8941 parser and serializer for the subset HTTP message signatures need: dictionaries
 * whose members are items or inner lists, with parameters; bare items are integers, decimals,
 * strings, tokens, byte sequences and booleans.
 *
 * <p>Stricter than RFC 8941 §4.2 in one place: a duplicate dictionary key or parameter key is an
 * error instead of "last one wins", so that two parties can never read different signatures out
 * of the same header.
 */
final class StructuredFields {

  /** Upper bound on any parsed field value, in characters. */
  static final int MAX_FIELD_LENGTH = 16 * 1024;

  private static final long MAX_INTEGER = 999_999_999_999_999L;

  /** A dictionary member: an {@link Item} or an {@link InnerList}. */
  sealed interface Member permits Item, InnerList {
    Map<String, Object> params();
  }

  /** An RFC 8941 token (distinct from a string). */
  record Token(String value) {}

  /** An RFC 8941 byte sequence. */
  record Bytes(byte[] value) {
    Bytes {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }
  }

  /** A bare item with parameters. Bare values are Long, BigDecimal, String, Token, Bytes or Boolean. */
  record Item(Object value, Map<String, Object> params) implements Member {
    Item {
      params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
  }

  /** An inner list of items, with parameters. */
  record InnerList(List<Item> items, Map<String, Object> params) implements Member {
    InnerList {
      items = List.copyOf(items);
      params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
  }

  private final String header;
  private final String in;
  private int pos;

  private StructuredFields(String header, String in) {
    this.header = header;
    this.in = in;
  }

  /**
   * Parses a dictionary (RFC 8941 §4.2.2) in the order its members appear.
   *
   * @param header the field name, used in error messages
   * @param value the (combined) field value
   */
  static Map<String, Member> parseDictionary(String header, String value)
      throws StructuredFieldException {
    if (value.length() > MAX_FIELD_LENGTH) {
      throw new StructuredFieldException(header, MAX_FIELD_LENGTH,
          "field value must be at most " + MAX_FIELD_LENGTH + " characters, but was: "
              + value.length());
    }
    StructuredFields p = new StructuredFields(header, value);
    p.skipSp();
    Map<String, Member> dict = p.dictionary();
    p.skipSp();
    if (p.pos != value.length()) {
      throw p.fail("expected end of field after the dictionary");
    }
    return dict;
  }

  private Map<String, Member> dictionary() throws StructuredFieldException {
    Map<String, Member> dict = new LinkedHashMap<>();
    if (pos == in.length()) {
      throw fail("expected a dictionary member");
    }
    while (pos < in.length()) {
      int keyAt = pos;
      String key = key();
      Member member;
      if (peek() == '=') {
        pos++;
        member = peek() == '(' ? innerList() : item();
      } else {
        member = new Item(Boolean.TRUE, parameters());
      }
      if (dict.put(key, member) != null) {
        pos = keyAt;
        throw fail("duplicate dictionary key \"" + key + "\"");
      }
      skipOws();
      if (pos == in.length()) {
        return dict;
      }
      if (in.charAt(pos) != ',') {
        throw fail("expected ',' between dictionary members");
      }
      pos++;
      skipOws();
      if (pos == in.length()) {
        throw fail("expected a dictionary member after ','");
      }
    }
    return dict;
  }

  private InnerList innerList() throws StructuredFieldException {
    pos++; // '('
    List<Item> items = new ArrayList<>();
    while (pos < in.length()) {
      skipSp();
      if (peek() == ')') {
        pos++;
        return new InnerList(items, parameters());
      }
      items.add(item());
      char c = peek();
      if (c != ' ' && c != ')') {
        throw fail("expected ' ' or ')' after an inner list item");
      }
    }
    throw fail("expected ')' to close the inner list");
  }

  private Item item() throws StructuredFieldException {
    Object bare = bareItem();
    return new Item(bare, parameters());
  }

  private Map<String, Object> parameters() throws StructuredFieldException {
    Map<String, Object> params = new LinkedHashMap<>();
    while (peek() == ';') {
      pos++;
      skipSp();
      int keyAt = pos;
      String key = key();
      Object value = Boolean.TRUE;
      if (peek() == '=') {
        pos++;
        value = bareItem();
      }
      if (params.put(key, value) != null) {
        pos = keyAt;
        throw fail("duplicate parameter \"" + key + "\"");
      }
    }
    return params;
  }

  private String key() throws StructuredFieldException {
    char c = peek();
    if (!(isLcAlpha(c) || c == '*')) {
      throw fail("expected a key starting with a-z or '*'");
    }
    int start = pos++;
    while (pos < in.length()) {
      c = in.charAt(pos);
      if (!(isLcAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*')) {
        break;
      }
      pos++;
    }
    return in.substring(start, pos);
  }

  private Object bareItem() throws StructuredFieldException {
    char c = peek();
    if (c == '-' || isDigit(c)) {
      return number();
    }
    if (c == '"') {
      return string();
    }
    if (c == ':') {
      return bytes();
    }
    if (c == '?') {
      return bool();
    }
    if (c == '*' || isAlpha(c)) {
      return token();
    }
    throw fail("expected an item (integer, string, token, byte sequence or boolean)");
  }

  private Object number() throws StructuredFieldException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (!isDigit(peek())) {
      throw fail("expected a digit");
    }
    int dot = -1;
    while (pos < in.length()) {
      char c = in.charAt(pos);
      if (isDigit(c)) {
        pos++;
      } else if (c == '.' && dot < 0) {
        dot = pos++;
      } else {
        break;
      }
    }
    String digits = in.substring(start, pos);
    int sign = digits.startsWith("-") ? 1 : 0;
    if (dot < 0) {
      if (digits.length() - sign > 15) {
        pos = start;
        throw fail("integer must have at most 15 digits");
      }
      long v = Long.parseLong(digits);
      if (Math.abs(v) > MAX_INTEGER) {
        pos = start;
        throw fail("integer out of range");
      }
      return v;
    }
    int intDigits = dot - start - sign;
    int fracDigits = pos - dot - 1;
    if (intDigits > 12 || fracDigits < 1 || fracDigits > 3) {
      pos = start;
      throw fail("decimal must have at most 12 integer and 1 to 3 fraction digits");
    }
    return new BigDecimal(digits);
  }

  private String string() throws StructuredFieldException {
    pos++; // '"'
    StringBuilder sb = new StringBuilder();
    while (pos < in.length()) {
      char c = in.charAt(pos++);
      if (c == '\\') {
        if (pos == in.length()) {
          break;
        }
        char e = in.charAt(pos);
        if (e != '"' && e != '\\') {
          pos--;
          throw fail("only '\\\"' and '\\\\' escapes are allowed in a string");
        }
        pos++;
        sb.append(e);
      } else if (c == '"') {
        return sb.toString();
      } else if (c < 0x20 || c > 0x7e) {
        pos--;
        throw fail("string characters must be printable ASCII");
      } else {
        sb.append(c);
      }
    }
    throw fail("expected '\"' to close the string");
  }

  private Token token() {
    int start = pos++;
    while (pos < in.length() && (isTchar(in.charAt(pos)) || in.charAt(pos) == ':'
        || in.charAt(pos) == '/')) {
      pos++;
    }
    return new Token(in.substring(start, pos));
  }

  private Bytes bytes() throws StructuredFieldException {
    int start = ++pos; // ':'
    while (pos < in.length() && in.charAt(pos) != ':') {
      char c = in.charAt(pos);
      if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=')) {
        throw fail("byte sequence must be base64 (A-Z a-z 0-9 + / =)");
      }
      pos++;
    }
    if (pos == in.length()) {
      throw fail("expected ':' to close the byte sequence");
    }
    String b64 = in.substring(start, pos);
    pos++;
    try {
      return new Bytes(Base64.getDecoder().decode(b64));
    } catch (IllegalArgumentException e) {
      pos = start;
      throw fail("byte sequence is not valid base64: " + e.getMessage());
    }
  }

  private Boolean bool() throws StructuredFieldException {
    pos++; // '?'
    char c = peek();
    if (c == '1' || c == '0') {
      pos++;
      return c == '1';
    }
    throw fail("expected '1' or '0' after '?'");
  }

  // --- serialization (RFC 8941 §4.1) ---

  static String serializeDictionary(Map<String, ? extends Member> dict) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, ? extends Member> e : dict.entrySet()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(e.getKey());
      Member m = e.getValue();
      if (m instanceof Item item && Boolean.TRUE.equals(item.value())) {
        appendParams(sb, item.params());
      } else {
        sb.append('=');
        appendMember(sb, m);
      }
    }
    return sb.toString();
  }

  static String serializeInnerList(InnerList list) {
    StringBuilder sb = new StringBuilder();
    appendMember(sb, list);
    return sb.toString();
  }

  private static void appendMember(StringBuilder sb, Member m) {
    if (m instanceof InnerList list) {
      sb.append('(');
      for (int i = 0; i < list.items().size(); i++) {
        if (i > 0) {
          sb.append(' ');
        }
        Item item = list.items().get(i);
        appendBare(sb, item.value());
        appendParams(sb, item.params());
      }
      sb.append(')');
    } else {
      appendBare(sb, ((Item) m).value());
    }
    appendParams(sb, m.params());
  }

  private static void appendParams(StringBuilder sb, Map<String, Object> params) {
    for (Map.Entry<String, Object> p : params.entrySet()) {
      sb.append(';').append(p.getKey());
      if (!Boolean.TRUE.equals(p.getValue())) {
        sb.append('=');
        appendBare(sb, p.getValue());
      }
    }
  }

  private static void appendBare(StringBuilder sb, Object v) {
    if (v instanceof Long || v instanceof Integer) {
      sb.append(v);
    } else if (v instanceof BigDecimal d) {
      sb.append(d.toPlainString());
    } else if (v instanceof String s) {
      sb.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c > 0x7e) {
          throw new IllegalArgumentException("string must be printable ASCII, but was: " + s);
        }
        if (c == '"' || c == '\\') {
          sb.append('\\');
        }
        sb.append(c);
      }
      sb.append('"');
    } else if (v instanceof Token t) {
      sb.append(t.value());
    } else if (v instanceof Bytes b) {
      sb.append(':').append(Base64.getEncoder().encodeToString(b.value())).append(':');
    } else if (v instanceof Boolean b) {
      sb.append(b ? "?1" : "?0");
    } else {
      throw new IllegalArgumentException("not an RFC 8941 bare item: " + v);
    }
  }

  // --- character classes ---

  private char peek() {
    return pos < in.length() ? in.charAt(pos) : '\0';
  }

  private void skipSp() {
    while (pos < in.length() && in.charAt(pos) == ' ') {
      pos++;
    }
  }

  private void skipOws() {
    while (pos < in.length() && (in.charAt(pos) == ' ' || in.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private StructuredFieldException fail(String problem) {
    String found = pos < in.length() ? "'" + printable(in.charAt(pos)) + "'" : "end of field";
    return new StructuredFieldException(header, pos, problem + ", but found " + found);
  }

  private static String printable(char c) {
    return c >= 0x20 && c <= 0x7e ? String.valueOf(c) : String.format("\\u%04x", (int) c);
  }

  private static boolean isLcAlpha(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isAlpha(char c) {
    return isLcAlpha(c) || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isTchar(char c) {
    return isAlpha(c) || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}

package org.certhub.signer.httpsig;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.certhub.signer.httpsig.HttpSignatureException.Reason;

/**
 * Builds the RFC 9421 §2.5 signature base of a request: one line {@code "<id>": <value>} per covered
 * component, then {@code "@signature-params": <inner list>} without a trailing newline.
 *
 * <p>Supported derived components: {@code @method}, {@code @target-uri}, {@code @authority},
 * {@code @scheme}, {@code @request-target}, {@code @path}, {@code @query}. Component parameters ({@code
 * ;sf}, {@code ;bs}, {@code ;key}, {@code ;req}, {@code ;name}) are refused, and so are non-ASCII
 * field values, which would need {@code ;bs}.
 */
final class SignatureBase {

  /** Upper bound on covered components per signature. */
  static final int MAX_COMPONENTS = 32;
  /** Upper bound on the signature base, in bytes. */
  static final int MAX_BASE_LENGTH = 64 * 1024;

  static final Set<String> DERIVED = Set.of(
      "@method", "@target-uri", "@authority", "@scheme", "@request-target", "@path", "@query");

  private SignatureBase() {}

  /**
   * Checks a component list: known derived components or lowercase field names, no duplicates,
   * at most {@link #MAX_COMPONENTS}.
   */
  static void checkComponents(List<String> components) throws HttpSignatureException {
    if (components.size() > MAX_COMPONENTS) {
      throw new HttpSignatureException(Reason.TOO_LARGE, "covered components must be at most "
          + MAX_COMPONENTS + ", but were: " + components.size());
    }
    Set<String> seen = new HashSet<>();
    for (String c : components) {
      if (!seen.add(c)) {
        throw new HttpSignatureException(Reason.MALFORMED,
            "covered components must not repeat, but \"" + c + "\" appears twice");
      }
      if (c.startsWith("@")) {
        if (!DERIVED.contains(c)) {
          throw new HttpSignatureException(Reason.MALFORMED, "derived component must be one of "
              + DERIVED.stream().sorted().toList() + ", but was: \"" + c + "\"");
        }
      } else if (c.isEmpty() || !c.equals(c.toLowerCase(Locale.ROOT))
          || !c.chars().allMatch(ch -> StructuredFields.isTchar((char) ch))) {
        throw new HttpSignatureException(Reason.MALFORMED,
            "field component must be a lowercase field name, but was: \"" + c + "\"");
      }
    }
  }

  /**
   * Builds the signature base.
   *
   * @param request the request
   * @param components the covered components, already checked
   * @param signatureParams the serialized {@code @signature-params} value
   */
  static byte[] build(HttpRequest request, List<String> components, String signatureParams)
      throws HttpSignatureException {
    checkComponents(components);
    StringBuilder sb = new StringBuilder();
    for (String c : components) {
      String value = c.startsWith("@") ? derived(request, c) : field(request, c);
      sb.append('"').append(c).append("\": ").append(value).append('\n');
      if (sb.length() > MAX_BASE_LENGTH) {
        throw new HttpSignatureException(Reason.TOO_LARGE,
            "signature base must be at most " + MAX_BASE_LENGTH + " bytes");
      }
    }
    sb.append("\"@signature-params\": ").append(signatureParams);
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static String field(HttpRequest request, String name) throws HttpSignatureException {
    String v = request.headers().combined(name).orElseThrow(() -> new HttpSignatureException(
        Reason.MISSING_COMPONENT, "covered field \"" + name + "\" must be present in the request,"
            + " but was: absent"));
    requireAscii(name, v);
    return v;
  }

  private static String derived(HttpRequest r, String c) throws HttpSignatureException {
    String path = r.path().isEmpty() ? "/" : r.path();
    String query = r.query() == null ? "" : "?" + r.query();
    String v;
    switch (c) {
      case "@method":
        v = r.method();
        break;
      case "@target-uri":
        v = r.scheme().toLowerCase(Locale.ROOT) + "://" + r.authority() + path + query;
        break;
      case "@authority":
        v = normalizedAuthority(r);
        break;
      case "@scheme":
        v = r.scheme().toLowerCase(Locale.ROOT);
        break;
      case "@request-target":
        v = path + query;
        break;
      case "@path":
        v = path;
        break;
      case "@query":
        v = query.isEmpty() ? "?" : query; // §2.2.7: an absent query is "?"
        break;
      default:
        throw new IllegalStateException("checked above: " + c);
    }
    requireAscii(c, v);
    return v;
  }

  /** §2.2.3: lowercase host, default port removed. */
  private static String normalizedAuthority(HttpRequest r) {
    String a = r.authority().toLowerCase(Locale.ROOT);
    String scheme = r.scheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https") && a.endsWith(":443")) {
      return a.substring(0, a.length() - 4);
    }
    if (scheme.equals("http") && a.endsWith(":80")) {
      return a.substring(0, a.length() - 3);
    }
    return a;
  }

  private static void requireAscii(String component, String v) throws HttpSignatureException {
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      if ((ch < 0x20 && ch != '\t') || ch > 0x7e) {
        throw new HttpSignatureException(Reason.MALFORMED, "value of \"" + component
            + "\" must be printable ASCII, but has " + String.format("U+%04X", (int) ch)
            + " at offset " + i);
      }
    }
  }
}

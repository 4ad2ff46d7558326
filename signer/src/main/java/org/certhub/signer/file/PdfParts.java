package org.certhub.signer.file;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The PDF's part manifest: {@code name=base64url-sha256;…}, in the signed document information. */
final class PdfParts {
  /** Largest decoded part (a content stream, an image) digested: a licence page holds far less. */
  static final long MAX_PART_BYTES = 32L << 20;

  private PdfParts() {}

  static String format(Map<String, String> parts) {
    StringBuilder b = new StringBuilder();
    parts.forEach((k, v) -> b.append(b.length() == 0 ? "" : ";").append(k).append('=').append(v));
    return b.toString();
  }

  static Optional<Map<String, String>> parse(String s) {
    if (s == null || s.length() > 4096) {
      return Optional.empty();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : s.split(";")) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        return Optional.empty();
      }
      out.put(item.substring(0, eq), item.substring(eq + 1));
    }
    return Optional.of(out);
  }
}

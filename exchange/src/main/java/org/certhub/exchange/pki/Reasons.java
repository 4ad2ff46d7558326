package org.certhub.exchange.pki;

import java.util.List;

/** RFC 5280 §5.3.1 CRLReason names, as the API shows and accepts them. */
final class Reasons {
  private static final List<String> NAMES =
      List.of(
          "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded", "cessationOfOperation",
          "certificateHold", "", "removeFromCRL", "privilegeWithdrawn", "aACompromise");

  private Reasons() {}

  static String name(int code) {
    return code >= 0 && code < NAMES.size() ? NAMES.get(code) : "unknown(" + code + ")";
  }

  /** The code for a name; -1 if it is not one the API accepts (hold and removeFromCRL are not). */
  static int code(String name) {
    int i = NAMES.indexOf(name);
    return i < 0 || i == 6 || i == 7 || i == 8 ? -1 : i;
  }

  static List<String> accepted() {
    return NAMES.stream().filter(n -> code(n) >= 0).toList();
  }
}

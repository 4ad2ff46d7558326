package org.certhub.hub.keys;

/** Certificate subject names for departments. */
public final class SubjectNames {
  private SubjectNames() {}

  /**
   * A department's subject: its name as CN and O, and its unified social credit code as
   * organizationIdentifier (2.5.4.97), which the licence verifier matches against the licence's issuer.
   */
  public static String organisation(String name, String code) {
    return "CN=" + escape(name) + ",O=" + escape(name) + ",2.5.4.97=" + code;
  }

  private static String escape(String s) {
    return s.replaceAll("([,+\"\\\\<>;=#])", "\\\\$1");
  }
}

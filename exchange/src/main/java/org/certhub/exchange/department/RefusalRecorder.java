package org.certhub.exchange.department;

/**
 * Records a request refused before it reached a controller (a suspended department), so that refusals are in
 * the ledger like every other: implemented by the audit log, called here without depending on it.
 */
@FunctionalInterface
public interface RefusalRecorder {
  /**
   * @param department the department whose request was refused
   * @param certificateFingerprint the client certificate it used
   * @param rule the rule that refused, e.g. {@code department.suspended}
   * @param request method and path, e.g. {@code POST /api/v1/pulls}
   */
  void refused(String department, String certificateFingerprint, String rule, String request);
}

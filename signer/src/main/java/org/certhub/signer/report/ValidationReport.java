package org.certhub.signer.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a verifier found, in one shape for all of them (DSS-like): the overall {@link Indication} and every check
 * made, in the verifier's order. {@code CmsVerification.report()} and {@code SealReport.report()} produce it.
 *
 * @param object what was verified, e.g. {@code "CMS SignedData"} or {@code "V4 SES_Signature"}
 * @param indication the overall outcome, derived from the checks by {@link #indication(List)}
 * @param checks every check, in the verifier's order
 */
public record ValidationReport(String object, Indication indication, List<Check> checks) {

  /** The overall outcome (DSS's main indications). */
  public enum Indication {
    /** Every applicable check passed. */
    PASSED,
    /** At least one check failed. */
    FAILED,
    /** No check failed, but at least one could not be decided or was not made. */
    INDETERMINATE
  }

  /** One check's outcome. */
  public enum Status {
    /** The check passed. */
    PASSED,
    /** The check failed. */
    FAILED,
    /** Neither passed nor failed on the data at hand (an untrusted chain, a revocation without proof of time). */
    INDETERMINATE,
    /** Not made, because a check it depends on failed. */
    NOT_CHECKED,
    /** Not part of this object. */
    NOT_APPLICABLE
  }

  /**
   * One check.
   *
   * @param name the verifier's name for it, e.g. {@code SEAL_SIGNATURE} or {@code TIMESTAMP_IMPRINT}
   * @param status the outcome
   * @param detail what was found; on failure {@code "<what> must be <expected>, but was: <actual>"}
   */
  public record Check(String name, Status status, String detail) {
    /** Validates the members. */
    public Check {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Validates and copies the members; the indication must be the one the checks give. */
  public ValidationReport {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(indication, "indication");
    checks = List.copyOf(checks);
    if (indication != indication(checks.stream().map(Check::status).toList())) {
      throw new IllegalArgumentException("indication must follow from the checks, but was: " + indication);
    }
  }

  /** A report whose indication is derived from the checks. */
  public static ValidationReport of(String object, List<Check> checks) {
    return new ValidationReport(object, indication(checks.stream().map(Check::status).toList()), checks);
  }

  /** The one rule: any failure fails; else anything undecided or not made is indeterminate; else passed. */
  public static Indication indication(List<Status> statuses) {
    if (statuses.contains(Status.FAILED)) {
      return Indication.FAILED;
    }
    return statuses.contains(Status.INDETERMINATE) || statuses.contains(Status.NOT_CHECKED) ? Indication.INDETERMINATE : Indication.PASSED;
  }

  /** The check of this name, if it was reported. */
  public Optional<Check> check(String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The checks that keep the report from passing: failed, indeterminate or not made. */
  public List<Check> problems() {
    return checks.stream().filter(c -> c.status() == Status.FAILED || c.status() == Status.INDETERMINATE || c.status() == Status.NOT_CHECKED)
        .toList();
  }

  /** The report as JSON-ready maps: {@code {"object", "indication": "passed"|..., "checks": [{"name", "status", "detail"}]}}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("object", object);
    m.put("indication", indication.name().toLowerCase(Locale.ROOT));
    m.put("checks", checks.stream().map(c -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", c.name());
      e.put("status", c.status().name());
      e.put("detail", c.detail());
      return e;
    }).toList());
    return m;
  }
}

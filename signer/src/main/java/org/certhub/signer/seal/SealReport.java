package org.certhub.signer.seal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.certhub.signer.report.ValidationReport;

/**
 * What {@link SealVerifier} found: the overall verdict and every check, in {@link SealCheck.Name} order.
 *
 * @param verdict {@link Verdict#FAILED} if any check failed; else {@link Verdict#INDETERMINATE} if any is
 *     indeterminate or unchecked; else {@link Verdict#PASSED}
 * @param checks every check, in {@link SealCheck.Name} order
 * @param seal the seal that was read, empty when the input did not parse
 * @param stamp the stamp that was read, empty for a seal or when the input did not parse
 */
public record SealReport(Verdict verdict, List<SealCheck> checks, Optional<Seal> seal, Optional<Stamp> stamp) {

  /** The overall outcome, after DSS's main indications. */
  public enum Verdict {
    /** Every applicable check passed. */
    PASSED,
    /** At least one check failed. */
    FAILED,
    /** No check failed, but at least one could not be decided. */
    INDETERMINATE
  }

  /** Validates and copies the members. */
  public SealReport {
    Objects.requireNonNull(verdict, "verdict");
    checks = List.copyOf(checks);
    Objects.requireNonNull(seal, "seal");
    Objects.requireNonNull(stamp, "stamp");
  }

  /**
   * Returns the outcome of one check.
   *
   * @param name the check
   * @return its outcome
   */
  public SealCheck check(SealCheck.Name name) {
    return checks.stream().filter(c -> c.name() == name).findFirst().orElseThrow();
  }

  static Verdict verdict(List<SealCheck> checks) {
    return Verdict.valueOf(ValidationReport.indication(
        checks.stream().map(c -> ValidationReport.Status.valueOf(c.status().name())).toList()).name());
  }

  /** This report in the shape every verifier shares ({@link ValidationReport}); the object names the version and structure. */
  public ValidationReport report() {
    String object = stamp.map(s -> s.version() + " SES_Signature").or(() -> seal.map(s -> s.version() + " SESeal")).orElse("unreadable seal or stamp");
    return ValidationReport.of(object, checks.stream()
        .map(c -> new ValidationReport.Check(c.name().name(), ValidationReport.Status.valueOf(c.status().name()), c.detail())).toList());
  }
}

package org.certhub.signer.seal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
    if (checks.stream().anyMatch(c -> c.status() == SealCheck.Status.FAILED)) {
      return Verdict.FAILED;
    }
    return checks.stream().anyMatch(c -> c.status() == SealCheck.Status.INDETERMINATE || c.status() == SealCheck.Status.NOT_CHECKED)
        ? Verdict.INDETERMINATE : Verdict.PASSED;
  }
}

package org.certhub.signer.cms;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link CmsVerifier} found: every check with its outcome, and the signed content and signer.
 *
 * @param checks every check, in {@link CmsCheck.Name} order
 * @param content the signed content (encapsulated, or the detached content given)
 * @param signer the signer's certificate, or null when the CMS does not carry it
 * @param signingTime the signing-time attribute, if present
 * @param timestamp the genTime of the signature timestamp, if one is present and valid
 */
public record CmsVerification(
    List<CmsCheck> checks, byte[] content, X509Certificate signer, Optional<Instant> signingTime, Optional<Instant> timestamp) {

  /** Copies the checks. */
  public CmsVerification {
    checks = List.copyOf(checks);
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(signingTime, "signingTime");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  /**
   * Returns whether the signature is valid: no check failed or was left unchecked.
   *
   * @return true only when every applicable check passed
   */
  public boolean valid() {
    return checks.stream().allMatch(c -> c.status() == CmsCheck.Status.PASSED || c.status() == CmsCheck.Status.NOT_APPLICABLE);
  }

  /**
   * Returns the CAdES baseline level the signature reached.
   *
   * @return {@code "B-T"} with a valid signature timestamp, {@code "B-B"} otherwise
   */
  public String level() {
    return timestamp.isPresent() ? "B-T" : "B-B";
  }

  /**
   * Returns the outcome of one check.
   *
   * @param name the check
   * @return its outcome
   */
  public CmsCheck check(CmsCheck.Name name) {
    return checks.stream().filter(c -> c.name() == name).findFirst().orElseThrow();
  }

  /** This verification in the shape every verifier shares ({@link org.certhub.signer.report.ValidationReport}). */
  public org.certhub.signer.report.ValidationReport report() {
    return org.certhub.signer.report.ValidationReport.of("CMS SignedData (CAdES " + level() + ")", checks.stream()
        .map(c -> new org.certhub.signer.report.ValidationReport.Check(c.name().name(),
            org.certhub.signer.report.ValidationReport.Status.valueOf(c.status().name()), c.detail()))
        .toList());
  }

  /**
   * Returns the first failed or unchecked check.
   *
   * @return empty when {@link #valid()}
   */
  public Optional<CmsCheck> firstFailure() {
    return checks.stream()
        .filter(c -> c.status() == CmsCheck.Status.FAILED || c.status() == CmsCheck.Status.NOT_CHECKED)
        .findFirst();
  }
}

package org.certhub.signer.licence;

/**
 * How long a licence of a type may be valid.
 *
 * @param maxYears the longest validity from {@code validFrom} to {@code validUntil} in years, or null for no bound
 * @param longTermAllowed whether a licence may be long-term (长期: no {@code validUntil})
 */
public record ValidityRule(Integer maxYears, boolean longTermAllowed) {
  public ValidityRule {
    if (maxYears != null && maxYears < 1) {
      throw new IllegalArgumentException("maxYears must be at least 1 or null, but was: " + maxYears);
    }
  }
}

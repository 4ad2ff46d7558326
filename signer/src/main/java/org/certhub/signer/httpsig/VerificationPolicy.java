package org.certhub.signer.httpsig;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a verifier demands beyond a valid signature.
 *
 * @param requiredComponents components every accepted signature must cover, for example
 *     {@code @method}, {@code @target-uri}, {@code content-digest}
 * @param clockSkew how far {@code created} may lie in the future, and the grace after {@code
 *     expires}
 * @param maxAge the oldest {@code created} accepted
 */
public record VerificationPolicy(Set<String> requiredComponents, Duration clockSkew, Duration maxAge) {

  /** Default skew: 60 seconds. */
  public static final Duration DEFAULT_SKEW = Duration.ofSeconds(60);
  /** Default maximum age: 5 minutes. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

  /** Validates and copies. */
  public VerificationPolicy {
    requiredComponents = Set.copyOf(requiredComponents);
    Objects.requireNonNull(clockSkew, "clockSkew");
    Objects.requireNonNull(maxAge, "maxAge");
    if (clockSkew.isNegative() || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("clockSkew must be >= 0 and maxAge > 0");
    }
  }

  /**
   * Creates a policy with the default skew and maximum age.
   *
   * @param requiredComponents components every signature must cover
   * @return the policy
   */
  public static VerificationPolicy requiring(String... requiredComponents) {
    return new VerificationPolicy(Set.copyOf(List.of(requiredComponents)), DEFAULT_SKEW,
        DEFAULT_MAX_AGE);
  }

  /**
   * Returns a copy with another maximum age.
   *
   * @param newMaxAge the oldest {@code created} accepted
   * @return a new policy
   */
  public VerificationPolicy withMaxAge(Duration newMaxAge) {
    return new VerificationPolicy(requiredComponents, clockSkew, newMaxAge);
  }

  /**
   * Returns a copy with another clock skew.
   *
   * @param newSkew the allowed skew
   * @return a new policy
   */
  public VerificationPolicy withClockSkew(Duration newSkew) {
    return new VerificationPolicy(requiredComponents, newSkew, maxAge);
  }
}

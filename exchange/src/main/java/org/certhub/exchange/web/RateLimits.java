package org.certhub.exchange.web;

import java.time.Duration;
import java.util.Optional;

/**
 * Port: request rate limits per department and matter. In-process by default ({@link InProcessRateLimits});
 * a shared store (Redis, in the engines issue) makes several hub instances share one budget.
 */
public interface RateLimits {

  /**
   * Takes one request from the budget of {@code key}.
   *
   * @return empty if allowed; otherwise how long until the next request would be
   */
  Optional<Duration> acquire(String key);

  /** Refuses with 429 {@code rate_limited} and a {@code Retry-After} when the budget is spent. */
  default void require(String key, String what) {
    acquire(key).ifPresent(wait -> {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      throw ProblemException.withProperties(
          ErrorCode.RATE_LIMITED, "too many requests for " + what + "; retry after " + seconds + " s", java.util.Map.of("retryAfter", seconds));
    });
  }
}

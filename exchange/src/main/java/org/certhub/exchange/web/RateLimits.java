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

  /** {@link #require} for a department's requests for a matter (the budget the pull and check APIs use). */
  default void requireForMatter(String department, String matter) {
    // The message is built only on refusal: this runs on every pull and check.
    acquire(department + "|" + matter).ifPresent(wait -> refuse(wait, "department " + department + " and matter " + JsonBody.truncate(matter)));
  }

  /** Refuses with 429 {@code rate_limited} and a {@code Retry-After} when the budget is spent. */
  default void require(String key, String what) {
    acquire(key).ifPresent(wait -> refuse(wait, what));
  }

  private static void refuse(Duration wait, String what) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    throw ProblemException.withProperties(
        ErrorCode.RATE_LIMITED, "too many requests for " + what + "; retry after " + seconds + " s", java.util.Map.of("retryAfter", seconds));
  }
}

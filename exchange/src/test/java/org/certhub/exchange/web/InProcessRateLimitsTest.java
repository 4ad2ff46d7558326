package org.certhub.exchange.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class InProcessRateLimitsTest {
  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-11-23T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void burstThenRefill_perKey() {
    MutableClock clock = new MutableClock();
    InProcessRateLimits limits = new InProcessRateLimits(2, 3, clock);
    for (int i = 0; i < 3; i++) {
      assertThat(limits.acquire("tax|M1")).isEmpty();
    }
    assertThat(limits.acquire("tax|M1")).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofMillis(499), Duration.ofMillis(501)));
    assertThat(limits.acquire("tax|M2")).as("another matter has its own budget").isEmpty();
    clock.now = clock.now.plusMillis(500);
    assertThat(limits.acquire("tax|M1")).isEmpty();
    assertThat(limits.acquire("tax|M1")).isPresent();
    clock.now = clock.now.plusSeconds(60);
    for (int i = 0; i < 3; i++) {
      assertThat(limits.acquire("tax|M1")).as("refilled to the burst, not beyond").isEmpty();
    }
    assertThat(limits.acquire("tax|M1")).isPresent();
  }

  @Test
  void require_refusesWith429AndRetryAfter() {
    InProcessRateLimits limits = new InProcessRateLimits(1, 1, new MutableClock());
    limits.require("k", "department x and matter y");
    assertThatThrownBy(() -> limits.require("k", "department x and matter y"))
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
          assertThat(e.code().status().value()).isEqualTo(429);
          assertThat(e.properties()).containsEntry("retryAfter", 1L);
        })
        .hasMessageContaining("department x and matter y");
  }
}

package org.certhub.exchange.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InProcessReplayGuardTest {
  final InProcessRateLimitsTest.MutableClock clock = new InProcessRateLimitsTest.MutableClock();

  @Test
  void firstSeen_once_untilItExpires() {
    InProcessReplayGuard g = new InProcessReplayGuard(10, clock);
    assertThat(g.firstSeen("a", Duration.ofSeconds(60))).isTrue();
    assertThat(g.firstSeen("a", Duration.ofSeconds(60))).isFalse();
    clock.now = clock.now.plusSeconds(59);
    assertThat(g.firstSeen("a", Duration.ofSeconds(60))).isFalse();
    clock.now = clock.now.plusSeconds(2);
    assertThat(g.firstSeen("a", Duration.ofSeconds(60))).as("expired, so new again").isTrue();
  }

  @Test
  void claim_theSameOwnerAgain_butNoOneElse() {
    InProcessReplayGuard g = new InProcessReplayGuard(10, clock);
    assertThat(g.claim("p", "DEPT-A", Duration.ofMinutes(5))).isTrue();
    assertThat(g.claim("p", "DEPT-A", Duration.ofMinutes(5))).isTrue();
    assertThat(g.claim("p", "DEPT-B", Duration.ofMinutes(5))).isFalse();
    assertThat(g.firstSeen("p", Duration.ofMinutes(5))).as("a claimed key is seen").isFalse();
  }

  @Test
  void bounded_expiredKeysMakeRoom_liveOnesAreNeverForgotten() {
    InProcessReplayGuard g = new InProcessReplayGuard(3, clock);
    for (String k : new String[] {"a", "b", "c"}) {
      assertThat(g.firstSeen(k, Duration.ofSeconds(10))).isTrue();
    }
    // Full of live keys: refusing to answer is safer than forgetting one (which would let its replay through).
    assertThatThrownBy(() -> g.firstSeen("d", Duration.ofSeconds(10))).isInstanceOf(ReplayGuard.Unavailable.class);
    assertThat(g.firstSeen("a", Duration.ofSeconds(10))).as("a known key is still answered when full").isFalse();
    clock.now = clock.now.plusSeconds(11);
    assertThat(g.firstSeen("d", Duration.ofSeconds(10))).isTrue();
    assertThat(g.size()).isEqualTo(1);
  }
}

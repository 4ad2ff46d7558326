package org.certhub.exchange.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets in this process: {@code perSecond} requests per second per key, with bursts up to
 * {@code burst}. Buckets idle for a minute are dropped, so memory follows the active keys.
 */
public final class InProcessRateLimits implements RateLimits {
  private final double perSecond;
  private final double burst;
  private final Clock clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long lastNanos;

    Bucket(double tokens, long lastNanos) {
      this.tokens = tokens;
      this.lastNanos = lastNanos;
    }
  }

  public InProcessRateLimits(double perSecond, int burst, Clock clock) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("rate limit must be > 0 per second with burst >= 1, but was: " + perSecond + "/s burst " + burst);
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.clock = clock;
  }

  /** Requests per second each key may make, on average. */
  public double perSecond() {
    return perSecond;
  }

  /** Requests a key may make at once after being idle. */
  public int burst() {
    return (int) burst;
  }

  @Override
  public Optional<Duration> acquire(String key) {
    long now = clock.millis() * 1_000_000L;
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    synchronized (b) {
      b.tokens = Math.min(burst, b.tokens + (now - b.lastNanos) / 1e9 * perSecond);
      b.lastNanos = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return Optional.empty();
      }
      return Optional.of(Duration.ofNanos((long) ((1 - b.tokens) / perSecond * 1e9)));
    }
  }
}

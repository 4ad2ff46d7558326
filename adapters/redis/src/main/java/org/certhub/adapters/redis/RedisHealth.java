package org.certhub.adapters.redis;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code /actuator/health} component {@code redis}: UP when it answers PING, else {@code DEGRADED} (not DOWN: the hub
 * still serves pulls and checks without Redis, so a load balancer must not take it out; department QR checks answer
 * 503 meanwhile). The hub maps DEGRADED to HTTP 200 and ranks it below DOWN.
 */
public final class RedisHealth implements HealthIndicator {
  /** The hub works, with less: local rate limits, no cache, department QR checks refused. */
  public static final Status DEGRADED = new Status("DEGRADED", "Redis is unreachable");

  private final RedisStore redis;
  private final RedisLicenceCache cache;

  public RedisHealth(RedisStore redis, RedisLicenceCache cache) {
    this.redis = redis;
    this.cache = cache;
  }

  @Override
  public Health health() {
    long start = System.nanoTime();
    try {
      String pong = redis.call(c -> c.ping());
      return Health.up().withDetail("url", redis.settings().where()).withDetail("ping", pong)
          .withDetail("latencyMicros", (System.nanoTime() - start) / 1000)
          .withDetail("pendingInvalidations", cache.pendingInvalidations()).build();
    } catch (RedisStore.Down e) {
      return Health.status(DEGRADED).withDetail("url", redis.settings().where()).withDetail("error", String.valueOf(redis.lastError()))
          .withDetail("effect", "pulls and checks go on with per-instance rate limits and no cache; department QR checks answer 503"
              + " replay_guard_unavailable; retrying every " + redis.settings().retryAfter())
          .withDetail("pendingInvalidations", cache.pendingInvalidations()).build();
    }
  }
}

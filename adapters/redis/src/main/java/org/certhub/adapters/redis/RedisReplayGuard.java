package org.certhub.adapters.redis;

import java.time.Duration;
import java.util.List;
import org.certhub.exchange.web.ReplayGuard;
import redis.clients.jedis.params.SetParams;

/**
 * The replay guard every hub instance shares: {@code SET key value NX PX ttl}, so exactly one of any number of
 * concurrent first sightings wins. When Redis cannot answer it throws {@link ReplayGuard.Unavailable}: the caller
 * decides (department QR checks fail closed with 503; signed requests fall back to the instance's own guard).
 */
public final class RedisReplayGuard implements ReplayGuard {
  /** Claim for ARGV[1] unless someone else holds the key; 1 if ARGV[1] holds it now. */
  static final String CLAIM = """
      if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
        return 1
      end
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return 1
      end
      return 0
      """;

  private final RedisStore redis;

  public RedisReplayGuard(RedisStore redis) {
    this.redis = redis;
  }

  @Override
  public boolean firstSeen(String key, Duration ttl) {
    try {
      return "OK".equals(redis.call(c -> c.set(redis.key("replay", key), "1", SetParams.setParams().nx().px(millis(ttl)))));
    } catch (RedisStore.Down e) {
      throw new Unavailable(e.getMessage(), e);
    }
  }

  @Override
  public boolean claim(String key, String owner, Duration ttl) {
    try {
      Object r = redis.call(c -> c.eval(CLAIM, List.of(redis.key("replay", key)), List.of(owner, Long.toString(millis(ttl)))));
      return ((Number) r).longValue() == 1;
    } catch (RedisStore.Down e) {
      throw new Unavailable(e.getMessage(), e);
    }
  }

  private static long millis(Duration ttl) {
    return Math.max(1, ttl.toMillis());
  }
}

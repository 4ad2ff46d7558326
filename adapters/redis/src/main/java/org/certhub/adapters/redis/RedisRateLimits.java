package org.certhub.adapters.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.certhub.exchange.web.InProcessRateLimits;
import org.certhub.exchange.web.RateLimits;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * One token bucket per key shared by every hub instance: the same numbers as the in-process limits, refilled by
 * Redis's own clock and taken in one Lua script, so concurrent requests on any instance can never overspend it.
 * While Redis is unreachable each instance falls back to its own bucket ({@code local}): limits stay, per instance.
 */
public final class RedisRateLimits implements RateLimits {
  /**
   * KEYS[1] the bucket (a hash: tokens, last refill in µs); ARGV rate per second, burst. Returns 0 when a token was
   * taken, else the milliseconds until one will be there. Idle buckets expire once full again.
   */
  static final String SCRIPT = """
      local rate = tonumber(ARGV[1])
      local burst = tonumber(ARGV[2])
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
      local tokens = tonumber(b[1])
      local ts = tonumber(b[2])
      if tokens == nil or ts == nil then
        tokens = burst
        ts = now
      end
      if now > ts then
        tokens = math.min(burst, tokens + (now - ts) / 1000000 * rate)
      end
      local wait = 0
      if tokens >= 1 then
        tokens = tokens - 1
      else
        wait = math.ceil((1 - tokens) / rate * 1000)
      end
      redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(math.max(now, ts)))
      redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
      return wait
      """;

  private final RedisStore redis;
  private final InProcessRateLimits local;
  private final String sha;

  public RedisRateLimits(RedisStore redis, InProcessRateLimits local) {
    this.redis = redis;
    this.local = local;
    this.sha = sha1(SCRIPT);
  }

  @Override
  public Optional<Duration> acquire(String key) {
    List<String> keys = List.of(redis.key("ratelimit", name(key)));
    List<String> args = List.of(Double.toString(local.perSecond()), Integer.toString(local.burst()));
    long waitMillis;
    try {
      waitMillis = redis.call(c -> {
        Object r;
        try {
          r = c.evalsha(sha, keys, args);
        } catch (JedisNoScriptException e) {
          // A restarted Redis forgot the script: EVAL sends and caches it again.
          r = c.eval(SCRIPT, keys, args);
        }
        return ((Number) r).longValue();
      });
    } catch (RedisStore.Down e) {
      return local.acquire(key);
    }
    return waitMillis <= 0 ? Optional.empty() : Optional.of(Duration.ofMillis(waitMillis));
  }

  /** Keys are department code and matter; long ones are hashed so a key stays small whatever the request said. */
  static String name(String key) {
    if (key.length() <= 120) {
      return key;
    }
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha1(String script) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package org.certhub.adapters.redis;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The hub's one Redis client (Jedis {@code RedisClient}: pooled, thread-safe) with a short circuit breaker: after a
 * failed command the hub works without Redis for {@link RedisSettings#retryAfter()} instead of paying a timeout on
 * every request, then tries again, so it recovers by itself when Redis is back.
 */
public final class RedisStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisStore.class);

  /** Redis did not answer (down, unreachable, refused, or skipped while the breaker is open). */
  public static final class Down extends RuntimeException {
    Down(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final RedisSettings settings;
  private final RedisClient client;
  private final AtomicLong downUntilNanos = new AtomicLong();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private volatile boolean down;

  public RedisStore(RedisSettings settings) {
    this.settings = settings;
    var uri = settings.url();
    int timeout = (int) settings.timeout().toMillis();
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
        .clientName("certhub")
        .connectionTimeoutMillis(timeout)
        .socketTimeoutMillis(timeout)
        .ssl(JedisURIHelper.isRedisSSLScheme(uri));
    if (JedisURIHelper.getPassword(uri) != null) {
      config.user(JedisURIHelper.getUser(uri)).password(JedisURIHelper.getPassword(uri));
    }
    if (JedisURIHelper.hasDbIndex(uri)) {
      config.database(JedisURIHelper.getDBIndex(uri));
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxWait(settings.timeout());
    this.client = RedisClient.builder()
        .hostAndPort(JedisURIHelper.getHostAndPort(uri))
        .clientConfig(config.build())
        .poolConfig(pool)
        .build();
  }

  /** The settings this store was made with. */
  public RedisSettings settings() {
    return settings;
  }

  /** A key under the hub's prefix. */
  public String key(String kind, String name) {
    return settings.keyPrefix() + kind + ":" + name;
  }

  /**
   * Runs one command (or a script) against Redis.
   *
   * @throws Down when Redis did not answer, or without trying while the breaker is open after a recent failure
   */
  public <T> T call(Function<RedisClient, T> command) {
    if (down && System.nanoTime() - downUntilNanos.get() < 0) {
      throw new Down("Redis at " + settings.where() + " is unreachable (" + lastError.get() + "); retrying shortly", null);
    }
    try {
      T result;
      try {
        result = command.apply(client);
      } catch (redis.clients.jedis.exceptions.JedisConnectionException e) {
        // A pooled connection to a Redis that restarted fails once and is discarded; a fresh one may well work.
        result = command.apply(client);
      }
      if (down) {
        down = false;
        log.info("Redis at {} answers again: shared rate limits, cache and replay guard are back", settings.where());
      }
      return result;
    } catch (JedisException e) {
      lastError.set(e.getClass().getSimpleName() + ": " + e.getMessage());
      downUntilNanos.set(System.nanoTime() + settings.retryAfter().toNanos());
      if (!down) {
        down = true;
        log.warn("Redis at {} failed ({}): working without it (local rate limits, no cache, department QR checks 503) and"
            + " retrying every {}", settings.where(), lastError.get(), settings.retryAfter());
      }
      throw new Down("Redis at " + settings.where() + " failed: " + lastError.get(), e);
    }
  }

  /** Whether the last command failed (the breaker is open or half-open). */
  public boolean isDown() {
    return down;
  }

  /** What the last failure was, or null. */
  public String lastError() {
    return lastError.get();
  }

  @Override
  public void close() {
    client.close();
  }
}

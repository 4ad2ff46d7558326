package org.certhub.adapters.redis;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.certhub.exchange.licence.LicenceCache;
import redis.clients.jedis.params.SetParams;

/**
 * Licence views and status shared by every hub instance. Reads fill it with {@code SET NX}; an invalidation writes a
 * tombstone ({@link RedisSettings#tombstoneTtl()}) instead of deleting, so a reader that loaded the old row just
 * before the change cannot put it back. While Redis is down, reads bypass it; invalidations that could not be
 * written are kept and written before this instance uses the cache again (and retried every second meanwhile).
 */
public final class RedisLicenceCache implements LicenceCache, AutoCloseable {
  static final String TOMBSTONE = "~invalidated";

  private final RedisStore redis;
  /** Keys to tombstone, each with a counter so a flush only clears an invalidation it actually wrote. */
  private final ConcurrentHashMap<String, Long> pending = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong invalidations = new java.util.concurrent.atomic.AtomicLong();
  private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "certhub-redis-invalidations");
    t.setDaemon(true);
    return t;
  });

  public RedisLicenceCache(RedisStore redis) {
    this.redis = redis;
    retry.scheduleWithFixedDelay(this::flushQuietly, 1, 1, TimeUnit.SECONDS);
  }

  @Override
  public Optional<String> get(String key) {
    if (!flushed()) {
      return Optional.empty();
    }
    try {
      String v = redis.call(c -> c.get(redis.key("licence", key)));
      return v == null || TOMBSTONE.equals(v) ? Optional.empty() : Optional.of(v);
    } catch (RedisStore.Down e) {
      return Optional.empty();
    }
  }

  @Override
  public void putIfAbsent(String key, String value) {
    if (!flushed()) {
      return;
    }
    try {
      redis.call(c -> c.set(redis.key("licence", key), value, SetParams.setParams().nx().px(redis.settings().cacheTtl().toMillis())));
    } catch (RedisStore.Down e) {
      // A cache that cannot be filled is only slower.
    }
  }

  @Override
  public void invalidate(Collection<String> keys) {
    for (String k : keys) {
      pending.put(k, invalidations.incrementAndGet());
    }
    flushed();
  }

  /** Writes the pending tombstones; true when none is left (the cache may be used). */
  private boolean flushed() {
    if (pending.isEmpty()) {
      return true;
    }
    java.util.Map<String, Long> batch = java.util.Map.copyOf(pending);
    try {
      long ttl = redis.settings().tombstoneTtl().toMillis();
      redis.call(c -> {
        for (String k : batch.keySet()) {
          c.set(redis.key("licence", k), TOMBSTONE, SetParams.setParams().px(ttl));
        }
        return null;
      });
      // An invalidation of the same key made meanwhile (a newer counter) stays pending: it may follow a later change.
      batch.forEach(pending::remove);
      return pending.isEmpty();
    } catch (RedisStore.Down e) {
      return false;
    }
  }

  private void flushQuietly() {
    try {
      flushed();
    } catch (RuntimeException e) {
      // Retried in a second; the read path checks again before it trusts the cache.
    }
  }

  /** Invalidations not yet written to Redis. */
  public int pendingInvalidations() {
    return pending.size();
  }

  @Override
  public void close() {
    retry.shutdownNow();
  }
}

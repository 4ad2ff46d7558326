package org.certhub.exchange.web;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A small read-through cache for reference data read on every request (matters, licence types): values are reused
 * for at most {@code freshFor}, so a change made by another hub instance on the shared database shows within that
 * time, and {@link #clear()} makes a local change show at once. Bounded: cleared when full.
 */
public final class FreshCache<K, V> {
  private record Entry<V>(Optional<V> value, long loadedAt) {}

  private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final long freshForNanos;
  private final int maxEntries;

  public FreshCache(Duration freshFor, int maxEntries) {
    this.freshForNanos = freshFor.toNanos();
    this.maxEntries = maxEntries;
  }

  /** The cached value if still fresh, else what {@code load} returns now (absent values are cached too). */
  public Optional<V> get(K key, Function<K, Optional<V>> load) {
    long now = System.nanoTime();
    Entry<V> e = entries.get(key);
    if (e != null && now - e.loadedAt() < freshForNanos) {
      return e.value();
    }
    Optional<V> v = load.apply(key);
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.put(key, new Entry<>(v, now));
    return v;
  }

  /** Forgets everything (after a local write). */
  public void clear() {
    entries.clear();
  }
}

package org.certhub.exchange.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replay guard of a single hub instance: keys in memory until they expire. Bounded: when {@code maxKeys} live
 * keys are held it refuses to answer ({@link ReplayGuard.Unavailable}) rather than forget a live key, which would
 * let a replay through.
 */
public final class InProcessReplayGuard implements ReplayGuard {
  private record Seen(String owner, long expiresAtMillis) {}

  private final int maxKeys;
  private final Clock clock;
  // Insertion order; expired keys are dropped from the head (ttls are similar, so the head expires first) and on lookup.
  private final LinkedHashMap<String, Seen> keys = new LinkedHashMap<>();

  public InProcessReplayGuard(int maxKeys, Clock clock) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be >= 1, but was: " + maxKeys);
    }
    this.maxKeys = maxKeys;
    this.clock = clock;
  }

  @Override
  public boolean firstSeen(String key, Duration ttl) {
    return record(key, null, ttl);
  }

  @Override
  public boolean claim(String key, String owner, Duration ttl) {
    return record(key, java.util.Objects.requireNonNull(owner, "owner"), ttl);
  }

  private synchronized boolean record(String key, String owner, Duration ttl) {
    long now = clock.millis();
    dropExpiredHead(now);
    Seen seen = keys.get(key);
    if (seen != null && seen.expiresAtMillis() > now) {
      return owner != null && owner.equals(seen.owner());
    }
    if (seen == null && keys.size() >= maxKeys) {
      purge(now);
      if (keys.size() >= maxKeys) {
        throw new Unavailable("the in-process replay guard holds " + maxKeys + " live keys and cannot take more", null);
      }
    }
    keys.remove(key);
    keys.put(key, new Seen(owner, now + Math.max(1, ttl.toMillis())));
    return true;
  }

  private void dropExpiredHead(long now) {
    for (Iterator<Seen> it = keys.values().iterator(); it.hasNext(); ) {
      if (it.next().expiresAtMillis() > now) {
        return;
      }
      it.remove();
    }
  }

  private void purge(long now) {
    for (Iterator<Map.Entry<String, Seen>> it = keys.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue().expiresAtMillis() <= now) {
        it.remove();
      }
    }
  }

  /** How many keys are held (expired ones included until purged). */
  public synchronized int size() {
    return keys.size();
  }
}

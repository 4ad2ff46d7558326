package org.certhub.adapters.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the hub uses its Redis.
 *
 * @param url {@code redis://[user:password@]host:port[/db]} or {@code rediss://} for TLS
 * @param timeout connect and read timeout of one command: short, because a slow Redis must not stall pulls
 * @param retryAfter how long after a failure the hub works without Redis before trying it again
 * @param cacheTtl how long a licence view stays cached; also the bound on a stale entry if an invalidation could not
 *     reach Redis at all (see docs/redis.md)
 * @param tombstoneTtl how long an invalidated key refuses to be filled again (longer than any read of the database)
 * @param keyPrefix what every key starts with, so several hubs (or tests) can share one Redis
 */
public record RedisSettings(URI url, Duration timeout, Duration retryAfter, Duration cacheTtl, Duration tombstoneTtl, String keyPrefix) {
  public RedisSettings {
    Objects.requireNonNull(url, "url");
    if (!"redis".equals(url.getScheme()) && !"rediss".equals(url.getScheme())) {
      throw new IllegalArgumentException("certhub.redis.url must be redis://host:port or rediss://host:port, but was: " + redacted(url));
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("certhub.redis.url names no host: " + redacted(url));
    }
    for (Duration d : new Duration[] {timeout, retryAfter, cacheTtl, tombstoneTtl}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("Redis durations must be positive, but one was: " + d);
      }
    }
    Objects.requireNonNull(keyPrefix, "keyPrefix");
  }

  /** The defaults for a URL: 1 s timeout, retry after 1 s, views cached 60 s, tombstones 30 s, keys under {@code certhub:}. */
  public static RedisSettings of(String url) {
    return new RedisSettings(URI.create(url.strip()), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(60),
        Duration.ofSeconds(30), "certhub:");
  }

  /** The URL without its password, for logs and health details. */
  public String where() {
    return redacted(url);
  }

  static String redacted(URI url) {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + (url.getPath() == null ? "" : url.getPath());
  }
}

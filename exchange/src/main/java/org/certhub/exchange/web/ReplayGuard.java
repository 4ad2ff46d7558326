package org.certhub.exchange.web;

import java.time.Duration;

/**
 * Port: remembers keys (presentation digests, request signatures) for a while, so the same one seen twice can be
 * refused. In-process by default ({@link InProcessReplayGuard}); a shared store (Redis) makes every hub instance
 * see what the others saw.
 */
public interface ReplayGuard {

  /**
   * Records {@code key} for {@code ttl}, atomically.
   *
   * @return true the first time; false if the key was recorded before and has not expired
   * @throws Unavailable when the guard cannot say (its store is unreachable or full): callers decide whether to fail
   *     closed
   */
  boolean firstSeen(String key, Duration ttl);

  /**
   * Claims {@code key} for {@code owner} for {@code ttl}, atomically: the first claim wins, and later claims by the
   * same owner are allowed again (a clerk scanning the same code twice), claims by anyone else are not.
   *
   * @return true if {@code owner} holds the key now; false if another owner claimed it first
   * @throws Unavailable as {@link #firstSeen}
   */
  boolean claim(String key, String owner, Duration ttl);

  /** The guard's store cannot answer; nothing was recorded. */
  final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

package org.certhub.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.certhub.exchange.web.InProcessRateLimits;
import org.certhub.exchange.web.ReplayGuard;
import org.certhub.testkit.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * The adapter against a real redis-server this class starts (and stops and restarts mid-test): the limiter's
 * atomicity under concurrent threads and across two "instances", cache invalidation and its tombstones, the replay
 * guard, and what each does while Redis is down and after it is back.
 */
class RedisAdapterTest {
  static RedisServer server;
  static RedisClient raw;
  final List<AutoCloseable> closing = new ArrayList<>();
  String prefix;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
    raw = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", server.port())).build();
  }

  @AfterAll
  static void stopRedis() {
    raw.close();
    server.close();
  }

  @BeforeEach
  void freshPrefix() {
    prefix = "test" + System.nanoTime() + ":";
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  /** One hub instance's store: short timeouts and retry so the down/up tests run fast. */
  RedisStore instance() {
    RedisStore s = new RedisStore(new RedisSettings(URI.create(server.url()), Duration.ofMillis(300), Duration.ofMillis(200),
        Duration.ofSeconds(60), Duration.ofSeconds(30), prefix));
    closing.add(s);
    return s;
  }

  @Test
  void limiter_underConcurrentThreads_neverHandsOutMoreThanTheBudget() throws Exception {
    // 20 at once, then practically no refill during the test: exactly 20 of 400 concurrent requests may pass.
    RedisRateLimits limits = new RedisRateLimits(instance(), new InProcessRateLimits(0.001, 20, Clock.systemUTC()));
    assertThat(hammer(8, 50, () -> limits.acquire("D1|M1"))).isEqualTo(20);
    Optional<Duration> refused = limits.acquire("D1|M1");
    assertThat(refused).as("a spent budget says how long to wait").isPresent();
    assertThat(refused.get()).isGreaterThan(Duration.ofSeconds(10));
    assertThat(limits.acquire("D1|M2")).as("another matter has its own budget").isEmpty();
  }

  @Test
  void limiter_twoInstances_shareOneBudget() throws Exception {
    InProcessRateLimits numbers = new InProcessRateLimits(0.001, 10, Clock.systemUTC());
    RedisRateLimits a = new RedisRateLimits(instance(), numbers);
    RedisRateLimits b = new RedisRateLimits(instance(), new InProcessRateLimits(0.001, 10, Clock.systemUTC()));
    AtomicInteger turn = new AtomicInteger();
    int passed = hammer(6, 20, () -> (turn.incrementAndGet() % 2 == 0 ? a : b).acquire("D|M"));
    assertThat(passed).as("two instances, one budget of 10").isEqualTo(10);
    assertThat(raw.exists(prefix + "ratelimit:D|M")).isTrue();
    assertThat(raw.pttl(prefix + "ratelimit:D|M")).as("idle buckets expire").isPositive();
  }

  @Test
  void limiter_refillsAtTheConfiguredRate() throws Exception {
    RedisRateLimits limits = new RedisRateLimits(instance(), new InProcessRateLimits(2, 1, Clock.systemUTC()));
    assertThat(limits.acquire("k")).isEmpty();
    Optional<Duration> wait = limits.acquire("k");
    assertThat(wait).isPresent();
    assertThat(wait.get()).isLessThanOrEqualTo(Duration.ofMillis(500)).isPositive();
    Thread.sleep(wait.get().toMillis() + 50);
    assertThat(limits.acquire("k")).as("a token is back after the wait it named").isEmpty();
  }

  @Test
  void cache_invalidation_dropsTheEntry_andATombstoneStopsAStaleFill() {
    RedisStore store = instance();
    RedisLicenceCache a = new RedisLicenceCache(store);
    RedisLicenceCache b = new RedisLicenceCache(instance());
    closing.add(a);
    closing.add(b);
    a.putIfAbsent("view:L1", "valid");
    assertThat(b.get("view:L1")).as("filled by one instance, read by another").contains("valid");
    b.putIfAbsent("view:L1", "other");
    assertThat(a.get("view:L1")).as("a fill never overwrites").contains("valid");

    a.invalidate(List.of("view:L1"));
    assertThat(b.get("view:L1")).as("invalidated on one instance: gone for all at once").isEmpty();
    // A reader on b that loaded the row before the change tries to put the old state back: refused.
    b.putIfAbsent("view:L1", "valid");
    assertThat(a.get("view:L1")).isEmpty();
    assertThat(raw.get(prefix + "licence:view:L1")).isEqualTo(RedisLicenceCache.TOMBSTONE);
    assertThat(raw.pttl(prefix + "licence:view:L1")).isBetween(1L, 30_000L);
    a.putIfAbsent("view:L2", "x");
    assertThat(raw.pttl(prefix + "licence:view:L2")).as("entries expire").isBetween(1L, 60_000L);
  }

  @Test
  void cache_invalidationThatCannotReachRedis_isWrittenBeforeTheCacheIsUsedAgain() throws Exception {
    RedisLicenceCache a = new RedisLicenceCache(instance());
    closing.add(a);
    a.putIfAbsent("view:L9", "valid");
    assertThat(a.get("view:L9")).contains("valid");
    // Redis stops answering (paused: it keeps its data, as after a network partition) while the licence is revoked.
    Thread pauser = new Thread(() -> raw.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "PAUSE", "1500", "ALL"));
    pauser.start();
    pauser.join();
    long t0 = System.nanoTime();
    a.invalidate(List.of("view:L9"));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("a revoke is not held up by a dead Redis").isLessThan(Duration.ofSeconds(2));
    assertThat(a.pendingInvalidations()).isEqualTo(1);
    assertThat(a.get("view:L9")).as("while the invalidation is pending the cache is bypassed").isEmpty();
    // Once Redis answers again the tombstone is written (by the retry or the next use) before any read is served.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (a.pendingInvalidations() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(a.pendingInvalidations()).isZero();
    assertThat(raw.get(prefix + "licence:view:L9")).isEqualTo(RedisLicenceCache.TOMBSTONE);
    assertThat(a.get("view:L9")).isEmpty();
  }

  @Test
  void replayGuard_firstSeenOnce_claimsByOwner_andExactlyOneConcurrentWinner() throws Exception {
    RedisReplayGuard a = new RedisReplayGuard(instance());
    RedisReplayGuard b = new RedisReplayGuard(instance());
    assertThat(a.firstSeen("sig:k1", Duration.ofSeconds(30))).isTrue();
    assertThat(b.firstSeen("sig:k1", Duration.ofSeconds(30))).as("seen by another instance").isFalse();
    assertThat(raw.pttl(prefix + "replay:sig:k1")).isBetween(1L, 30_000L);

    assertThat(a.claim("qr:p1", "DEPT-A", Duration.ofSeconds(30))).isTrue();
    assertThat(b.claim("qr:p1", "DEPT-A", Duration.ofSeconds(30))).as("the same verifier again").isTrue();
    assertThat(b.claim("qr:p1", "DEPT-B", Duration.ofSeconds(30))).as("another verifier").isFalse();

    assertThat(hammer(8, 1, () -> a.firstSeen("sig:race", Duration.ofSeconds(30)) ? Optional.empty() : Optional.of(Duration.ZERO)))
        .as("one winner among concurrent first sightings").isEqualTo(1);

    assertThat(a.firstSeen("sig:short", Duration.ofMillis(100))).isTrue();
    Thread.sleep(250);
    assertThat(a.firstSeen("sig:short", Duration.ofMillis(100))).as("expired keys are forgotten").isTrue();
  }

  @Test
  void redisDown_limiterFallsBackToLocal_guardIsUnavailable_cacheMisses_andAllRecoverWithoutRestart() throws Exception {
    RedisStore store = instance();
    RedisRateLimits limits = new RedisRateLimits(store, new InProcessRateLimits(0.001, 3, Clock.systemUTC()));
    RedisReplayGuard guard = new RedisReplayGuard(store);
    RedisLicenceCache cache = new RedisLicenceCache(store);
    closing.add(cache);
    RedisHealth health = new RedisHealth(store, cache);
    assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
    cache.putIfAbsent("view:X", "v");
    assertThat(limits.acquire("D|M")).isEmpty();

    server.stop();
    try {
      long t0 = System.nanoTime();
      // The in-process bucket (3) takes over: requests go on, and are still limited.
      assertThat(limits.acquire("D|M")).isEmpty();
      assertThat(limits.acquire("D|M")).isEmpty();
      assertThat(limits.acquire("D|M")).isEmpty();
      assertThat(limits.acquire("D|M")).isPresent();
      assertThat(cache.get("view:X")).isEmpty();
      assertThatThrownBy(() -> guard.firstSeen("sig:down", Duration.ofSeconds(30))).isInstanceOf(ReplayGuard.Unavailable.class);
      assertThatThrownBy(() -> guard.claim("qr:down", "D", Duration.ofSeconds(30))).isInstanceOf(ReplayGuard.Unavailable.class);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("no long timeouts while down").isLessThan(Duration.ofSeconds(3));
      assertThat(health.health().getStatus()).isEqualTo(RedisHealth.DEGRADED);
      assertThat(store.isDown()).isTrue();
    } finally {
      server.restart();
      raw.close();
      raw = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", server.port())).build();
    }

    // Back, empty (no persistence): within the breaker's retry time everything uses Redis again, no restart of ours.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    boolean back = false;
    while (!back && System.nanoTime() < deadline) {
      Thread.sleep(100);
      try {
        back = guard.firstSeen("sig:after", Duration.ofSeconds(30));
      } catch (ReplayGuard.Unavailable e) {
        // the breaker has not retried yet
      }
    }
    assertThat(back).isTrue();
    assertThat(guard.firstSeen("sig:after", Duration.ofSeconds(30))).isFalse();
    assertThat(limits.acquire("D|M")).as("the shared bucket (fresh after the restart) is used again").isEmpty();
    assertThat(raw.exists(prefix + "ratelimit:D|M")).isTrue();
    cache.putIfAbsent("view:X", "v2");
    assertThat(cache.get("view:X")).contains("v2");
    assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
  }

  /** Runs {@code perThread} calls on each of {@code threads} threads released together; counts the allowed ones. */
  private static int hammer(int threads, int perThread, Callable<Optional<Duration>> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> {
          go.await();
          int ok = 0;
          for (int i = 0; i < perThread; i++) {
            if (call.call().isEmpty()) {
              ok++;
            }
          }
          return ok;
        }));
      }
      go.countDown();
      int total = 0;
      for (Future<Integer> f : results) {
        total += f.get();
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }
}

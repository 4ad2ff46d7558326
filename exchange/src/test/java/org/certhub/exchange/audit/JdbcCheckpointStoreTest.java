package org.certhub.exchange.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.certhub.exchange.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The shared checkpoint row: first insert wins, updates only from the expected value, per origin. */
class JdbcCheckpointStoreTest {
  private final JdbcClient jdbc = TestDatabases.migrated();

  @Test
  void compareAndSet_insertsOnce_thenSwapsOnlyFromTheExpectedNote() throws Exception {
    JdbcCheckpointStore store = new JdbcCheckpointStore(jdbc, "log/a", Clock.systemUTC());
    assertThat(store.latest()).isEmpty();
    assertThat(store.compareAndSet(null, "c1")).isTrue();
    assertThat(store.compareAndSet(null, "other")).as("a second first insert").isFalse();
    assertThat(store.compareAndSet("stale", "c2")).isFalse();
    assertThat(store.latest()).hasValue("c1");
    assertThat(store.compareAndSet("c1", "c2")).isTrue();
    assertThat(store.latest()).hasValue("c2");
    assertThat(new JdbcCheckpointStore(jdbc, "log/b", Clock.systemUTC()).latest()).as("another origin").isEmpty();
  }

  @Test
  void racingWriters_exactlyOneSwapWins() throws Exception {
    JdbcCheckpointStore store = new JdbcCheckpointStore(jdbc, "log/race", Clock.systemUTC());
    store.compareAndSet(null, "base");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String next = "next-" + i;
        results.add(pool.submit((Callable<Boolean>) () -> store.compareAndSet("base", next)));
      }
      int wins = 0;
      for (Future<Boolean> f : results) {
        wins += f.get() ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
      assertThat(store.latest().orElseThrow()).startsWith("next-");
    } finally {
      pool.shutdownNow();
    }
  }
}

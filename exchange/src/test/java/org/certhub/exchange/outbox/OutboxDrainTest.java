package org.certhub.exchange.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import org.certhub.exchange.subscription.Event;
import org.certhub.testkit.Await;
import org.junit.jupiter.api.Test;

/** The drain loop on in-memory rows and scripted sinks: claims, backoff, no row lost to a failing sink, stop. */
class OutboxDrainTest {
  static final Duration MS = Duration.ofMillis(1);

  /** Outbox rows in memory, claimed under a lease as the database tables are. */
  static final class Rows implements OutboxClaims {
    static final class Row {
      final Event event;
      String claim;
      Instant until;
      boolean done;
      String refusal;
      int attempts;

      Row(Event event) {
        this.event = event;
      }
    }

    final Map<String, Row> rows = new LinkedHashMap<>();

    Rows(int n) {
      for (int i = 0; i < n; i++) {
        Event e = new Event("evt-" + i, "licence.issued", Instant.EPOCH, "hk", "A0001", "{}");
        rows.put(e.id(), new Row(e));
      }
    }

    @Override
    public synchronized int claim(String token, Instant now, Instant until, int limit) {
      int n = 0;
      for (Row r : rows.values()) {
        if (n < limit && !r.done && (r.claim == null || r.until.isBefore(now))) {
          r.claim = token;
          r.until = until;
          n++;
        }
      }
      return n;
    }

    @Override
    public synchronized List<Event> claimed(String token) {
      return rows.values().stream().filter(r -> token.equals(r.claim)).map(r -> r.event).toList();
    }

    @Override
    public synchronized boolean done(String eventId, String token, Instant at, String refusal) {
      Row r = rows.get(eventId);
      if (!token.equals(r.claim)) {
        return false;
      }
      r.done = true;
      r.refusal = refusal;
      r.claim = null;
      return true;
    }

    @Override
    public synchronized void failed(String eventId, String token, String error) {
      Row r = rows.get(eventId);
      if (token.equals(r.claim)) {
        r.attempts++;
      }
    }

    @Override
    public synchronized void release(String token) {
      rows.values().stream().filter(r -> token.equals(r.claim) && !r.done).forEach(r -> r.claim = null);
    }

    synchronized long pending() {
      return rows.values().stream().filter(r -> !r.done).count();
    }

    synchronized long claimedNow() {
      return rows.values().stream().filter(r -> r.claim != null).count();
    }
  }

  /** Records what the loop tells its owner. */
  static final class Recorder implements OutboxDrain.Listener {
    final List<String> log = new CopyOnWriteArrayList<>();

    @Override
    public void passed(int delivered) {
      log.add("passed");
    }

    @Override
    public void failed(Exception failure, Duration pause) {
      log.add("failed " + pause.toMillis());
    }
  }

  static OutboxDrain.Settings settings(Duration minBackoff, Duration maxBackoff) {
    return new OutboxDrain.Settings(MS, 10, minBackoff, maxBackoff, Duration.ofMinutes(1));
  }

  /** A sink whose prepare fails on the calls {@code failsOn} picks (counted in {@code calls}); it delivers every row. */
  static OutboxSink<IOException> preparing(IntPredicate failsOn, AtomicInteger calls) {
    return new OutboxSink<>() {
      @Override
      public void prepare() throws IOException {
        int call = calls.incrementAndGet();
        if (failsOn.test(call)) {
          throw new IOException("down " + call);
        }
      }

      @Override
      public void deliver(List<Event> batch, Receipts receipts) {
        batch.forEach(e -> receipts.done(e, null));
      }
    };
  }

  @Test
  void pass_deliversInOrder_closesEachRow_andPassesRefusalsOn() throws IOException {
    Rows rows = new Rows(3);
    List<String> seen = new ArrayList<>();
    OutboxSink<IOException> sink = (batch, receipts) -> {
      for (Event e : batch) {
        seen.add(e.id());
        receipts.done(e, e.id().equals("evt-1") ? "NOT_ISSUER: refused" : null);
      }
    };
    OutboxDrain<IOException> drain = new OutboxDrain<>("test-drain", rows, sink, settings(MS, MS), Clock.systemUTC());

    assertThat(drain.pass()).isEqualTo(3);

    assertThat(seen).containsExactly("evt-0", "evt-1", "evt-2");
    assertThat(rows.pending()).isZero();
    assertThat(rows.rows.get("evt-1").refusal).isEqualTo("NOT_ISSUER: refused");
    assertThat(rows.rows.get("evt-0").refusal).isNull();
    assertThat(drain.pass()).as("nothing left to claim").isZero();
  }

  @Test
  void pass_sinkFailsMidBatch_keepsTheFailedRowAndTheRestPendingAndReleased() throws IOException {
    Rows rows = new Rows(5);
    OutboxSink<IOException> failsOnThird = (batch, receipts) -> {
      for (Event e : batch) {
        if (e.id().equals("evt-2")) {
          receipts.failed(e, "IOException: down");
          throw new IOException("down");
        }
        receipts.done(e, null);
      }
    };
    OutboxDrain<IOException> drain = new OutboxDrain<>("test-drain", rows, failsOnThird, settings(MS, MS), Clock.systemUTC());

    assertThatThrownBy(drain::pass).isInstanceOf(IOException.class).hasMessage("down");

    assertThat(rows.pending()).isEqualTo(3);
    assertThat(rows.claimedNow()).as("the claim is given back").isZero();
    assertThat(rows.rows.get("evt-2").attempts).isEqualTo(1);
    assertThat(rows.rows.get("evt-3").attempts).as("the batch stopped at the failure").isZero();
    OutboxSink<IOException> works = (batch, receipts) -> batch.forEach(e -> receipts.done(e, null));
    assertThat(new OutboxDrain<>("test-drain", rows, works, settings(MS, MS), Clock.systemUTC()).pass()).isEqualTo(3);
    assertThat(rows.pending()).isZero();
  }

  @Test
  void pass_rowTakenOverByAnotherRelay_isNotCounted() throws IOException {
    Rows rows = new Rows(2);
    OutboxSink<IOException> sink = (batch, receipts) -> {
      rows.rows.get("evt-0").claim = "another relay"; // our lease ran out and another relay claimed the row
      for (Event e : batch) {
        receipts.done(e, null);
      }
    };

    assertThat(new OutboxDrain<>("test-drain", rows, sink, settings(MS, MS), Clock.systemUTC()).pass()).isEqualTo(1);
  }

  @Test
  void run_backoffDoublesUpToMax_andStartsAgainAfterASuccess() throws Exception {
    // Passes 1-5 and 7-8 fail; 6 and 9 on succeed.
    OutboxSink<IOException> sink = preparing(call -> call <= 5 || call == 7 || call == 8, new AtomicInteger());
    Recorder recorder = new Recorder();
    try (OutboxDrain<IOException> drain = new OutboxDrain<>("test-drain", new Rows(0), sink,
        settings(Duration.ofMillis(2), Duration.ofMillis(16)), Clock.systemUTC(), recorder).start()) {
      await(() -> recorder.log.size() >= 9, "nine passes");
    }

    assertThat(recorder.log.subList(0, 9)).containsExactly(
        "failed 2", "failed 4", "failed 8", "failed 16", "failed 16", "passed", "failed 2", "failed 4", "passed");
  }

  @Test
  void run_failingSink_neverLosesARow() throws Exception {
    Rows rows = new Rows(40);
    AtomicInteger tries = new AtomicInteger();
    List<String> delivered = new CopyOnWriteArrayList<>();
    OutboxSink<IOException> flaky = (batch, receipts) -> {
      for (Event e : batch) {
        if (tries.incrementAndGet() % 4 == 0) {
          receipts.failed(e, "IOException: flaky");
          throw new IOException("flaky");
        }
        delivered.add(e.id());
        receipts.done(e, null);
      }
    };
    Recorder recorder = new Recorder();
    try (OutboxDrain<IOException> drain = new OutboxDrain<>("test-drain", rows, flaky, settings(MS, Duration.ofMillis(4)),
        Clock.systemUTC(), recorder).start()) {
      await(() -> rows.pending() == 0, "every row delivered");
    }

    assertThat(delivered).as("each row delivered once, in order").containsExactlyElementsOf(rows.rows.keySet());
    assertThat(recorder.log).contains("failed 1");
    assertThat(rows.rows.values().stream().mapToInt(r -> r.attempts).sum()).isEqualTo(recorder.log.stream()
        .filter(l -> l.startsWith("failed")).count());
    assertThat(rows.claimedNow()).isZero();
  }

  @Test
  void close_duringALongBackoff_endsTheLoopAtOnce() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    OutboxSink<IOException> down = preparing(call -> true, calls);
    OutboxDrain<IOException> drain = new OutboxDrain<>("test-drain", new Rows(1), down,
        settings(Duration.ofHours(1), Duration.ofHours(1)), Clock.systemUTC()).start();
    await(() -> calls.get() == 1, "the first pass failed");

    long start = System.nanoTime();
    drain.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(drain.alive()).isFalse();
    assertThat(calls).hasValue(1);
    drain.start(); // a closed drain does not start again
    assertThat(drain.alive()).isFalse();
  }

  @Test
  void next_doublesButNeverExceedsTheMaximum() {
    assertThat(OutboxDrain.next(Duration.ofMillis(500), Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(1));
    assertThat(OutboxDrain.next(Duration.ofSeconds(20), Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    assertThat(OutboxDrain.next(Duration.ofSeconds(30), Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Await.until(condition, Duration.ofSeconds(30), what);
  }
}

package org.certhub.exchange.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.certhub.exchange.subscription.Event;

/**
 * Drains outbox rows into a sink, at least once, on one daemon thread: a pass claims a batch ({@link OutboxClaims}),
 * hands it to the {@link OutboxSink}, which closes each row once it is durable there, and gives back what is left of
 * the claim. A pass that delivered less than a full batch waits {@code interval}; a failed pass waits a backoff that
 * starts at {@code minBackoff}, doubles up to {@code maxBackoff} and starts again after the next pass that succeeds.
 * The rows of a failed pass stay pending, so a failing sink never loses one. {@link #close()} ends the loop.
 *
 * @param <X> the sink's checked failure
 */
public final class OutboxDrain<X extends Exception> implements AutoCloseable {
  /**
   * @param interval pause between passes when less than a full batch was pending
   * @param batchSize rows claimed per pass
   * @param minBackoff first pause after a failed pass, doubled up to {@code maxBackoff}
   * @param lease how long a claim keeps other instances off its rows; longer than a pass can take
   */
  public record Settings(Duration interval, int batchSize, Duration minBackoff, Duration maxBackoff, Duration lease) {
    public Settings {
      Objects.requireNonNull(interval, "interval");
      Objects.requireNonNull(minBackoff, "minBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      Objects.requireNonNull(lease, "lease");
    }
  }

  /** What the drain's thread tells its owner after each pass (for health and logs). Nothing by default. */
  public interface Listener {
    /** A pass succeeded, closing {@code delivered} rows. */
    default void passed(int delivered) {}

    /** A pass failed with {@code failure}; the loop now waits {@code pause} (while the drain runs). */
    default void failed(Exception failure, Duration pause) {}
  }

  private final OutboxClaims rows;
  private final OutboxSink<X> sink;
  private final Settings settings;
  private final Clock clock;
  private final Listener listener;
  private final Thread thread;
  private volatile boolean running = true;

  /** A drain, not yet started, that tells nobody about its passes. */
  public OutboxDrain(String threadName, OutboxClaims rows, OutboxSink<X> sink, Settings settings, Clock clock) {
    this(threadName, rows, sink, settings, clock, new Listener() {});
  }

  /**
   * A drain, not yet started.
   *
   * @param threadName the name of its thread
   */
  public OutboxDrain(String threadName, OutboxClaims rows, OutboxSink<X> sink, Settings settings, Clock clock, Listener listener) {
    this.rows = Objects.requireNonNull(rows, "rows");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.thread = new Thread(this::run, threadName);
    this.thread.setDaemon(true);
  }

  /** Starts the drain's thread (once; later calls do nothing). */
  public synchronized OutboxDrain<X> start() {
    if (thread.getState() == Thread.State.NEW) {
      thread.start();
    }
    return this;
  }

  private void run() {
    Duration backoff = settings.minBackoff();
    while (running) {
      try {
        int n = pass();
        backoff = settings.minBackoff();
        listener.passed(n);
        if (n < settings.batchSize()) {
          sleep(settings.interval());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        if (!running) {
          return;
        }
        listener.failed(e, backoff);
        try {
          sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff = next(backoff, settings.maxBackoff());
      }
    }
  }

  /** The backoff after {@code backoff}: twice as long, but no longer than {@code max}. */
  static Duration next(Duration backoff, Duration max) {
    Duration twice = backoff.multipliedBy(2);
    return twice.compareTo(max) > 0 ? max : twice;
  }

  /**
   * One pass: lets the sink prepare, claims a batch, hands it to the sink and gives back what is left of the claim.
   *
   * @return how many rows the sink closed
   * @throws X when the sink failed; the row it failed on and the rest of the batch stay pending for the next pass
   */
  public int pass() throws X {
    sink.prepare();
    String token = UUID.randomUUID().toString();
    Instant now = clock.instant();
    if (rows.claim(token, now, now.plus(settings.lease()), settings.batchSize()) == 0) {
      return 0;
    }
    int[] done = {0};
    try {
      List<Event> batch = rows.claimed(token);
      sink.deliver(batch, new OutboxSink.Receipts() {
        @Override
        public boolean done(Event event, String refusal) {
          boolean closed = rows.done(event.id(), token, clock.instant(), refusal);
          if (closed) {
            done[0]++;
          }
          return closed;
        }

        @Override
        public void failed(Event event, String error) {
          rows.failed(event.id(), token, error);
        }
      });
      return done[0];
    } finally {
      rows.release(token);
    }
  }

  /** Whether the drain's thread is running. */
  boolean alive() {
    return thread.isAlive();
  }

  private void sleep(Duration d) throws InterruptedException {
    long until = System.nanoTime() + d.toNanos();
    while (running && System.nanoTime() < until) {
      Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
    }
  }

  /** Stops the loop and waits (up to 10 s) for the pass in flight to end. */
  @Override
  public void close() {
    // No interrupt: it would close an embedded H2's file channel under a JDBC call. The sleeps poll `running`.
    running = false;
    if (thread.isAlive()) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

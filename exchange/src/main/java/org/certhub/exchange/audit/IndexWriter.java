package org.certhub.exchange.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit index rows off the request path, in batches of one transaction each. The ledger entry is durable
 * before a request answers; the index is derived from it, so it need not hold the request up. Readers call
 * {@link #awaitIndexed()} first and see everything recorded before they asked. A failed batch is logged: its
 * entries are in the ledger and are indexed at the next start ({@link AccessLog#reindex()}).
 */
final class IndexWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IndexWriter.class);
  private static final int BATCH = 500;
  private final AuditIndex index;
  private final LinkedBlockingQueue<AuditIndex.Row> queue = new LinkedBlockingQueue<>();
  private final Object lock = new Object();
  private long enqueued; // guarded by lock
  private long processed; // guarded by lock
  private volatile boolean closed;
  private final Thread thread;

  IndexWriter(AuditIndex index) {
    this.index = index;
    this.thread = new Thread(this::run, "audit-index");
    thread.setDaemon(true);
    thread.start();
  }

  void add(AuditIndex.Row row) {
    synchronized (lock) {
      enqueued++;
      queue.add(row);
    }
  }

  /** Waits (at most 10 s) until every row added before this call is written or has failed. */
  void awaitIndexed() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    synchronized (lock) {
      long target = enqueued;
      while (processed < target && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          log.warn("audit index is {} row(s) behind after 10 s; answering from what is indexed", target - processed);
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void run() {
    List<AuditIndex.Row> batch = new ArrayList<>(BATCH);
    while (!closed || !queue.isEmpty()) {
      try {
        AuditIndex.Row first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        index.addAll(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("{} ledger entries are durable but could not be indexed; they will be at the next start", batch.size(), e);
      } finally {
        synchronized (lock) {
          processed += batch.size();
          lock.notifyAll();
        }
        batch.clear();
      }
    }
  }

  /** Writes what is queued, then stops. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      lock.notifyAll();
    }
  }
}

package org.certhub.ledger.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.certhub.ledger.LedgerException;
import org.certhub.ledger.LedgerFailureException;

/**
 * The durable write-ahead log: one append-only file {@code <dir>/journal.log} of framed records
 * (see {@link RecordFile} for the format and the recovery rules), written with group commit.
 *
 * <p>One writer thread takes every append queued so far, writes them with one write, forces the
 * file to disk once ({@link java.nio.channels.FileChannel#force(boolean)}), and only then
 * completes their futures, in order, with their indices. Under load many appends share one force.
 * When nothing is queued or being committed and the last commit saw no other appender, the appending
 * thread commits its own entry instead: a lone appender then costs one write and one force, without
 * two thread hand-offs around it.
 *
 * <p>Thread-safety: all methods may be called from any thread.
 */
public final class Journal implements AutoCloseable {

  /** The largest entry, in bytes: C2SP tlog-tiles entry bundles use uint16 lengths. */
  public static final int MAX_ENTRY_SIZE = RecordFile.MAX_PAYLOAD;

  /** The name of the journal file inside the journal directory. */
  public static final String FILE_NAME = "journal.log";

  private static final Pending CLOSE = new Pending(new byte[0], new CompletableFuture<>());

  private final RecordFile file;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Runnable beforeBatch;
  private final Thread writer;
  private final Object stateLock = new Object();
  private boolean closed; // guarded by stateLock
  private long queued; // appends handed to the writer thread; guarded by stateLock
  private volatile long handled; // of those, how many the writer has committed or failed
  /** Held by whoever commits (the writer thread or an appender committing inline); orders the file. */
  private final java.util.concurrent.locks.ReentrantLock commitLock = new java.util.concurrent.locks.ReentrantLock();
  private final boolean inlineCommits;
  /** Appenders seen at the last commit, its batch plus those queued meanwhile; written holding the commit lock. */
  private volatile int concurrency = 1;
  private long lastCommitNanos; // writer thread only
  private static final System.Logger LOG = System.getLogger(Journal.class.getName());
  private volatile Exception failure;
  private long failedAtNanos;
  /** How long a failed journal waits before it tries to recover (disk full, storage briefly gone). */
  static final long RETRY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

  private Journal(RecordFile file, Runnable beforeBatch, boolean inlineCommits) {
    this.file = file;
    this.beforeBatch = beforeBatch;
    this.inlineCommits = inlineCommits;
    this.writer = new Thread(this::writeLoop, "journal-writer " + file.path());
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /**
   * Opens the journal in {@code dir} (created if missing), recovering from a crash.
   *
   * <p>Recovery scans every record. A torn tail (an incomplete final record, or a bad CRC on the
   * final record) is truncated away: such a record was never acknowledged, because its future
   * could not have completed before the force that would have made it whole. A record with a bad
   * CRC followed by a valid record is corruption and is reported, not repaired.
   *
   * @param dir the journal directory
   * @return the open journal
   * @throws JournalCorruptionException naming the record number and byte offset, if the journal is
   *     corrupt
   * @throws LedgerException if the file cannot be created, read, locked or repaired
   */
  public static Journal open(Path dir) throws LedgerException {
    return open(dir, null);
  }

  /**
   * Test hook: {@code beforeBatch} runs on the writer thread after it takes the first append; with a hook,
   * every append goes through the writer thread (no inline commits), so a test can hold the writer.
   */
  static Journal open(Path dir, Runnable beforeBatch) throws LedgerException {
    Objects.requireNonNull(dir, "dir");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new LedgerException("cannot create journal directory " + dir + ": " + e, e);
    }
    return new Journal(
        RecordFile.open(dir.resolve(FILE_NAME), "journal record"),
        beforeBatch == null ? () -> {} : beforeBatch,
        beforeBatch == null);
  }

  /**
   * Queues {@code entry} for appending and returns its future index.
   *
   * <p><b>Durability contract.</b>
   *
   * <ul>
   *   <li>The returned future MUST NOT complete normally before the entry's bytes, and those of
   *       every entry with a lower index, have been written and forced to stable storage with
   *       {@code FileChannel.force}. Callers MUST NOT treat an entry as logged (for example, MUST
   *       NOT release data whose access it records) before the future completes normally.
   *   <li>The future completes with the entry's 0-based index. Indices are contiguous and follow
   *       the order in which {@code append} calls were queued.
   *   <li>If writing or forcing fails, the futures of that batch complete exceptionally with a
   *       {@link LedgerException}, and so do those of later appends until the journal recovers: at
   *       most once a second it truncates the file back to the last forced record and forces that,
   *       then writes again. Bytes of a failed batch are never acknowledged, also not after recovery.
   *   <li>After {@link #close()}, the future completes exceptionally with {@link
   *       IllegalStateException}.
   *   <li>Identical entries are not deduplicated: each call appends a new record.
   * </ul>
   *
   * <p>Futures are completed on the writer thread, or, when the journal was idle, on the calling
   * thread before this method returns (the call then blocks for one force). Dependent stages
   * registered with non-async methods run there and MUST NOT block, or they stall every other append.
   *
   * @param entry the entry bytes, 1 to {@value #MAX_ENTRY_SIZE} bytes; copied
   * @return a future of the entry's index
   * @throws IllegalArgumentException if the entry is empty or larger than {@value
   *     #MAX_ENTRY_SIZE} bytes
   */
  public CompletableFuture<Long> append(byte[] entry) {
    Objects.requireNonNull(entry, "entry");
    if (entry.length == 0 || entry.length > MAX_ENTRY_SIZE) {
      throw new IllegalArgumentException(
          "entry length must be in [1, " + MAX_ENTRY_SIZE + "] bytes, but was: " + entry.length);
    }
    CompletableFuture<Long> future = new CompletableFuture<>();
    Pending pending = new Pending(entry.clone(), future);
    synchronized (stateLock) {
      if (closed) {
        future.completeExceptionally(
            new IllegalStateException("journal must be open to append, but was: closed"));
        return future;
      }
      // Inline only for a lone appender (the last commit saw nobody else), and only when every earlier append is
      // committed (queued == handled) and nobody commits now, so indices still follow the order of the calls.
      // With several appenders an inline commit would take one of them into an fsync of its own, ahead of the
      // batch the writer is gathering, and split each group commit in two.
      if (!(inlineCommits && concurrency <= 1 && queued == handled && commitLock.tryLock())) {
        queued++;
        queue.add(pending);
        return future;
      }
    }
    try {
      concurrency = commit(List.of(pending));
    } finally {
      commitLock.unlock();
    }
    return future;
  }

  /**
   * Returns the number of durable entries (those whose futures have completed or are completing).
   *
   * @return the journal size
   */
  public long size() {
    return file.size();
  }

  /**
   * Reads a durable entry, checking its CRC.
   *
   * @param index {@code 0 <= index < size()}
   * @return a fresh copy of the entry
   * @throws IllegalArgumentException if {@code index} is out of range
   * @throws IllegalStateException if the journal is closed
   * @throws LedgerFailureException if the file cannot be read or the record no longer matches its
   *     CRC (the cause says which)
   */
  public byte[] read(long index) {
    try {
      return file.read(index);
    } catch (LedgerException e) {
      throw new LedgerFailureException("cannot read journal record " + index, e);
    }
  }

  /**
   * Completes every queued append (each forced to disk), stops the writer thread and closes the
   * file. Later appends fail their futures with {@link IllegalStateException}. Idempotent.
   *
   * @throws LedgerFailureException if the file cannot be closed
   */
  @Override
  public void close() {
    synchronized (stateLock) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(CLOSE);
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    try {
      file.close();
    } catch (LedgerException e) {
      throw new LedgerFailureException("cannot close journal", e);
    }
  }

  /** Number of forces the writer has made; appends per force show how well group commit works. */
  public long forceCount() {
    return file.forceCount();
  }

  /** Bytes of torn tail removed at open; for tests of recovery. */
  long recoveredBytes() {
    return file.recoveredBytes();
  }

  private static final long SPIN_NANOS = 50_000;

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    while (true) {
      // Spin briefly before blocking: an appender woken by the last commit is usually back within tens of
      // microseconds, and catching it here saves the futex wake-up that blocking would cost on every append.
      Pending first = queue.poll();
      for (long until = System.nanoTime() + SPIN_NANOS; first == null && System.nanoTime() < until; first = queue.poll()) {
        Thread.onSpinWait();
      }
      try {
        if (first == null) {
          first = queue.take();
        }
      } catch (InterruptedException e) {
        // Nobody interrupts this private thread; if it happens, keep serving until CLOSE.
        continue;
      }
      if (first != CLOSE) {
        beforeBatch.run();
      }
      commitLock.lock();
      try {
        writeBatch(first, batch);
      } finally {
        commitLock.unlock();
      }
      if (first == CLOSE || batch.contains(CLOSE)) {
        return; // appends are refused once CLOSE is queued, so nothing follows it
      }
    }
  }

  /** On the writer thread, holding the commit lock: gathers a batch starting with {@code first} and commits it. */
  private void writeBatch(Pending first, List<Pending> batch) {
    batch.clear();
    batch.add(first);
    queue.drainTo(batch);
    // Group commit with a short linger (PostgreSQL's commit_delay idea): the appenders the last batch woke
    // are about to append again; waiting a fraction of one fsync for them lets the next fsync carry them
    // all. Without it, closed-loop appenders split into two groups that take turns, one fsyncing while
    // the other refills, and each fsync carries only half of them. The wait yields instead of blocking on the queue: a
    // blocked writer thread would cost each returning appender a futex wake-up, and on two cores that
    // CPU is what the returning appenders need.
    if (first != CLOSE && batch.size() < concurrency) {
      long linger = Math.max(20_000, Math.min(500_000, lastCommitNanos / 2));
      long deadline = System.nanoTime() + linger;
      while (batch.size() + queue.size() < concurrency && System.nanoTime() < deadline) {
        Thread.yield();
      }
      queue.drainTo(batch);
    }
    int stop = batch.indexOf(CLOSE);
    List<Pending> work = stop < 0 ? batch : batch.subList(0, stop);
    if (!work.isEmpty()) {
      long t0 = System.nanoTime();
      concurrency = commit(work);
      lastCommitNanos = System.nanoTime() - t0;
      handled += work.size();
    }
  }

  /** Writes and forces {@code work}, then completes it; returns its size plus the appends queued meanwhile. */
  private int commit(List<Pending> work) {
    if (failure != null && !recover()) {
      for (Pending p : work) {
        p.future.completeExceptionally(
            new LedgerException("journal must be healthy to append, but was: failed (" + failure + ")", failure));
      }
      return 1;
    }
    List<byte[]> payloads = new ArrayList<>(work.size());
    for (Pending p : work) {
      payloads.add(p.entry);
    }
    long first;
    try {
      first = file.appendAll(payloads);
    } catch (IOException | RuntimeException e) {
      failure = e;
      failedAtNanos = System.nanoTime();
      LOG.log(System.Logger.Level.ERROR, "journal append failed; appends are refused until it recovers: " + e);
      for (Pending p : work) {
        p.future.completeExceptionally(
            new LedgerException("cannot append to journal: " + e, e));
      }
      return 1;
    }
    // Counted before completing: completion wakes this batch's appenders, who would be counted twice.
    int concurrency = work.size() + queue.size();
    for (int i = 0; i < work.size(); i++) {
      work.get(i).future.complete(first + i);
    }
    return concurrency;
  }

  /** On the writer thread: tries to recover from a failed append, at most once per {@link #RETRY_NANOS}. */
  private boolean recover() {
    if (System.nanoTime() - failedAtNanos < RETRY_NANOS) {
      return false;
    }
    try {
      file.discardUnforced();
    } catch (IOException | RuntimeException e) {
      failedAtNanos = System.nanoTime();
      return false;
    }
    LOG.log(System.Logger.Level.WARNING, "journal recovered after a failed append (" + failure + "); appending again");
    failure = null;
    return true;
  }

  /**
   * Whether the last append attempt succeeded; false while the journal refuses appends after a failure.
   *
   * @return true when healthy
   */
  public boolean healthy() {
    return failure == null;
  }

  @Override
  public String toString() {
    return "Journal[" + file.path() + ", size=" + size() + "]";
  }

  private static final class Pending {
    final byte[] entry;
    final CompletableFuture<Long> future;

    Pending(byte[] entry, CompletableFuture<Long> future) {
      this.entry = entry;
      this.future = future;
    }
  }
}

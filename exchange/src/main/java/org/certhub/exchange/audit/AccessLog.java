package org.certhub.exchange.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.ProblemException;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.Receipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every access in the ledger and indexes it for auditors.
 *
 * <p>{@link #record} returns only once the entry is durable (the ledger's fsync): callers release data
 * only after it returns, which is how "no entry, no data" holds. The index is written afterwards and is
 * rebuilt from the ledger at start if a crash came in between.
 */
public class AccessLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
  private final AccessJournal journal;
  private final AuditIndex index;
  private final Clock clock;
  private final Duration appendTimeout;
  private final IndexWriter writer;

  public AccessLog(Ledger ledger, AuditIndex index, Clock clock, Duration appendTimeout) {
    this(AccessJournal.local(ledger), index, clock, appendTimeout);
  }

  /** Records into {@code journal}: the local ledger, or an engine's journal shared by several hub instances. */
  public AccessLog(AccessJournal journal, AuditIndex index, Clock clock, Duration appendTimeout) {
    this.journal = journal;
    this.index = index;
    this.writer = new IndexWriter(index);
    this.clock = clock;
    this.appendTimeout = appendTimeout;
  }

  /**
   * Appends the access to the ledger and waits until it is durable.
   *
   * @return the ledger receipt (index and leaf hash)
   * @throws ProblemException {@code ledger_unavailable} (503) when the entry could not be made durable in
   *     time; the caller must then not release any data
   */
  public Receipt record(Access access) {
    Instant now = clock.instant();
    byte[] entry = Entries.encode(access, now);
    Receipt receipt;
    try {
      receipt = journal.append(entry, access.requestId()).get(appendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ProblemException.withCause(ErrorCode.LEDGER_UNAVAILABLE, "interrupted while recording the access", e);
    } catch (ExecutionException | TimeoutException e) {
      throw ProblemException.withCause(
          ErrorCode.LEDGER_UNAVAILABLE, "the access could not be recorded in the ledger, so nothing is released", e);
    }
    // The entry is durable, which is what the caller waits for; the index is derived, written in the background
    // and rebuilt from the ledger at the next start if a write fails.
    writer.add(new AuditIndex.Row(receipt.index(), now, access, Base64.getEncoder().encodeToString(receipt.leafHash())));
    return receipt;
  }

  /**
   * Appends several accesses at once (they share the ledger's group commit) and waits until all are durable.
   *
   * @return the receipts, in the order of {@code accesses}
   * @throws ProblemException {@code ledger_unavailable} (503) if any could not be made durable in time; the caller
   *     must then release nothing, not even the items whose entries did become durable
   */
  public java.util.List<Receipt> recordAll(java.util.List<Access> accesses) {
    Instant now = clock.instant();
    java.util.List<java.util.concurrent.CompletableFuture<Receipt>> futures = new java.util.ArrayList<>();
    for (Access a : accesses) {
      futures.add(journal.append(Entries.encode(a, now), a.requestId()));
    }
    long deadline = System.nanoTime() + appendTimeout.toNanos();
    java.util.List<Receipt> receipts = new java.util.ArrayList<>();
    for (var f : futures) {
      try {
        receipts.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ProblemException.withCause(ErrorCode.LEDGER_UNAVAILABLE, "interrupted while recording the accesses", e);
      } catch (ExecutionException | TimeoutException e) {
        throw ProblemException.withCause(
            ErrorCode.LEDGER_UNAVAILABLE, "the accesses could not be recorded in the ledger, so nothing is released", e);
      }
    }
    for (int i = 0; i < accesses.size(); i++) {
      Receipt r = receipts.get(i);
      writer.add(new AuditIndex.Row(r.index(), now, accesses.get(i), Base64.getEncoder().encodeToString(r.leafHash())));
    }
    return receipts;
  }

  /** Waits until every access recorded before this call is in the audit index: call before reading the index. */
  public void awaitIndexed() {
    writer.awaitIndexed();
  }

  /** Indexes what is queued, then stops the background writer. */
  @Override
  public void close() {
    writer.close();
  }

  /** Records a request refused before any controller ran (see {@link org.certhub.exchange.department.RefusalRecorder}). */
  public void refused(String department, String certificateFingerprint, String rule, String request) {
    record(new Access("refused", department, null, null, null, null, "denied", rule, java.util.UUID.randomUUID().toString())
        .by(certificateFingerprint, null)
        .about(request.length() > 300 ? request.substring(0, 300) : request, null, null));
  }

  /** The request id of a stored access record, so the ledger recognises identical retries after a restart. */
  public static String requestIdOf(byte[] entry) {
    return Entries.decode(entry).access().requestId();
  }

  /**
   * Indexes every ledger entry the index lacks (after a crash between append and index, or a lost
   * database). Entries that are not access records are logged and skipped.
   *
   * <p>Only this replica's entries are looked at: on a database shared by several instances (the Kafka journal) the
   * index also holds entries this replica has not applied yet, so comparing the whole count with this replica's size
   * would read the whole replica at every start; and a row another instance writes meanwhile is not an error.
   */
  public void reindex() {
    long size = journal.size();
    if (index.countBelow(size) == size) {
      return;
    }
    int added = 0;
    for (long i = 0; i < size; i++) {
      try {
        byte[] entry = journal.entry(i);
        Entries.Decoded d = Entries.decode(entry);
        if (index.addIfAbsent(new AuditIndex.Row(i, d.time(), d.access(), Base64.getEncoder().encodeToString(journal.hasher().hashLeaf(entry))))) {
          added++;
        }
      } catch (IllegalArgumentException e) {
        log.warn("ledger entry {} is not an access record: {}", i, e.getMessage());
      } catch (Exception e) {
        throw new IllegalStateException("reading ledger entry " + i + " failed", e);
      }
    }
    log.info("audit index rebuilt from {} ledger entries ({} access records were missing)", size, added);
  }
}

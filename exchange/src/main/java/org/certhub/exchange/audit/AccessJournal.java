package org.certhub.exchange.audit;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.Receipt;
import org.certhub.ledger.tree.Hasher;

/**
 * Where {@link AccessLog} makes an access durable before anything is released: the port between the audit trail and
 * the engine that holds the write-ahead journal. The embedded default is the local {@link Ledger} ({@link #local});
 * the Kafka adapter appends to a topic first and answers with the index the entry got in the log every instance
 * builds from that topic in the same order.
 */
public interface AccessJournal {

  /**
   * Appends an entry once per request id (an identical retry gets the same receipt) and completes when the entry is
   * durable and has its index in the log, as {@link Ledger#append(byte[], String)} promises.
   */
  CompletableFuture<Receipt> append(byte[] entry, String requestId);

  /** How many entries the log this instance reads from holds. */
  long size();

  /** Entry {@code index} of that log. */
  byte[] entry(long index);

  /** The tree hasher (leaf hashes for the audit index). */
  Hasher hasher();

  /** The local ledger as the journal: no behaviour change from calling the ledger directly. */
  static AccessJournal local(Ledger ledger) {
    Objects.requireNonNull(ledger, "ledger");
    return new AccessJournal() {
      @Override
      public CompletableFuture<Receipt> append(byte[] entry, String requestId) {
        return ledger.append(entry, requestId);
      }

      @Override
      public long size() {
        return ledger.size();
      }

      @Override
      public byte[] entry(long index) {
        return ledger.entry(index);
      }

      @Override
      public Hasher hasher() {
        return ledger.hasher();
      }

      @Override
      public String toString() {
        return "local " + ledger;
      }
    };
  }
}

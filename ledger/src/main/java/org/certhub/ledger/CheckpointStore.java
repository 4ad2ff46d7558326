package org.certhub.ledger;

import java.io.IOException;
import java.util.Optional;

/**
 * The compare-and-swap guarded record of the latest signed checkpoint. The ledger publishes a checkpoint
 * only by swapping it in for the one it last published, so two writers (a restarted process racing an old
 * one, a second instance, an operator's mistake) cannot both extend the log: the loser's swap fails and it
 * stops instead of signing a fork. The default keeps it in {@code <ledger>/checkpoint} (which tlog-tiles
 * readers also read) under the directory lock; a shared store (a database row, a Redis key) lets several
 * machines share the guarantee.
 */
public interface CheckpointStore {

  /** The latest published checkpoint note, if any. */
  Optional<String> latest() throws IOException;

  /**
   * Replaces {@code expected} (null: none yet) with {@code next}, atomically.
   *
   * @return false, changing nothing, if the stored checkpoint is not {@code expected}
   */
  boolean compareAndSet(String expected, String next) throws IOException;
}

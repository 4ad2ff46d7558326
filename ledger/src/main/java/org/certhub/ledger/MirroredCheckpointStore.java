package org.certhub.ledger;

import java.io.IOException;
import java.util.Optional;

/**
 * A shared checkpoint record (the authority for compare-and-swap) with the ledger directory's {@code checkpoint}
 * file following it, so tlog-tiles readers of the directory see what was published.
 */
final class MirroredCheckpointStore implements CheckpointStore {
  private final CheckpointStore shared;
  private final CheckpointStore file;

  MirroredCheckpointStore(CheckpointStore shared, CheckpointStore file) {
    this.shared = shared;
    this.file = file;
  }

  @Override
  public Optional<String> latest() throws IOException {
    return shared.latest();
  }

  @Override
  public synchronized boolean compareAndSet(String expected, String next) throws IOException {
    if (!shared.compareAndSet(expected, next)) {
      return false;
    }
    // The file only follows: whatever it held (an older checkpoint, or nothing after a move), it now mirrors the shared one.
    file.compareAndSet(file.latest().orElse(null), next);
    return true;
  }
}

package org.certhub.ledger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.certhub.ledger.checkpoint.Checkpoint;
import org.certhub.ledger.checkpoint.NoteSigner;

/**
 * Configuration of a {@link Ledger}.
 *
 * @param directory the ledger directory; holds {@code journal/journal.log} and {@code
 *     checkpoints.log}
 * @param origin the checkpoint origin (c2sp.org/tlog-checkpoint), for example {@code
 *     "ledger.certhub.example/access-2026"}; by convention also the signer's key name
 * @param signer the log's checkpoint signing key
 * @param checkpointInterval how often to publish a checkpoint if the log grew; positive
 * @param clock the time source for checkpoint publication times
 */
public record LedgerConfig(
    Path directory, String origin, NoteSigner signer, Duration checkpointInterval, Clock clock) {

  /**
   * Validates the configuration.
   *
   * @throws IllegalArgumentException if the origin is empty or contains control characters, or
   *     the interval is not positive
   */
  public LedgerConfig {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    Objects.requireNonNull(clock, "clock");
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException(
          "checkpointInterval must be positive, but was: " + checkpointInterval);
    }
    // Reuse the checkpoint's origin rule so a bad origin fails here, not at first publication.
    new Checkpoint(origin, 0, new byte[Checkpoint.ROOT_HASH_LENGTH]);
  }
}

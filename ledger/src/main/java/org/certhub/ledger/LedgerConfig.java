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
 * @param sharedCheckpoints the shared checkpoint record ({@link #withSharedCheckpoints}), or null for the
 *     directory's own file
 */
public record LedgerConfig(
    Path directory,
    String origin,
    NoteSigner signer,
    Duration checkpointInterval,
    Clock clock,
    java.util.function.Function<byte[], String> requestIdOf,
    org.certhub.ledger.anchor.AnchorPort anchor,
    Duration anchorInterval,
    org.certhub.ledger.tree.Hasher hasher,
    CheckpointStore sharedCheckpoints) {

  /** A ledger without request-id deduplication after restart and without anchoring. */
  public LedgerConfig(Path directory, String origin, NoteSigner signer, Duration checkpointInterval, Clock clock) {
    this(directory, origin, signer, checkpointInterval, clock, null, null, Duration.ofMinutes(1), org.certhub.ledger.tree.Hasher.sha256(), null);
  }

  /**
   * This configuration with the request id of stored entries recoverable by {@code extractor} (so that
   * identical retries are recognised after a restart too) .
   */
  public LedgerConfig withRequestIds(java.util.function.Function<byte[], String> extractor) {
    return new LedgerConfig(directory, origin, signer, checkpointInterval, clock, extractor, anchor, anchorInterval, hasher, sharedCheckpoints);
  }

  /**
   * This configuration with another tree hash, e.g. SM3 for a deployment that must use GM algorithms
   * ({@code Hasher.of(() -> MessageDigest.getInstance("SM3", bouncyCastle))}). Hashes must be 32 bytes,
   * as tiles and checkpoints carry 32-byte hashes; verifiers must be told the same hasher.
   */
  public LedgerConfig withHasher(org.certhub.ledger.tree.Hasher treeHasher) {
    return new LedgerConfig(directory, origin, signer, checkpointInterval, clock, requestIdOf, anchor, anchorInterval, treeHasher, sharedCheckpoints);
  }

  /** This configuration, anchoring the latest checkpoint to {@code port} every {@code interval}. */
  public LedgerConfig withAnchor(org.certhub.ledger.anchor.AnchorPort port, Duration interval) {
    return new LedgerConfig(directory, origin, signer, checkpointInterval, clock, requestIdOf, port, interval, hasher, sharedCheckpoints);
  }

  /**
   * Validates the configuration.
   *
   * @throws IllegalArgumentException if the origin is empty or contains control characters, or
   *     the interval is not positive
   */
  /**
   * This configuration with the checkpoint record kept in a store shared by every process that could write this log
   * (a database row): the ledger publishes only by compare-and-swap there, so a second instance or a restored copy
   * on another machine cannot sign a fork. The {@code <ledger>/checkpoint} file stays as a mirror for tile readers.
   */
  public LedgerConfig withSharedCheckpoints(CheckpointStore store) {
    return new LedgerConfig(directory, origin, signer, checkpointInterval, clock, requestIdOf, anchor, anchorInterval, hasher,
        Objects.requireNonNull(store, "store"));
  }

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
    Objects.requireNonNull(anchorInterval, "anchorInterval");
    Objects.requireNonNull(hasher, "hasher");
    if (hasher.size() != 32) {
      throw new IllegalArgumentException("hasher must make 32-byte hashes (tiles and checkpoints carry 32), but makes " + hasher.size());
    }
    if (anchorInterval.isNegative() || anchorInterval.isZero()) {
      throw new IllegalArgumentException("anchorInterval must be positive, but was: " + anchorInterval);
    }
    // Reuse the checkpoint's origin rule so a bad origin fails here, not at first publication.
    new Checkpoint(origin, 0, new byte[Checkpoint.ROOT_HASH_LENGTH]);
  }
}

package org.certhub.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.certhub.ledger.checkpoint.Checkpoint;
import org.certhub.ledger.checkpoint.CheckpointFormatException;
import org.certhub.ledger.checkpoint.CheckpointVerifier;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.checkpoint.VerifiedCheckpoint;
import org.certhub.ledger.journal.Journal;
import org.certhub.ledger.journal.RecordFile;
import org.certhub.ledger.tree.Hasher;
import org.certhub.ledger.tree.MerkleTree;
import org.certhub.ledger.tiles.TilePath;
import org.certhub.ledger.tiles.TileStore;

/**
 * The access ledger: a durable journal, an RFC 9162 Merkle tree over its entries, and C2SP signed
 * checkpoints published periodically.
 *
 * <p>Files in {@link LedgerConfig#directory()}:
 *
 * <ul>
 *   <li>{@code journal/journal.log}: the entries ({@link Journal});
 *   <li>{@code checkpoints.log}: every published signed checkpoint note, in order, in the same
 *       record format ({@link RecordFile}).
 * </ul>
 *
 * <p>The tree hash is {@link LedgerConfig#hasher()} (SHA-256 by default; SM3 where GM algorithms are required). A new checkpoint is published every
 * {@link LedgerConfig#checkpointInterval()} if the tree grew, on {@link #checkpointNow()}, and on
 * {@link #close()}. Checkpoint sizes never decrease, and the ledger refuses to open (and so to
 * sign) if its journal no longer matches the latest checkpoint: it never signs a fork.
 *
 * <p>Thread-safety: all methods may be called from any thread.
 */
public final class Ledger implements AutoCloseable {

  /** How many recent request ids are remembered for idempotent retries. */
  public static final int MAX_REMEMBERED_REQUESTS = 1_000_000;

  /** An append with a request id whose receipt is not known yet. */
  private record InFlight(byte[] leaf, CompletableFuture<Receipt> receipt) {}

  /** The journal directory inside the ledger directory. */
  public static final String JOURNAL_DIR = "journal";

  /** The checkpoint log file inside the ledger directory. */
  public static final String CHECKPOINTS_FILE = "checkpoints.log";

  private static final System.Logger LOG = System.getLogger(Ledger.class.getName());

  private final LedgerConfig config;
  private final Hasher hasher;
  private final Journal journal;
  private final RecordFile checkpoints;
  private final ScheduledExecutorService publisher;

  private final Object treeLock = new Object();
  private final MerkleTree tree; // guarded by treeLock
  private final TileStore tiles;
  private final CheckpointStore checkpointRecord;
  /**
   * Request ids whose append is under way, and the indexes of the last {@value #MAX_REMEMBERED_REQUESTS} that
   * completed, so an identical retry gets the same index. Both guarded by {@code requests}.
   */
  private final Map<String, InFlight> inFlight = new HashMap<>();
  private final RecentRequests requests;
  private java.nio.channels.FileChannel lockChannel;
  private String lastAnchored;
  private final java.util.NavigableMap<Long, byte[]> unbundled = new java.util.TreeMap<>(); // guarded by treeLock
  private final Map<Long, Pending> pending = new HashMap<>(); // guarded by treeLock

  private final Object checkpointLock = new Object();
  private String latestNote; // guarded by checkpointLock
  private long latestSize = -1; // guarded by checkpointLock
  private Instant latestTime; // guarded by checkpointLock

  private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
  private boolean closed; // guarded by closeLock

  private Ledger(
      LedgerConfig config, Hasher hasher, Journal journal, RecordFile checkpoints, MerkleTree tree, RecentRequests requests) {
    this.requests = requests;
    this.tiles = new TileStore(config.directory());
    FileCheckpointStore file = new FileCheckpointStore(config.directory());
    this.checkpointRecord = config.sharedCheckpoints() == null ? file : new MirroredCheckpointStore(config.sharedCheckpoints(), file);
    this.config = config;
    this.hasher = hasher;
    this.journal = journal;
    this.checkpoints = checkpoints;
    this.tree = tree;
    this.publisher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ledger-checkpoints " + config.origin());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Opens (or creates) a ledger.
   *
   * <p>Opens and recovers the journal, rebuilds the Merkle tree from every entry, opens the
   * checkpoint log, and checks that the latest stored checkpoint verifies with the configured key,
   * has the configured origin, and has the root the rebuilt tree has at its size. If there is no
   * checkpoint yet, one is signed for the current size (the empty root for an empty ledger), so a
   * checkpoint always exists after open. Then starts the background publisher.
   *
   * @param config the configuration
   * @return the open ledger
   * @throws LedgerVerificationException if the latest checkpoint does not match the journal (or
   *     does not verify): the ledger refuses to continue rather than sign a fork
   * @throws org.certhub.ledger.journal.JournalCorruptionException if a record file is corrupt
   * @throws LedgerException if the files cannot be opened or read
   */
  public static Ledger open(LedgerConfig config) throws LedgerException {
    Objects.requireNonNull(config, "config");
    Path dir = config.directory();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new LedgerException("cannot create ledger directory " + dir + ": " + e, e);
    }
    // One writer per directory: a second process (or a second instance here) fails fast instead of forking.
    java.nio.channels.FileChannel lockChannel;
    java.nio.channels.FileLock dirLock;
    try {
      lockChannel = java.nio.channels.FileChannel.open(dir.resolve("LOCK"), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
      try {
        dirLock = lockChannel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        dirLock = null;
      }
      if (dirLock == null) {
        lockChannel.close();
        throw new LedgerException("ledger directory " + dir + " must be used by one ledger at a time, but was: in use (LOCK is held)");
      }
    } catch (IOException e) {
      throw new LedgerException("cannot lock ledger directory " + dir + ": " + e, e);
    }
    Hasher hasher = config.hasher();
    Journal journal;
    try {
      journal = Journal.open(dir.resolve(JOURNAL_DIR));
    } catch (LedgerException | RuntimeException e) {
      releaseQuietly(lockChannel);
      throw e;
    }
    RecordFile checkpoints = null;
    MerkleTree tree = null;
    try {
      // Off the heap: a hub's heap need not grow with its log (64 bytes an entry, 640 MB at ten million).
      tree = MerkleTree.mapped(hasher, dir);
      long size = journal.size();
      RecentRequests known = new RecentRequests(MAX_REMEMBERED_REQUESTS);
      for (long i = 0; i < size; i++) {
        byte[] entry = readForRebuild(journal, i);
        byte[] leaf = hasher.hashLeaf(entry);
        tree.append(leaf);
        String id = config.requestIdOf() == null ? null : requestIdQuietly(config, entry);
        if (id != null && i >= size - MAX_REMEMBERED_REQUESTS) {
          known.put(RecentRequests.key(id), i);
        }
      }
      checkpoints = RecordFile.open(dir.resolve(CHECKPOINTS_FILE), "checkpoint record");
      Ledger ledger = new Ledger(config, hasher, journal, checkpoints, tree, known);
      ledger.lockChannel = lockChannel;
      ledger.recoverLatestCheckpoint();
      ledger.startPublisher();
      return ledger;
    } catch (LedgerException | RuntimeException e) {
      journal.close();
      releaseQuietly(lockChannel);
      if (tree != null) {
        tree.close();
      }
      if (checkpoints != null) {
        try {
          checkpoints.close();
        } catch (LedgerException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static String requestIdQuietly(LedgerConfig config, byte[] entry) {
    try {
      return config.requestIdOf().apply(entry);
    } catch (RuntimeException e) {
      return null; // not an entry the extractor understands: it cannot be a retry
    }
  }

  private static void releaseQuietly(java.nio.channels.FileChannel lockChannel) {
    try {
      lockChannel.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot release the ledger LOCK", e);
    }
  }

  private static byte[] readForRebuild(Journal journal, long index) throws LedgerException {
    try {
      return journal.read(index);
    } catch (LedgerFailureException e) {
      if (e.getCause() instanceof LedgerException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private void recoverLatestCheckpoint() throws LedgerException {
    long count = checkpoints.size();
    if (count == 0) {
      publish();
      return;
    }
    long number = count - 1;
    String note = new String(checkpoints.read(number), StandardCharsets.UTF_8);
    String where = "checkpoint record " + number;
    VerifiedCheckpoint latest;
    try {
      NoteVerifier own = NoteVerifier.fromVerifierKey(config.signer().verifierKey());
      latest = CheckpointVerifier.verify(note, own, config.origin());
    } catch (CheckpointFormatException | LedgerVerificationException e) {
      throw new LedgerVerificationException(where + ": " + e.getMessage(), e);
    }
    long treeSize = tree.size();
    if (latest.size() > treeSize) {
      throw new LedgerVerificationException(
          where + " size must be <= journal size " + treeSize + ", but was: " + latest.size()
              + " (the journal lost entries that were already signed)");
    }
    byte[] recomputed = tree.rootAt(latest.size());
    if (!MessageDigest.isEqual(recomputed, latest.rootHash())) {
      throw new LedgerVerificationException(
          where + " root at size " + latest.size() + " must be "
              + HexFormat.of().formatHex(recomputed) + " (recomputed from the journal), but was: "
              + HexFormat.of().formatHex(latest.rootHash())
              + " (the journal no longer matches what was signed; refusing to sign a fork)");
    }
    try {
      Optional<String> stored = checkpointRecord.latest();
      if (stored.isPresent() && !stored.get().equals(note)) {
        VerifiedCheckpoint other;
        try {
          other = CheckpointVerifier.verify(stored.get(), NoteVerifier.fromVerifierKey(config.signer().verifierKey()), config.origin());
        } catch (CheckpointFormatException | LedgerVerificationException e) {
          throw new LedgerVerificationException("the checkpoint record must hold a checkpoint of this log, but does not verify: "
              + e.getMessage(), e);
        }
        if (other.size() > treeSize || !MessageDigest.isEqual(tree.rootAt(other.size()), other.rootHash())) {
          throw new LedgerVerificationException("the checkpoint record holds size " + other.size() + " root "
              + HexFormat.of().formatHex(other.rootHash()) + ", which this journal does not contain: another writer extended the"
              + " log; refusing to fork");
        }
        if (other.size() > latest.size()) {
          // Published (swapped in) but not yet in checkpoints.log when the process died: adopt it.
          checkpoints.append(stored.get().getBytes(StandardCharsets.UTF_8));
          note = stored.get();
          latest = other;
        } else if (!checkpointRecord.compareAndSet(stored.get(), note)) {
          throw new LedgerVerificationException("the checkpoint record changed while opening: another writer is active");
        }
      } else if (stored.isEmpty() && !checkpointRecord.compareAndSet(null, note)) {
        throw new LedgerVerificationException("the checkpoint record changed while opening: another writer is active");
      }
    } catch (IOException e) {
      throw new LedgerException("cannot read the checkpoint record: " + e, e);
    }
    synchronized (treeLock) {
      // Entries after the last full bundle of the signed size go into bundles at the next checkpoint,
      // which may come at close, after the journal is closed: keep them in memory from the start.
      for (long i = (latest.size() / TilePath.WIDTH) * TilePath.WIDTH; i < treeSize; i++) {
        unbundled.put(i, journal.read(i));
      }
    }
    try {
      // Tiles for the signed size, and the published checkpoint file, after a crash or a lost tile.
      int repaired = tiles.repair(tree, latest.size(), this::entryForTiles);
      if (repaired > 0) {
        LOG.log(System.Logger.Level.INFO, "rewrote {0} missing tile(s) from the journal", repaired);
      }
    } catch (IOException e) {
      throw new LedgerException("cannot write tiles under " + config.directory() + ": " + e, e);
    }
    synchronized (checkpointLock) {
      latestNote = note;
      latestSize = latest.size();
      latestTime = config.clock().instant();
    }
  }

  /** Entries not yet in a full bundle come from memory (the journal may already be closed at shutdown). */
  private byte[] entryForTiles(long index) {
    byte[] e = unbundled.get(index);
    return e != null ? e : journal.read(index);
  }

  private void startPublisher() {
    long nanos = config.checkpointInterval().toNanos();
    publisher.scheduleWithFixedDelay(this::publishQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
    if (config.anchor() != null) {
      long every = config.anchorInterval().toNanos();
      publisher.scheduleWithFixedDelay(this::anchorQuietly, every, every, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Sends the latest checkpoint to the anchor port if it changed since the last anchoring.
   *
   * @throws LedgerFailureException if the anchor cannot store it
   */
  public void anchorNow() {
    if (config.anchor() == null) {
      return;
    }
    String note;
    synchronized (checkpointLock) {
      note = latestNote;
    }
    synchronized (config.anchor()) {
      if (note == null || note.equals(lastAnchored)) {
        return;
      }
      try {
        config.anchor().anchor(note);
      } catch (IOException e) {
        throw new LedgerFailureException("cannot anchor the checkpoint", e);
      }
      lastAnchored = note;
    }
  }

  private void anchorQuietly() {
    try {
      anchorNow();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "anchoring failed; retried at the next interval", e);
    }
  }

  private void publishQuietly() {
    try {
      publish();
    } catch (RuntimeException e) {
      // Keep the schedule alive; the next tick retries. checkpointNow() reports to callers.
      LOG.log(System.Logger.Level.WARNING, "checkpoint publication failed", e);
    }
  }

  /**
   * Appends an entry.
   *
   * <p>The returned future MUST NOT complete normally before the entry is forced to disk in the
   * journal (see {@link Journal#append(byte[])}) AND added to the in-memory tree, so that {@link
   * #inclusionProof(long, long)} works for it at once. It completes exceptionally with {@link
   * LedgerException} if the journal write fails and with {@link IllegalStateException} after
   * {@link #close()}. Dependent stages registered with non-async methods may run on the journal's
   * writer thread and MUST NOT block.
   *
   * @param entry the entry, 1 to {@value Journal#MAX_ENTRY_SIZE} bytes; copied
   * @return a future receipt: the entry's index and leaf hash
   * @throws IllegalArgumentException if the entry is empty or too large
   */
  public CompletableFuture<Receipt> append(byte[] entry) {
    checkEntry(entry);
    CompletableFuture<Receipt> result = new CompletableFuture<>();
    appendInto(entry, hasher.hashLeaf(entry), result);
    return result;
  }

  private static void checkEntry(byte[] entry) {
    Objects.requireNonNull(entry, "entry");
    if (entry.length == 0 || entry.length > Journal.MAX_ENTRY_SIZE) {
      throw new IllegalArgumentException(
          "entry length must be in [1, " + Journal.MAX_ENTRY_SIZE + "] bytes, but was: "
              + entry.length);
    }
  }

  /** Queues a checked entry whose leaf hash is known; {@code result} completes as {@link #append(byte[])} says. */
  private void appendInto(byte[] entry, byte[] leaf, CompletableFuture<Receipt> result) {
    closeLock.readLock().lock();
    try {
      if (closed) {
        result.completeExceptionally(
            new IllegalStateException("ledger must be open to append, but was: closed"));
        return;
      }
      journal
          .append(entry)
          .whenComplete(
              (index, error) -> {
                if (error != null) {
                  result.completeExceptionally(error);
                } else {
                  onDurable(index, entry.clone(), leaf, result);
                }
              });
    } finally {
      closeLock.readLock().unlock();
    }
  }

  /**
   * Appends an entry once per request id: an identical retry (same {@code requestId}, same bytes) gets the
   * same index (the same future while the first append is under way, a completed one after), also after a
   * restart when the configuration can read request ids back from entries ({@link
   * LedgerConfig#withRequestIds}). The durability contract of {@link #append(byte[])} holds.
   *
   * @throws IllegalArgumentException if {@code requestId} was used for different bytes
   */
  public CompletableFuture<Receipt> append(byte[] entry, String requestId) {
    Objects.requireNonNull(requestId, "requestId");
    checkEntry(entry);
    byte[] leaf = hasher.hashLeaf(entry);
    long[] key = RecentRequests.key(requestId);
    InFlight claim;
    // Only the lookup and the claim hold the monitor; queueing the entry happens outside it, so concurrent
    // appends with different ids do not wait on one another here.
    synchronized (requests) {
      InFlight running = inFlight.get(requestId);
      if (running != null && !running.receipt().isCompletedExceptionally()) {
        requireSameEntry(requestId, running.leaf(), leaf);
        return running.receipt();
      }
      long known = requests.find(key);
      if (known >= 0) {
        byte[] knownLeaf;
        synchronized (treeLock) {
          knownLeaf = tree.leafHash(known);
        }
        requireSameEntry(requestId, knownLeaf, leaf);
        return CompletableFuture.completedFuture(new Receipt(known, knownLeaf));
      }
      claim = new InFlight(leaf, new CompletableFuture<>());
      inFlight.put(requestId, claim);
    }
    // A failed append is forgotten, so a retry appends again; a durable one is remembered by its index only.
    claim.receipt().whenComplete((r, e) -> {
      synchronized (requests) {
        inFlight.remove(requestId, claim);
        if (e == null) {
          requests.put(key, r.index());
        }
      }
    });
    appendInto(entry, leaf, claim.receipt());
    return claim.receipt();
  }

  private static void requireSameEntry(String requestId, byte[] knownLeaf, byte[] leaf) {
    if (!MessageDigest.isEqual(knownLeaf, leaf)) {
      throw new IllegalArgumentException("requestId " + requestId + " must identify one entry, but was used for different bytes");
    }
  }

  /** Adds durable leaves to the tree strictly in index order, then completes their receipts. */
  private void onDurable(long index, byte[] entry, byte[] leaf, CompletableFuture<Receipt> result) {
    List<Pending> ready = new ArrayList<>();
    synchronized (treeLock) {
      unbundled.put(index, entry);
      pending.put(index, new Pending(index, leaf, result));
      Pending next;
      while ((next = pending.remove(tree.size())) != null) {
        tree.append(next.leaf);
        ready.add(next);
      }
    }
    for (Pending p : ready) {
      p.result.complete(new Receipt(p.index, p.leaf));
    }
  }

  /**
   * Returns how many times the journal has forced appends to disk since it was opened. Appends divided by
   * this is how many appends share one fsync (group commit), a figure for monitoring and benchmarks.
   *
   * @return the number of journal forces
   */
  public long journalForces() {
    return journal.forceCount();
  }

  /**
   * Whether the journal accepts appends; false after a failed write until it recovers by itself (within a
   * second once the cause, such as a full disk, is gone).
   *
   * @return true when healthy
   */
  public boolean appendable() {
    return journal.healthy();
  }

  /**
   * Returns the number of entries in the tree (durable and added to the tree).
   *
   * @return the ledger size
   */
  public long size() {
    synchronized (treeLock) {
      return tree.size();
    }
  }

  /**
   * Reads an entry.
   *
   * @param index {@code 0 <= index < size()}
   * @return a fresh copy of the entry bytes
   * @throws IllegalArgumentException if the index is out of range
   * @throws LedgerFailureException if the journal cannot be read
   */
  public byte[] entry(long index) {
    long size = size();
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("index must be in [0, " + size + "), but was: " + index);
    }
    return journal.read(index);
  }

  /**
   * Returns the latest published signed checkpoint note. After {@link #open} there always is one.
   *
   * @return the signed note text
   * @throws LedgerFailureException if a checkpoint had to be signed and signing or storing failed
   */
  public String latestCheckpoint() {
    synchronized (checkpointLock) {
      if (latestNote == null) {
        publish();
      }
      return latestNote;
    }
  }

  /** A wall clock set back (NTP step, operator, VM restore) must not make a newer checkpoint look older. */
  private static Instant notBefore(Instant previous, Instant now) {
    return previous != null && now.isBefore(previous) ? previous : now;
  }

  /**
   * Returns when the latest checkpoint was published (or found at open), by the configured clock. Never goes
   * back within one open ledger, even if the clock does: a checkpoint published after the clock was set back
   * keeps the previous one's time.
   *
   * @return the publication time
   */
  public Instant latestCheckpointTime() {
    synchronized (checkpointLock) {
      return latestTime;
    }
  }

  /**
   * Publishes a signed checkpoint now if the tree grew since the latest one; otherwise does
   * nothing. The checkpoint is forced to {@code checkpoints.log} before it becomes the latest.
   *
   * @throws IllegalStateException if the ledger is closed
   * @throws LedgerFailureException if signing or storing the checkpoint failed
   */
  public void checkpointNow() {
    closeLock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("ledger must be open to publish, but was: closed");
      }
      publish();
    } finally {
      closeLock.readLock().unlock();
    }
  }

  /** A checkpoint published (swapped in) but not yet in the history file; guarded by checkpointLock. */
  private String unrecordedNote;

  private void publish() {
    synchronized (checkpointLock) {
      long size;
      byte[] root;
      synchronized (treeLock) {
        size = tree.size();
        root = tree.root();
      }
      appendUnrecorded();
      if (latestNote != null && size == latestSize) {
        return;
      }
      try {
        // The tiles a reader needs for this size are durable before the checkpoint naming it exists.
        synchronized (treeLock) {
          tiles.write(tree, latestNote == null ? 0 : latestSize, size, this::entryForTiles);
          // Entries below the last full bundle boundary are now in an immutable bundle on disk.
          unbundled.headMap((size / TilePath.WIDTH) * TilePath.WIDTH).clear();
        }
      } catch (IOException | RuntimeException e) {
        throw new LedgerFailureException("cannot write the tiles for size " + size, e);
      }
      String note = config.signer().sign(new Checkpoint(config.origin(), size, root).body());
      try {
        // Publish only by swapping out our own previous checkpoint: a second writer makes this fail.
        if (!checkpointRecord.compareAndSet(latestNote, note)) {
          throw new LedgerFailureException("the checkpoint record no longer holds this ledger's last checkpoint: another writer"
              + " published; refusing to fork at size " + size, null);
        }
      } catch (IOException e) {
        throw new LedgerFailureException("cannot publish the checkpoint at size " + size, e);
      }
      // Swapped in: this is the published checkpoint now, whether or not the history append below works
      // (a full disk); the next publish appends a missed one first, as a restart would adopt it.
      latestNote = note;
      latestSize = size;
      latestTime = notBefore(latestTime, config.clock().instant());
      unrecordedNote = note;
      appendUnrecorded();
    }
  }

  private void appendUnrecorded() {
    if (unrecordedNote == null) {
      return;
    }
    try {
      checkpoints.append(unrecordedNote.getBytes(StandardCharsets.UTF_8));
      unrecordedNote = null;
    } catch (LedgerException e) {
      throw new LedgerFailureException("cannot store the published checkpoint in " + CHECKPOINTS_FILE + " (will retry)", e);
    }
  }

  /**
   * Returns the inclusion proof of entry {@code index} in the tree of {@code size} entries (RFC
   * 9162 §2.1.3.1).
   *
   * @param index {@code 0 <= index < size}
   * @param size {@code size <= size()}, typically a checkpoint's size
   * @return the proof hashes
   * @throws IllegalArgumentException if out of range
   */
  public List<byte[]> inclusionProof(long index, long size) {
    synchronized (treeLock) {
      return tree.inclusionProof(index, size);
    }
  }

  /**
   * Returns the consistency proof between tree sizes {@code s1} and {@code s2} (RFC 9162
   * §2.1.4.1).
   *
   * @param s1 the older size, {@code 0 <= s1 <= s2}
   * @param s2 the newer size, {@code s2 <= size()}
   * @return the proof hashes
   * @throws IllegalArgumentException if out of range
   */
  public List<byte[]> consistencyProof(long s1, long s2) {
    synchronized (treeLock) {
      return tree.consistencyProof(s1, s2);
    }
  }

  /**
   * Returns the offline proof (C2SP tlog-proof) that entry {@code index} is in the latest checkpoint.
   *
   * @throws LedgerException if no checkpoint covers the index yet (it will within one interval)
   */
  public org.certhub.ledger.proof.ProofFile proofFile(long index) throws LedgerException {
    String note;
    long size;
    synchronized (checkpointLock) {
      note = latestNote;
      size = latestSize;
    }
    if (index < 0 || index >= size) {
      throw new LedgerException("index must be below the latest checkpoint's size " + size + " (newer entries are in the next checkpoint), but was: " + index);
    }
    return new org.certhub.ledger.proof.ProofFile(index, inclusionProof(index, size), note);
  }

  /**
   * Returns a tile of the log as of the latest published checkpoint (C2SP tlog-tiles).
   *
   * @param path the tile
   * @return its bytes, or empty if the latest checkpoint does not cover it
   * @throws LedgerFailureException if the tile cannot be read
   */
  public Optional<byte[]> tile(TilePath path) {
    long size;
    synchronized (checkpointLock) {
      size = latestSize;
    }
    long covered = path.entries() ? size : size >>> (8 * path.level());
    if ((path.index() * TilePath.WIDTH + path.width()) > covered) {
      return Optional.empty();
    }
    try {
      return tiles.read(path);
    } catch (IOException e) {
      throw new LedgerFailureException("cannot read " + path.path(), e);
    }
  }

  /**
   * Returns the tree hasher (SHA-256).
   *
   * @return the hasher
   */
  public Hasher hasher() {
    return hasher;
  }

  /**
   * Closes the ledger: refuses new appends, stops the publisher, completes every queued append,
   * publishes a final checkpoint if the tree grew, and closes the files. Idempotent.
   *
   * @throws LedgerFailureException if the final checkpoint or closing a file fails
   */
  @Override
  public void close() {
    closeLock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      closeLock.writeLock().unlock();
    }
    publisher.shutdown();
    boolean interrupted = false;
    while (true) {
      try {
        if (publisher.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try {
      journal.close();
      publish();
      anchorQuietly();
    } finally {
      releaseQuietly(lockChannel);
      synchronized (treeLock) {
        tree.close();
      }
      try {
        checkpoints.close();
      } catch (LedgerException e) {
        throw new LedgerFailureException("cannot close " + CHECKPOINTS_FILE, e);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  @Override
  public String toString() {
    return "Ledger[" + config.origin() + ", " + config.directory() + "]";
  }

  private static final class Pending {
    final long index;
    final byte[] leaf;
    final CompletableFuture<Receipt> result;

    Pending(long index, byte[] leaf, CompletableFuture<Receipt> result) {
      this.index = index;
      this.leaf = leaf;
      this.result = result;
    }
  }
}

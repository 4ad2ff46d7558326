package org.certhub.ledger.verify;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.ArrayList;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.certhub.ledger.tiles.TilePath;
import org.certhub.ledger.tiles.TileReader;
import org.certhub.ledger.tiles.TileStore;
import java.util.Objects;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.LedgerException;
import org.certhub.ledger.LedgerVerificationException;
import org.certhub.ledger.checkpoint.CheckpointFormatException;
import org.certhub.ledger.checkpoint.CheckpointVerifier;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.checkpoint.VerifiedCheckpoint;
import org.certhub.ledger.journal.Journal;
import org.certhub.ledger.journal.JournalCorruptionException;
import org.certhub.ledger.journal.RecordFile;
import org.certhub.ledger.proof.ProofVerifier;
import org.certhub.ledger.tree.Hasher;
import org.certhub.ledger.tree.MerkleTree;

/**
 * Audits a stored ledger directory from its files alone, as an outsider would. Nothing is written
 * or locked; a torn tail (an append in progress or interrupted) is ignored as recovery would.
 */
public final class LogVerifier {

  private LogVerifier() {}

  /**
   * Recomputes the SHA-256 RFC 9162 tree from {@code journal/journal.log} and checks, for every
   * checkpoint in {@code checkpoints.log} in order: the signature verifies with {@code key}, the
   * origin is {@code origin}, sizes do not decrease, the size is at most the journal size, the
   * signed root equals the recomputed root at that size, and a consistency proof generated from
   * the recomputed tree verifies ({@link ProofVerifier#verifyConsistency}) against this and the
   * previous checkpoint's signed roots.
   *
   * @param ledgerDir the ledger directory
   * @param key the log's trusted key
   * @param origin the log's origin
   * @return the journal size, recomputed root and number of checkpoints
   * @throws LogVerificationException (a {@link LedgerVerificationException}) naming the first bad
   *     journal record or checkpoint, see {@link LogVerificationException}
   * @throws LedgerException if the files cannot be read
   */
  public static VerifyResult verify(Path ledgerDir, NoteVerifier key, String origin)
      throws LedgerVerificationException, LedgerException {
    return verify(ledgerDir, key, origin, Hasher.sha256());
  }

  /** As {@link #verify(Path, NoteVerifier, String)}, for a log built with another tree hash (SM3). */
  public static VerifyResult verify(Path ledgerDir, NoteVerifier key, String origin, Hasher hasher)
      throws LedgerVerificationException, LedgerException {
    Objects.requireNonNull(ledgerDir, "ledgerDir");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(hasher, "hasher");
    List<byte[]> entries;
    try {
      entries =
          RecordFile.readAll(
              ledgerDir.resolve(Ledger.JOURNAL_DIR).resolve(Journal.FILE_NAME), "journal record");
    } catch (JournalCorruptionException e) {
      throw new LogVerificationException(
          LogVerificationException.Location.JOURNAL_RECORD, e.recordIndex(), e.getMessage(), e);
    }
    MerkleTree tree = new MerkleTree(hasher);
    for (byte[] entry : entries) {
      tree.append(hasher.hashLeaf(entry));
    }
    List<byte[]> notes;
    try {
      notes = RecordFile.readAll(ledgerDir.resolve(Ledger.CHECKPOINTS_FILE), "checkpoint record");
    } catch (JournalCorruptionException e) {
      throw new LogVerificationException(
          LogVerificationException.Location.CHECKPOINT, e.recordIndex(), e.getMessage(), e);
    }

    long prevSize = 0;
    byte[] prevRoot = hasher.emptyRoot();
    for (int i = 0; i < notes.size(); i++) {
      String where = "checkpoint " + i;
      VerifiedCheckpoint cp;
      try {
        cp = CheckpointVerifier.verify(new String(notes.get(i), StandardCharsets.UTF_8), key, origin);
      } catch (CheckpointFormatException | LedgerVerificationException e) {
        throw checkpointError(i, where + ": " + e.getMessage(), e);
      }
      long size = cp.size();
      byte[] root = cp.rootHash();
      if (size < prevSize) {
        throw checkpointError(
            i, where + " size must be >= " + prevSize + " (the previous checkpoint's size),"
                + " but was: " + size, null);
      }
      if (size > tree.size()) {
        throw checkpointError(
            i, where + " size must be <= journal size " + tree.size() + ", but was: " + size,
            null);
      }
      if (size == prevSize) {
        // Nothing new in the journal to blame: two signed roots for one size is a log fault.
        if (!MessageDigest.isEqual(root, prevRoot)) {
          throw checkpointError(
              i, where + " root at unchanged size " + size + " must be " + hex(prevRoot)
                  + ", but was: " + hex(root), null);
        }
      } else {
        byte[] recomputed = tree.rootAt(size);
        if (!MessageDigest.isEqual(root, recomputed)) {
          throw new LogVerificationException(
              LogVerificationException.Location.JOURNAL_RECORD,
              prevSize,
              "journal records [" + prevSize + ", " + size + ") must hash to the root signed in "
                  + where + ", " + hex(root) + ", but was: " + hex(recomputed)
                  + "; first bad journal record: " + prevSize,
              null);
        }
      }
      try {
        ProofVerifier.verifyConsistency(
            hasher, prevSize, size, tree.consistencyProof(prevSize, size), prevRoot, root);
      } catch (LedgerVerificationException e) {
        throw checkpointError(
            i, where + " must be consistent with the previous checkpoint, but was not: "
                + e.getMessage(), e);
      }
      prevSize = size;
      prevRoot = root;
    }
    verifyTileFiles(ledgerDir, tree, entries);
    return new VerifyResult(tree.size(), tree.root(), notes.size());
  }

  /**
   * Verifies the directory as {@link #verify(Path, NoteVerifier, String)} does, and then every anchored
   * checkpoint: signed by the log key, no larger than the log, and with the root the log recomputes at its
   * size. A rewritten log cannot match what was anchored elsewhere before.
   *
   * @throws LogVerificationException with {@link LogVerificationException.Location#ANCHOR} and the anchor
   *     record number for the first anchored checkpoint the log contradicts
   */
  public static VerifyResult verify(Path ledgerDir, NoteVerifier key, String origin, org.certhub.ledger.anchor.AnchorPort anchors)
      throws LedgerVerificationException, LedgerException {
    VerifyResult r = verify(ledgerDir, key, origin);
    List<String> anchored;
    try {
      anchored = anchors.anchored();
    } catch (IOException e) {
      if (e.getCause() instanceof JournalCorruptionException c) {
        throw new LogVerificationException(LogVerificationException.Location.ANCHOR, c.recordIndex(), "anchor file: " + c.getMessage(), c);
      }
      throw new LedgerException("cannot read the anchors: " + e.getMessage(), e);
    }
    verifyAnchored(ledgerDir, key, origin, anchored, "anchor");
    return new VerifyResult(r.size(), r.root(), r.checkpoints());
  }

  /**
   * Checks checkpoints anchored elsewhere (a file, a Fabric channel) against the journal in {@code ledgerDir}: each
   * signed by the log key, no larger than the log, and with the root the log recomputes at its size. Run it after
   * {@link #verify(Path, NoteVerifier, String)} has checked the log itself.
   *
   * @param anchored the anchored notes, in the order {@code what}'s indexes count
   * @param what how the message names one of them, e.g. {@code "Fabric anchor"}
   * @throws LogVerificationException with {@link LogVerificationException.Location#ANCHOR} and the index into
   *     {@code anchored} of the first note the log contradicts
   */
  public static void verifyAnchored(Path ledgerDir, NoteVerifier key, String origin, List<String> anchored, String what)
      throws LedgerVerificationException, LedgerException {
    List<byte[]> entries = RecordFile.readAll(ledgerDir.resolve(Ledger.JOURNAL_DIR).resolve(Journal.FILE_NAME), "journal record");
    Hasher hasher = Hasher.sha256();
    MerkleTree tree = new MerkleTree(hasher);
    entries.forEach(e -> tree.append(hasher.hashLeaf(e)));
    for (int i = 0; i < anchored.size(); i++) {
      VerifiedCheckpoint cp;
      try {
        cp = CheckpointVerifier.verify(anchored.get(i), key, origin);
      } catch (CheckpointFormatException | LedgerVerificationException e) {
        throw new LogVerificationException(LogVerificationException.Location.ANCHOR, i, what + " " + i + ": " + e.getMessage(), e);
      }
      if (cp.size() > tree.size() || !MessageDigest.isEqual(tree.rootAt(cp.size()), cp.rootHash())) {
        throw new LogVerificationException(LogVerificationException.Location.ANCHOR, i, what + " " + i + " (size " + cp.size()
            + ") must match the log, but the log " + (cp.size() > tree.size() ? "is shorter (" + tree.size() + " entries)"
                : "has another root at that size: it was rewritten after anchoring"), null);
      }
    }
  }

  /**
   * Verifies a log from its tlog-tiles alone (a directory or a hub over HTTP): the checkpoint's signature,
   * every entry bundle up to its size, the root recomputed from the entries, and every level tile.
   *
   * @return the checkpoint's size and root (one checkpoint verified)
   * @throws LogVerificationException naming the first bad entry index and the tile path and byte
   * @throws LedgerException if a tile cannot be read
   */
  public static VerifyResult verify(TileReader reader, NoteVerifier key, String origin) throws LedgerVerificationException, LedgerException {
    Hasher hasher = Hasher.sha256();
    String note;
    try {
      note = new String(reader.read("checkpoint").orElseThrow(() -> new LedgerException("the log has no checkpoint")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LedgerException("cannot read the checkpoint: " + e, e);
    }
    VerifiedCheckpoint cp;
    try {
      cp = CheckpointVerifier.verify(note, key, origin);
    } catch (CheckpointFormatException e) {
      throw checkpointError(0, "checkpoint: " + e.getMessage(), e);
    }
    long size = cp.size();
    MerkleTree tree = new MerkleTree(hasher);
    List<byte[]> entries = new ArrayList<>();
    for (long t = 0; size > 0 && t <= (size - 1) / TilePath.WIDTH; t++) {
      TilePath path = new TilePath(true, 0, t, (int) Math.min(TilePath.WIDTH, size - t * TilePath.WIDTH));
      byte[] bundle = readTile(reader, path);
      ByteBuffer b = ByteBuffer.wrap(bundle);
      for (int i = 0; i < path.width(); i++) {
        long index = t * TilePath.WIDTH + i;
        if (b.remaining() < 2 || b.remaining() - 2 < (b.getShort(b.position()) & 0xffff)) {
          throw tileError(index, path.path() + " byte " + b.position() + ": entry " + index + " is cut short", null);
        }
        byte[] e = new byte[b.getShort() & 0xffff];
        b.get(e);
        entries.add(e);
        tree.append(hasher.hashLeaf(e));
      }
      if (b.hasRemaining()) {
        throw tileError(t * TilePath.WIDTH + path.width() - 1, path.path() + " byte " + b.position() + ": " + b.remaining()
            + " bytes after the last entry", null);
      }
    }
    if (!MessageDigest.isEqual(tree.root(), cp.rootHash())) {
      throw tileError(0, "the entries in tile/entries must hash to the checkpoint's root " + hex(cp.rootHash()) + ", but was: "
          + hex(tree.root()), null);
    }
    for (int level = 0; (size >>> (8 * level)) > 0; level++) {
      long nodes = size >>> (8 * level);
      for (long t = 0; t <= (nodes - 1) / TilePath.WIDTH; t++) {
        TilePath path = new TilePath(false, level, t, (int) Math.min(TilePath.WIDTH, nodes - t * TilePath.WIDTH));
        compareHashTile(path, readTile(reader, path), tree);
      }
    }
    return new VerifyResult(size, cp.rootHash(), 1);
  }

  private static byte[] readTile(TileReader reader, TilePath path) throws LedgerException, LogVerificationException {
    try {
      return reader.read(path.path()).orElseThrow(() -> tileError(path.index() * TilePath.WIDTH, path.path() + " must exist, but was: missing", null));
    } catch (IOException e) {
      throw new LedgerException("cannot read " + path.path() + ": " + e, e);
    }
  }

  /** Every tile file on disk must equal what the journal recomputes; a changed byte is named by file and offset. */
  private static void verifyTileFiles(Path ledgerDir, MerkleTree tree, List<byte[]> entries)
      throws LogVerificationException, LedgerException {
    Path root = ledgerDir.resolve("tile");
    if (!Files.isDirectory(root)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".tmp")).sorted().toList();
    } catch (IOException e) {
      throw new LedgerException("cannot list " + root + ": " + e, e);
    }
    for (Path f : files) {
      String rel = ledgerDir.relativize(f).toString().replace('\\', '/');
      TilePath path;
      try {
        path = TilePath.parse(rel);
      } catch (IllegalArgumentException e) {
        throw tileError(0, rel + " is not a tile: " + e.getMessage(), e);
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(f);
      } catch (IOException e) {
        throw new LedgerException("cannot read " + f + ": " + e, e);
      }
      long covered = path.entries() ? tree.size() : tree.size() >>> (8 * path.level());
      if (path.index() * TilePath.WIDTH + path.width() > covered) {
        throw tileError(path.index() * TilePath.WIDTH, rel + " covers more than the journal's " + tree.size() + " entries", null);
      }
      if (path.entries()) {
        byte[] expected = TileStore.bundle(path.index() * TilePath.WIDTH, path.width(), i -> entries.get((int) i));
        int at = mismatch(expected, bytes);
        if (at >= 0) {
          throw tileError(path.index() * TilePath.WIDTH, rel + " byte " + at + " differs from the journal's entries", null);
        }
      } else {
        compareHashTile(path, bytes, tree);
      }
    }
  }

  private static void compareHashTile(TilePath path, byte[] bytes, MerkleTree tree) throws LogVerificationException {
    int height = 8 * path.level();
    byte[] expected = new byte[path.width() * 32];
    for (int i = 0; i < path.width(); i++) {
      System.arraycopy(tree.perfectHash(height, path.index() * TilePath.WIDTH + i), 0, expected, i * 32, 32);
    }
    int at = mismatch(expected, bytes);
    if (at >= 0) {
      long node = path.index() * TilePath.WIDTH + Math.min(at, expected.length - 1) / 32;
      throw tileError(node << height, path.path() + " byte " + at + " (hash " + (at / 32) + ") differs from the hash recomputed from the entries", null);
    }
  }

  private static int mismatch(byte[] expected, byte[] actual) {
    int at = java.util.Arrays.mismatch(expected, actual);
    return at;
  }

  private static LogVerificationException tileError(long index, String message, Throwable cause) {
    return new LogVerificationException(LogVerificationException.Location.TILE, index, message, cause);
  }

  private static LogVerificationException checkpointError(
      int number, String message, Throwable cause) {
    return new LogVerificationException(
        LogVerificationException.Location.CHECKPOINT, number, message, cause);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}

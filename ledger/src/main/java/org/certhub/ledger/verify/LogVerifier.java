package org.certhub.ledger.verify;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
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
    Objects.requireNonNull(ledgerDir, "ledgerDir");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(origin, "origin");
    Hasher hasher = Hasher.sha256();
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
    return new VerifyResult(tree.size(), tree.root(), notes.size());
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

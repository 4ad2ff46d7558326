package org.certhub.ledger.proof;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.certhub.ledger.LedgerException;
import org.certhub.ledger.LedgerVerificationException;
import org.certhub.ledger.checkpoint.Checkpoint;
import org.certhub.ledger.checkpoint.CheckpointFormatException;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.tiles.TilePath;
import org.certhub.ledger.tiles.TileReader;
import org.certhub.ledger.tree.Hasher;
import org.certhub.ledger.tree.MerkleTree;

/**
 * An offline proof in C2SP tlog-proof form: that one entry is in the log, checkable years later with only
 * the log's verifier key.
 *
 * <pre>
 * c2sp.org/tlog-proof@v1
 * index 17
 * &lt;base64 hash, leaf sibling first&gt;
 * …
 *
 * &lt;the signed checkpoint note&gt;
 * </pre>
 *
 * @param index the entry's index
 * @param hashes the inclusion proof
 * @param signedCheckpoint the signed checkpoint note the proof leads to
 */
public record ProofFile(long index, List<byte[]> hashes, String signedCheckpoint) {
  /** The first line of every proof file. */
  public static final String HEADER = "c2sp.org/tlog-proof@v1";
  private static final int MAX_HASHES = 63;

  public ProofFile {
    Objects.requireNonNull(signedCheckpoint, "signedCheckpoint");
    hashes = List.copyOf(hashes);
  }

  /** The file's text. */
  public String text() {
    StringBuilder b = new StringBuilder(HEADER).append('\n').append("index ").append(index).append('\n');
    for (byte[] h : hashes) {
      b.append(Base64.getEncoder().encodeToString(h)).append('\n');
    }
    return b.append('\n').append(signedCheckpoint).toString();
  }

  /**
   * Parses a proof file.
   *
   * @throws LedgerVerificationException naming the line that is wrong
   */
  public static ProofFile parse(String text) throws LedgerVerificationException {
    if (text == null || text.length() > 64 * 1024) {
      throw new LedgerVerificationException("proof file must be at most 64 KiB of text");
    }
    int blank = text.indexOf("\n\n");
    if (blank < 0) {
      throw new LedgerVerificationException("proof file must have an empty line before the checkpoint, but had none");
    }
    String[] lines = text.substring(0, blank).split("\n", -1);
    if (!lines[0].equals(HEADER)) {
      throw new LedgerVerificationException("proof file line 1 must be " + HEADER + ", but was: " + shorten(lines[0]));
    }
    int at = 1;
    if (at < lines.length && lines[at].startsWith("extra ")) {
      at++;
    }
    if (at >= lines.length || !lines[at].matches("index (0|[1-9][0-9]{0,18})")) {
      throw new LedgerVerificationException("proof file line " + (at + 1) + " must be 'index <n>', but was: "
          + (at < lines.length ? shorten(lines[at]) : "missing"));
    }
    long index = Long.parseLong(lines[at].substring(6));
    List<byte[]> hashes = new ArrayList<>();
    for (int i = at + 1; i < lines.length; i++) {
      byte[] h;
      try {
        h = Base64.getDecoder().decode(lines[i]);
      } catch (IllegalArgumentException e) {
        throw new LedgerVerificationException("proof file line " + (i + 1) + " must be a base64 hash, but was: " + shorten(lines[i]), e);
      }
      if (h.length != 32) {
        throw new LedgerVerificationException("proof file line " + (i + 1) + " must be a 32-byte hash, but was: " + h.length + " bytes");
      }
      hashes.add(h);
    }
    if (hashes.size() > MAX_HASHES) {
      throw new LedgerVerificationException("proof file must have at most " + MAX_HASHES + " hashes, but had " + hashes.size());
    }
    return new ProofFile(index, hashes, text.substring(blank + 2));
  }

  /**
   * Verifies a proof file end to end: the checkpoint's signature by the log key and origin, then the
   * inclusion of {@code entry} at the stated index under the checkpoint's root.
   *
   * @return the verified checkpoint
   * @throws LedgerVerificationException saying which check failed
   */
  public static Checkpoint verify(String text, NoteVerifier key, String origin, byte[] entry) throws LedgerVerificationException {
    ProofFile p = parse(text);
    Checkpoint cp;
    try {
      cp = Checkpoint.parse(key.verify(p.signedCheckpoint()));
    } catch (CheckpointFormatException e) {
      throw new LedgerVerificationException("proof file checkpoint: " + e.getMessage(), e);
    }
    if (!cp.origin().equals(origin)) {
      throw new LedgerVerificationException("proof file checkpoint origin must be " + origin + ", but was: " + shorten(cp.origin()));
    }
    Hasher h = Hasher.sha256();
    ProofVerifier.verifyInclusion(h, p.index(), cp.size(), h.hashLeaf(entry), p.hashes(), cp.rootHash());
    return cp;
  }

  /**
   * Makes the proof file for an entry from a log's tiles and checkpoint (a directory or a hub), by
   * recomputing the tree from the entry bundles: what {@code certhub ledger proof} writes.
   *
   * @throws LedgerException if the latest checkpoint does not cover the index yet or a tile is missing
   */
  public static ProofFile fromTiles(TileReader reader, long index) throws LedgerException {
    try {
      String note = new String(reader.read("checkpoint").orElseThrow(() -> new LedgerException("the log has no checkpoint yet")), StandardCharsets.UTF_8);
      int blank = note.indexOf("\n\n");
      Checkpoint cp = Checkpoint.parse(blank < 0 ? note : note.substring(0, blank + 1));
      if (index < 0 || index >= cp.size()) {
        throw new LedgerException("index must be below the latest checkpoint's size " + cp.size() + " (a newer entry is in the next checkpoint, within seconds), but was: " + index);
      }
      Hasher h = Hasher.sha256();
      MerkleTree tree = new MerkleTree(h);
      for (long t = 0; t <= (cp.size() - 1) / TilePath.WIDTH; t++) {
        TilePath path = new TilePath(true, 0, t, (int) Math.min(TilePath.WIDTH, cp.size() - t * TilePath.WIDTH));
        ByteBuffer b = ByteBuffer.wrap(reader.read(path.path()).orElseThrow(() -> new LedgerException(path.path() + " is missing")));
        for (int i = 0; i < path.width(); i++) {
          byte[] e = new byte[b.getShort() & 0xffff];
          b.get(e);
          tree.append(h.hashLeaf(e));
        }
      }
      if (!java.security.MessageDigest.isEqual(tree.root(), cp.rootHash())) {
        throw new LedgerException("the entry bundles do not hash to the checkpoint's root; run certhub ledger verify");
      }
      return new ProofFile(index, tree.inclusionProof(index, cp.size()), note);
    } catch (IOException | CheckpointFormatException | java.nio.BufferUnderflowException e) {
      throw new LedgerException("cannot make the proof for index " + index + ": " + e, e);
    }
  }

  private static String shorten(String s) {
    String clean = s.replaceAll("[\\p{Cntrl}]", "?");
    return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
  }
}

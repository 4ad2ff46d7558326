package org.certhub.ledger.proof;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import org.certhub.ledger.LedgerVerificationException;
import org.certhub.ledger.tree.Hasher;

/**
 * Verifies RFC 9162 inclusion and consistency proofs.
 *
 * <p>Both methods return normally only if the proof is valid; every failure is a {@link
 * LedgerVerificationException} whose message says what was expected and what was found. Checks on
 * the shape of the input (ranges, proof length, hash lengths) run before any hashing.
 */
public final class ProofVerifier {

  private ProofVerifier() {}

  /**
   * Verifies that {@code leafHash} is leaf {@code index} of the tree of {@code size} leaves with
   * root {@code root}, using the algorithm of RFC 9162 §2.1.3.2.
   *
   * @param h the tree hasher
   * @param index the leaf index; requires {@code 0 <= index < size}
   * @param size the tree size
   * @param leafHash the leaf hash, {@code h.size()} bytes
   * @param proof the inclusion proof, leaf sibling first
   * @param root the trusted root hash for {@code size} (from a verified checkpoint)
   * @throws LedgerVerificationException if a precondition fails, the proof has the wrong length
   *     or a hash of the wrong length, or the calculated root differs ({@link
   *     RootMismatchException})
   */
  public static void verifyInclusion(
      Hasher h, long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
      throws LedgerVerificationException {
    Objects.requireNonNull(h, "h");
    Objects.requireNonNull(leafHash, "leafHash");
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(root, "root");
    if (size <= 0) {
      throw new LedgerVerificationException(
          "inclusion proof tree size must be > 0, but was: " + size);
    }
    if (index < 0 || index >= size) {
      throw new LedgerVerificationException(
          "inclusion proof leaf index must be in [0, " + size + "), but was: " + index);
    }
    checkHashLength(h, "leaf hash", leafHash);
    checkHashLength(h, "root", root);
    long expectedLength = inclusionProofLength(index, size);
    if (proof.size() != expectedLength) {
      throw new LedgerVerificationException(
          "inclusion proof length for index "
              + index
              + " in a tree of size "
              + size
              + " must be "
              + expectedLength
              + " hashes, but was: "
              + proof.size());
    }
    checkProofHashes(h, "inclusion proof", proof);

    // RFC 9162 §2.1.3.2, steps 3-6.
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        // Unreachable after the length check; kept as the RFC states it.
        throw new LedgerVerificationException(
            "inclusion proof length must be " + expectedLength + ", but was: longer");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = h.hashChildren(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        r = h.hashChildren(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new LedgerVerificationException(
          "inclusion proof length must reach the root, but was: " + proof.size());
    }
    if (!MessageDigest.isEqual(r, root)) {
      throw new RootMismatchException("root calculated from inclusion proof", root, r);
    }
  }

  /**
   * Verifies that the tree of {@code size2} leaves with root {@code root2} extends the tree of
   * {@code size1} leaves with root {@code root1}, using the algorithm of RFC 9162 §2.1.4.2.
   *
   * <p>Special cases: if {@code size1 == size2} the proof must be empty and the roots equal; if
   * {@code size1 == 0} the proof must be empty (every tree extends the empty tree).
   *
   * @param h the tree hasher
   * @param size1 the older tree size; requires {@code 0 <= size1 <= size2}
   * @param size2 the newer tree size
   * @param proof the consistency proof
   * @param root1 the trusted root at {@code size1}
   * @param root2 the trusted root at {@code size2}
   * @throws LedgerVerificationException if a precondition fails, the proof has the wrong shape,
   *     or a calculated root differs ({@link RootMismatchException})
   */
  public static void verifyConsistency(
      Hasher h, long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2)
      throws LedgerVerificationException {
    Objects.requireNonNull(h, "h");
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(root1, "root1");
    Objects.requireNonNull(root2, "root2");
    if (size1 < 0) {
      throw new LedgerVerificationException(
          "consistency proof size1 must be >= 0, but was: " + size1);
    }
    if (size2 < size1) {
      throw new LedgerVerificationException(
          "consistency proof size2 must be >= size1 " + size1 + ", but was: " + size2);
    }
    checkHashLength(h, "root1", root1);
    checkHashLength(h, "root2", root2);
    if (size1 == size2) {
      if (!proof.isEmpty()) {
        throw new LedgerVerificationException(
            "consistency proof length for equal sizes must be 0 hashes, but was: "
                + proof.size());
      }
      if (!MessageDigest.isEqual(root1, root2)) {
        throw new RootMismatchException("root2 of a tree of equal size", root1, root2);
      }
      return;
    }
    if (size1 == 0) {
      if (!proof.isEmpty()) {
        throw new LedgerVerificationException(
            "consistency proof length from the empty tree must be 0 hashes, but was: "
                + proof.size());
      }
      return;
    }
    long expectedLength = consistencyProofLength(size1, size2);
    if (proof.size() != expectedLength) {
      throw new LedgerVerificationException(
          "consistency proof length from size "
              + size1
              + " to size "
              + size2
              + " must be "
              + expectedLength
              + " hashes, but was: "
              + proof.size());
    }
    checkProofHashes(h, "consistency proof", proof);

    // RFC 9162 §2.1.4.2, steps 2-7.
    int start = 0;
    byte[] seed;
    if (Long.bitCount(size1) == 1) {
      seed = root1; // step 2: prepend first_hash
    } else {
      seed = proof.get(0);
      start = 1;
    }
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = seed;
    byte[] sr = seed;
    for (int i = start; i < proof.size(); i++) {
      byte[] c = proof.get(i);
      if (sn == 0) {
        throw new LedgerVerificationException(
            "consistency proof length must be " + expectedLength + ", but was: longer");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = h.hashChildren(c, fr);
        sr = h.hashChildren(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        sr = h.hashChildren(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new LedgerVerificationException(
          "consistency proof length must reach the root, but was: " + proof.size());
    }
    if (!MessageDigest.isEqual(fr, root1)) {
      throw new RootMismatchException("root1 calculated from consistency proof", root1, fr);
    }
    if (!MessageDigest.isEqual(sr, root2)) {
      throw new RootMismatchException("root2 calculated from consistency proof", root2, sr);
    }
  }

  /**
   * Returns the length of {@code PATH(index, D[0:size])}: the inner part (where the paths to
   * {@code index} and to {@code size - 1} differ) plus one border hash per set bit above it.
   */
  static long inclusionProofLength(long index, long size) {
    int inner = 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
    return inner + Long.bitCount(index >>> inner);
  }

  /**
   * Returns the length of {@code PROOF(size1, D[0:size2])} for {@code 0 < size1 < size2}: the
   * inclusion path of leaf {@code size1 - 1} minus the levels covered by the perfect subtree that
   * ends at {@code size1}, plus that subtree's hash unless it is the whole old tree.
   */
  static long consistencyProofLength(long size1, long size2) {
    int shift = Long.numberOfTrailingZeros(size1);
    long length = inclusionProofLength(size1 - 1, size2) - shift;
    return Long.bitCount(size1) == 1 ? length : length + 1;
  }

  private static void checkHashLength(Hasher h, String what, byte[] hash)
      throws LedgerVerificationException {
    if (hash.length != h.size()) {
      throw new LedgerVerificationException(
          what + " length must be " + h.size() + " bytes, but was: " + hash.length);
    }
  }

  private static void checkProofHashes(Hasher h, String what, List<byte[]> proof)
      throws LedgerVerificationException {
    for (int i = 0; i < proof.size(); i++) {
      byte[] p = Objects.requireNonNull(proof.get(i), what + "[" + i + "]");
      if (p.length != h.size()) {
        throw new LedgerVerificationException(
            what + "[" + i + "] length must be " + h.size() + " bytes, but was: " + p.length);
      }
    }
  }
}

package org.certhub.ledger.proof;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.certhub.ledger.LedgerVerificationException;
import org.certhub.ledger.tree.Hasher;
import org.certhub.ledger.tree.MerkleTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * For every tree size 1..70 and every index (or older size): generated proofs verify, and any
 * single bit flipped in the proof, the leaf hash or the roots, a wrong index, or a proof with a
 * hash added or removed, is rejected. (A wrong tree size alone is not always detectable by the
 * proof: the caller binds size and root together by taking both from one verified checkpoint.) Each proof hash is flipped at every one of its 256 bits for sizes up to 16, and at
 * one position per hash (rotating through all bit positions) for larger sizes.
 */
class ProofVerifierPropertyTest {

  private static final int MAX = 70;
  private static final Hasher H = Hasher.sha256();
  private static MerkleTree tree;

  @BeforeAll
  static void buildTree() {
    tree = new MerkleTree(H);
    for (int i = 0; i < MAX; i++) {
      tree.append(H.hashLeaf(("entry " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
  }

  private static byte[] flip(byte[] b, int bit) {
    byte[] c = b.clone();
    c[bit / 8] ^= (byte) (1 << (bit % 8));
    return c;
  }

  private static List<byte[]> flip(List<byte[]> proof, int j, int bit) {
    List<byte[]> c = new ArrayList<>(proof);
    c.set(j, flip(proof.get(j), bit));
    return c;
  }

  private static int[] bits(long size, long salt, int j) {
    if (size <= 16) {
      int[] all = new int[256];
      for (int b = 0; b < 256; b++) {
        all[b] = b;
      }
      return all;
    }
    return new int[] {(int) ((salt * 31 + j * 7 + size) % 256)};
  }

  @Test
  void verifyInclusion_allSizesAndIndices_acceptsGeneratedAndRejectsEveryFlip() {
    for (long size = 1; size <= MAX; size++) {
      byte[] root = tree.rootAt(size);
      for (long index = 0; index < size; index++) {
        byte[] leaf = tree.leafHash(index);
        List<byte[]> proof = tree.inclusionProof(index, size);
        long s = size;
        long i = index;
        assertThatCode(() -> ProofVerifier.verifyInclusion(H, i, s, leaf, proof, root))
            .as("size %d index %d", size, index)
            .doesNotThrowAnyException();
        for (int j = 0; j < proof.size(); j++) {
          for (int bit : bits(size, index, j)) {
            List<byte[]> bad = flip(proof, j, bit);
            assertThatThrownBy(() -> ProofVerifier.verifyInclusion(H, i, s, leaf, bad, root))
                .as("size %d index %d proof[%d] bit %d", size, index, j, bit)
                .isInstanceOf(LedgerVerificationException.class);
          }
        }
        int bit = (int) ((index * 13 + size) % 256);
        assertThatThrownBy(
                () -> ProofVerifier.verifyInclusion(H, i, s, flip(leaf, bit), proof, root))
            .isInstanceOf(LedgerVerificationException.class);
        assertThatThrownBy(
                () -> ProofVerifier.verifyInclusion(H, i, s, leaf, proof, flip(root, bit)))
            .isInstanceOf(LedgerVerificationException.class);
        if (size > 1) {
          long other = (index + 1) % size;
          assertThatThrownBy(() -> ProofVerifier.verifyInclusion(H, other, s, leaf, proof, root))
              .as("size %d index %d used as %d", size, index, other)
              .isInstanceOf(LedgerVerificationException.class);
        }
        List<byte[]> longer = new ArrayList<>(proof);
        longer.add(root);
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(H, i, s, leaf, longer, root))
            .isInstanceOf(LedgerVerificationException.class);
        if (!proof.isEmpty()) {
          List<byte[]> shorter = proof.subList(0, proof.size() - 1);
          assertThatThrownBy(() -> ProofVerifier.verifyInclusion(H, i, s, leaf, shorter, root))
              .isInstanceOf(LedgerVerificationException.class);
        }
      }
    }
  }

  @Test
  void verifyConsistency_allSizePairs_acceptsGeneratedAndRejectsEveryFlip() {
    for (long size2 = 1; size2 <= MAX; size2++) {
      byte[] root2 = tree.rootAt(size2);
      for (long size1 = 0; size1 <= size2; size1++) {
        byte[] root1 = tree.rootAt(size1);
        List<byte[]> proof = tree.consistencyProof(size1, size2);
        long s1 = size1;
        long s2 = size2;
        assertThatCode(() -> ProofVerifier.verifyConsistency(H, s1, s2, proof, root1, root2))
            .as("%d -> %d", size1, size2)
            .doesNotThrowAnyException();
        for (int j = 0; j < proof.size(); j++) {
          for (int bit : bits(size2, size1, j)) {
            List<byte[]> bad = flip(proof, j, bit);
            assertThatThrownBy(
                    () -> ProofVerifier.verifyConsistency(H, s1, s2, bad, root1, root2))
                .as("%d -> %d proof[%d] bit %d", size1, size2, j, bit)
                .isInstanceOf(LedgerVerificationException.class);
          }
        }
        int bit = (int) ((size1 * 17 + size2) % 256);
        if (size1 > 0) {
          // With size1 == 0 any root1 is consistent (there is nothing to prove about it).
          assertThatThrownBy(
                  () -> ProofVerifier.verifyConsistency(H, s1, s2, proof, flip(root1, bit), root2))
              .as("%d -> %d root1 flipped", size1, size2)
              .isInstanceOf(LedgerVerificationException.class);
          assertThatThrownBy(
                  () -> ProofVerifier.verifyConsistency(H, s1, s2, proof, root1, flip(root2, bit)))
              .as("%d -> %d root2 flipped", size1, size2)
              .isInstanceOf(LedgerVerificationException.class);
        }
        List<byte[]> longer = new ArrayList<>(proof);
        longer.add(root2);
        assertThatThrownBy(() -> ProofVerifier.verifyConsistency(H, s1, s2, longer, root1, root2))
            .as("%d -> %d with an extra hash", size1, size2)
            .isInstanceOf(LedgerVerificationException.class);
        if (!proof.isEmpty()) {
          List<byte[]> shorter = proof.subList(0, proof.size() - 1);
          assertThatThrownBy(
                  () -> ProofVerifier.verifyConsistency(H, s1, s2, shorter, root1, root2))
              .as("%d -> %d with a hash missing", size1, size2)
              .isInstanceOf(LedgerVerificationException.class);
        }
      }
    }
  }
}

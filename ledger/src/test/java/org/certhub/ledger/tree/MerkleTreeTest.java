package org.certhub.ledger.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

  private static final HexFormat HEX = HexFormat.of();

  /** RFC 6962 reference leaves, as in transparency-dev/merkle testonly/constants.go. */
  static final List<String> LEAVES =
      List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
          "606162636465666768696a6b6c6d6e6f");

  /** Roots for sizes 0..8 from transparency-dev/merkle testonly/constants.go RootHashes(). */
  static final List<String> ROOTS =
      List.of(
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  private static MerkleTree referenceTree() {
    Hasher h = Hasher.sha256();
    MerkleTree tree = new MerkleTree(h);
    for (String leaf : LEAVES) {
      tree.append(h.hashLeaf(HEX.parseHex(leaf)));
    }
    return tree;
  }

  @Test
  void root_rfc6962ReferenceLeaves_matchesKnownRootAfterEveryAppend() {
    Hasher h = Hasher.sha256();
    MerkleTree tree = new MerkleTree(h);
    assertThat(HEX.formatHex(tree.root())).isEqualTo(ROOTS.get(0));
    for (int i = 0; i < LEAVES.size(); i++) {
      tree.append(h.hashLeaf(HEX.parseHex(LEAVES.get(i))));
      assertThat(HEX.formatHex(tree.root())).as("root at size %d", i + 1).isEqualTo(ROOTS.get(i + 1));
    }
  }

  @Test
  void rootAt_everyEarlierSize_matchesKnownRoots() {
    MerkleTree tree = referenceTree();
    for (int size = 0; size <= 8; size++) {
      assertThat(HEX.formatHex(tree.rootAt(size))).as("size %d", size).isEqualTo(ROOTS.get(size));
    }
  }

  @Test
  void rootAt_largeTree_equalsNaiveRecursiveDefinition() {
    Hasher h = Hasher.sha256();
    MerkleTree tree = new MerkleTree(h);
    for (int i = 0; i < 300; i++) {
      tree.append(h.hashLeaf(new byte[] {(byte) i, (byte) (i >> 8)}));
    }
    for (int size : new int[] {0, 1, 2, 3, 127, 128, 129, 255, 256, 257, 299, 300}) {
      assertThat(tree.rootAt(size)).as("size %d", size).isEqualTo(naive(h, tree, 0, size));
    }
  }

  private static byte[] naive(Hasher h, MerkleTree t, long start, long end) {
    long n = end - start;
    if (n == 0) {
      return h.emptyRoot();
    }
    if (n == 1) {
      return t.leafHash(start);
    }
    long k = Long.highestOneBit(n - 1);
    return h.hashChildren(naive(h, t, start, start + k), naive(h, t, start + k, end));
  }

  @Test
  void inclusionProof_leaf5OfSize8_matchesMerkleVector() {
    // transparency-dev/merkle testdata/inclusion/2/happy-path.json
    List<byte[]> proof = referenceTree().inclusionProof(5, 8);
    assertThat(proof).extracting(HEX::formatHex)
        .containsExactly(
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
  }

  @Test
  void consistencyProof_6to8_matchesMerkleVector() {
    // transparency-dev/merkle testdata/consistency/2/happy-path.json
    List<byte[]> proof = referenceTree().consistencyProof(6, 8);
    assertThat(proof).extracting(HEX::formatHex)
        .containsExactly(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
  }

  @Test
  void consistencyProof_equalOrZeroSizes_isEmpty() {
    MerkleTree tree = referenceTree();
    assertThat(tree.consistencyProof(0, 8)).isEmpty();
    assertThat(tree.consistencyProof(5, 5)).isEmpty();
  }

  @Test
  void inclusionProof_indexNotBelowSize_throwsIllegalArgument() {
    assertThatThrownBy(() -> referenceTree().inclusionProof(8, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("index must be in [0, 8), but was: 8");
  }

  @Test
  void rootAt_sizeBeyondTree_throwsIllegalArgument() {
    assertThatThrownBy(() -> referenceTree().rootAt(9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size must be in [0, 8], but was: 9");
  }

  @Test
  void append_wrongHashLength_throwsIllegalArgument() {
    assertThatThrownBy(() -> new MerkleTree(Hasher.sha256()).append(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leafHash length must be 32 bytes, but was: 31");
  }

  @Test
  void leafHash_returnedArray_isACopy() {
    MerkleTree tree = referenceTree();
    byte[] leaf = tree.leafHash(0);
    leaf[0] ^= 1;
    assertThat(HEX.formatHex(tree.leafHash(0))).isEqualTo(ROOTS.get(1));
  }

  /**
   * A tree on memory-mapped scratch files answers exactly as a heap tree: the RFC 6962 roots, and roots, inclusion
   * and consistency proofs across the chunks' boundaries (8,192 hashes; the first on the heap, the rest mapped); its
   * scratch files are unlinked at once.
   */
  @Test
  void mapped_answersAsTheHeapTree_acrossChunkBoundaries_andLeavesNoFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Hasher h = Hasher.sha256();
    MerkleTree mapped = MerkleTree.mapped(h, dir);
    for (int i = 0; i < LEAVES.size(); i++) {
      mapped.append(h.hashLeaf(HEX.parseHex(LEAVES.get(i))));
      assertThat(HEX.formatHex(mapped.root())).isEqualTo(ROOTS.get(i + 1));
    }
    MerkleTree heap = new MerkleTree(h);
    for (int i = 0; i < LEAVES.size(); i++) {
      heap.append(h.hashLeaf(HEX.parseHex(LEAVES.get(i))));
    }
    int n = 70_000;
    for (int i = LEAVES.size(); i < n; i++) {
      byte[] leaf = h.hashLeaf(java.nio.ByteBuffer.allocate(4).putInt(i).array());
      mapped.append(leaf);
      heap.append(leaf);
    }
    try (var files = java.nio.file.Files.list(dir)) {
      assertThat(files.toList()).as("scratch files are unlinked as soon as they are open").isEmpty();
    }
    java.util.Random rnd = new java.util.Random(7);
    for (long size : new long[] {1, 8_191, 8_192, 8_193, 16_385, 65_536, 69_999, n}) {
      assertThat(mapped.rootAt(size)).isEqualTo(heap.rootAt(size));
      long index = size == 1 ? 0 : size - 1 - rnd.nextInt((int) Math.min(size - 1, 70_000));
      assertThat(mapped.inclusionProof(index, size)).usingElementComparator(java.util.Arrays::compare)
          .containsExactlyElementsOf(heap.inclusionProof(index, size));
      assertThat(mapped.inclusionProof(65_536 % size, size)).usingElementComparator(java.util.Arrays::compare)
          .containsExactlyElementsOf(heap.inclusionProof(65_536 % size, size));
      assertThat(mapped.consistencyProof(size / 3, size)).usingElementComparator(java.util.Arrays::compare)
          .containsExactlyElementsOf(heap.consistencyProof(size / 3, size));
    }
    assertThat(mapped.leafHash(65_536)).isEqualTo(heap.leafHash(65_536));
    assertThat(mapped.perfectHash(16, 0)).isEqualTo(heap.perfectHash(16, 0));
    mapped.close();
    assertThat(mapped.root()).as("readable after close").isEqualTo(heap.root());
  }
}

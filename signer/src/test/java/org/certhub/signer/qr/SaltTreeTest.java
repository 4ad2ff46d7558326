package org.certhub.signer.qr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SaltTreeTest {

  static final byte[] ROOT = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

  static TreeSet<Integer> set(Integer... leaves) {
    return new TreeSet<>(List.of(leaves));
  }

  @Test
  void coverIsTheFewestWholeSubtreesLeftToRight() {
    assertThat(SaltTree.cover(set())).isEmpty();
    assertThat(SaltTree.cover(set(0))).containsExactly(new SaltTree.Node(0, 0));
    assertThat(SaltTree.cover(set(0, 1, 2, 3, 4, 5)))
        .containsExactly(new SaltTree.Node(2, 0), new SaltTree.Node(1, 2));
    assertThat(SaltTree.cover(set(1, 2, 3, 4, 5, 6)))
        .containsExactly(new SaltTree.Node(0, 1), new SaltTree.Node(1, 1), new SaltTree.Node(1, 2), new SaltTree.Node(0, 6));
    assertThat(SaltTree.cover(set(0, 2, 63))).containsExactly(new SaltTree.Node(0, 0), new SaltTree.Node(0, 2),
        new SaltTree.Node(0, 63));
    assertThat(SaltTree.cover(new TreeSet<>(IntStream.range(0, 64).boxed().toList())))
        .containsExactly(new SaltTree.Node(6, 0));
  }

  @Test
  void childIsTheFirst16BytesOfHmacSha256OverTheBit() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(ROOT, "HmacSHA256"));
    assertThat(SaltTree.child(ROOT, 1)).isEqualTo(Arrays.copyOf(mac.doFinal(new byte[] {1}), 16));
    assertThat(SaltTree.child(ROOT, 0)).isNotEqualTo(SaltTree.child(ROOT, 1)).hasSize(16);
  }

  @Test
  void subtreeSeedsGiveExactlyTheLeavesTheRootGives() {
    // Leaf 5 is 000101 from the root: left, left, left, right, left, right.
    byte[] walked = ROOT;
    for (int bit : new int[] {0, 0, 0, 1, 0, 1}) {
      walked = SaltTree.child(walked, bit);
    }
    assertThat(leaf(5)).isEqualTo(walked);
    for (SaltTree.Node node : SaltTree.cover(set(0, 1, 2, 3, 4, 5, 6, 9, 40, 41))) {
      List<byte[]> salts = SaltTree.leaves(SaltTree.seed(ROOT, node), node);
      assertThat(salts).hasSize(1 << node.height());
      for (int j = 0; j < salts.size(); j++) {
        assertThat(salts.get(j)).isEqualTo(leaf(node.firstLeaf() + j));
      }
    }
    assertThat(SaltTree.seed(ROOT, new SaltTree.Node(SaltTree.DEPTH, 0))).isEqualTo(ROOT);
  }

  @Test
  void firstLeavesAreTheLeavesOfTheRoot() {
    List<byte[]> all = SaltTree.leaves(ROOT, new SaltTree.Node(SaltTree.DEPTH, 0));
    for (int count : new int[] {0, 1, 7, 33, 64}) {
      List<byte[]> first = SaltTree.first(ROOT, count);
      assertThat(first).hasSize(count);
      for (int i = 0; i < count; i++) {
        assertThat(first.get(i)).isEqualTo(all.get(i));
      }
    }
  }

  static byte[] leaf(int index) {
    return SaltTree.seed(ROOT, new SaltTree.Node(0, index));
  }
}

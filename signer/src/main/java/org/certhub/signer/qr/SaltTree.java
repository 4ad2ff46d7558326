package org.certhub.signer.qr;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-presentation salts as a GGM tree (Goldreich–Goldwasser–Micali): a random 16-byte root seed,
 * {@value #DEPTH} levels, child {@code b} of a node = the first 16 bytes of HMAC-SHA256(node, [b]), and
 * leaf {@code i} (the field of index {@code i}) is that field's salt. Revealing a node reveals the salts
 * below it and nothing about the others, so a presentation carries the fewest subtree seeds that cover
 * exactly the disclosed leaves, in the order {@link #cover} derives from the disclosed index set.
 */
final class SaltTree {

  static final int DEPTH = 6;
  /** The most fields a type may have to be presented. */
  static final int LEAVES = 1 << DEPTH;
  static final int SEED_BYTES = 16;

  /**
   * A subtree: its leaves are {@code [position << height, (position + 1) << height)}.
   *
   * @param height 0 for a leaf, {@link #DEPTH} for the root
   * @param position its index among the nodes of that height, left to right
   */
  record Node(int height, int position) {
    int firstLeaf() {
      return position << height;
    }
  }

  private SaltTree() {}

  /**
   * The minimal cover of {@code leaves} by whole subtrees, left to right: from each uncovered leaf the
   * largest aligned subtree whose leaves are all in the set.
   *
   * @param leaves leaf indexes, each below {@link #LEAVES}
   */
  static List<Node> cover(SortedSet<Integer> leaves) {
    List<Node> out = new ArrayList<>();
    int i = 0;
    while (i < LEAVES) {
      if (!leaves.contains(i)) {
        i++;
        continue;
      }
      int h = 0;
      while (h < DEPTH && i % (1 << (h + 1)) == 0 && leaves.subSet(i, i + (1 << (h + 1))).size() == 1 << (h + 1)) {
        h++;
      }
      out.add(new Node(h, i >> h));
      i += 1 << h;
    }
    return out;
  }

  /** The seed of {@code node}, walking down from the root. */
  static byte[] seed(byte[] root, Node node) {
    Mac mac = hmac();
    byte[] s = root;
    for (int level = DEPTH - 1; level >= node.height(); level--) {
      s = child(mac, s, (node.firstLeaf() >> level) & 1);
    }
    return s;
  }

  /**
   * The salts of leaves {@code 0} to {@code count - 1}, deriving only the nodes above them.
   *
   * @param count at most {@link #LEAVES}
   */
  static List<byte[]> first(byte[] root, int count) {
    Mac mac = hmac();
    List<byte[]> level = List.of(root);
    for (int h = DEPTH - 1; h >= 0; h--) {
      int needed = (count + (1 << h) - 1) >> h;
      List<byte[]> next = new ArrayList<>(needed);
      for (int j = 0; j < needed; j++) {
        next.add(child(mac, level.get(j >> 1), j & 1));
      }
      level = next;
    }
    return level;
  }

  /**
   * The salts of the leaves under {@code node}, from its seed.
   *
   * @return {@code 2^height} salts, the first for {@link Node#firstLeaf()}
   */
  static List<byte[]> leaves(byte[] seed, Node node) {
    Mac mac = hmac();
    List<byte[]> level = List.of(seed);
    for (int h = node.height(); h > 0; h--) {
      List<byte[]> next = new ArrayList<>(level.size() * 2);
      for (byte[] s : level) {
        next.add(child(mac, s, 0));
        next.add(child(mac, s, 1));
      }
      level = next;
    }
    return level;
  }

  static byte[] child(byte[] parent, int bit) {
    return child(hmac(), parent, bit);
  }

  /** One Mac per derivation, re-keyed at each node: looking up the provider costs more than the HMAC. */
  private static byte[] child(Mac mac, byte[] parent, int bit) {
    try {
      mac.init(new SecretKeySpec(parent, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a 16-byte HMAC key must be accepted", e);
    }
    return Arrays.copyOf(mac.doFinal(new byte[] {(byte) bit}), SEED_BYTES);
  }

  private static Mac hmac() {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is required of every JRE", e);
    }
  }
}

package org.certhub.ledger.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.certhub.ledger.tree.Hasher;
import org.certhub.ledger.tree.MerkleTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TileStoreTest {
  @TempDir Path dir;

  static byte[] entry(long i) {
    return ("entry " + i + " " + "x".repeat((int) (i % 40))).getBytes(StandardCharsets.UTF_8);
  }

  /** Tiles written checkpoint by checkpoint (random sizes up to 70,000) hold exactly the tree's hashes and the entries. */
  @Test
  void write_incrementally_everyTileMatchesTheTree() throws Exception {
    Hasher h = Hasher.sha256();
    MerkleTree tree = new MerkleTree(h);
    TileStore store = new TileStore(dir);
    Random rnd = new Random(42);
    long size = 0;
    List<Long> checkpoints = new ArrayList<>();
    while (size < 70_000) {
      long next = size + 1 + rnd.nextInt(size < 600 ? 5 : 3000);
      for (long i = size; i < next; i++) {
        tree.append(h.hashLeaf(entry(i)));
      }
      store.write(tree, size, next, TileStoreTest::entry);
      checkpoints.add(next);
      size = next;
    }
    for (long cp : checkpoints.subList(checkpoints.size() - 5, checkpoints.size())) {
      assertTilesMatch(store, tree, cp);
    }
    assertTilesMatch(store, tree, size);
    // Level 2 exists only from 65,536 entries on.
    assertThat(Files.exists(dir.resolve("tile/2/000.p/1"))).isTrue();
  }

  @Test
  void repair_rewritesMissingTiles() throws Exception {
    Hasher h = Hasher.sha256();
    MerkleTree tree = new MerkleTree(h);
    for (long i = 0; i < 1000; i++) {
      tree.append(h.hashLeaf(entry(i)));
    }
    TileStore store = new TileStore(dir);
    store.write(tree, 0, 1000, TileStoreTest::entry);
    Files.delete(dir.resolve("tile/0/001"));
    Files.delete(dir.resolve("tile/entries/003.p/232"));
    assertThat(store.repair(tree, 1000, TileStoreTest::entry)).isEqualTo(2);
    assertTilesMatch(store, tree, 1000);
    assertThat(store.repair(tree, 1000, TileStoreTest::entry)).isZero();
  }

  static void assertTilesMatch(TileStore store, MerkleTree tree, long size) throws Exception {
    for (int level = 0; (size >>> (8 * level)) > 0; level++) {
      long nodes = size >>> (8 * level);
      for (long t = 0; t <= (nodes - 1) / 256; t++) {
        int width = (int) Math.min(256, nodes - t * 256);
        byte[] tile = store.read(new TilePath(false, level, t, width)).orElseThrow(() -> new AssertionError("missing tile"));
        assertThat(tile).hasSize(width * 32);
        for (int i = 0; i < width; i++) {
          byte[] hash = new byte[32];
          System.arraycopy(tile, i * 32, hash, 0, 32);
          assertThat(hash).isEqualTo(tree.perfectHash(8 * level, t * 256 + i));
        }
      }
    }
    for (long t = 0; t <= (size - 1) / 256; t++) {
      int width = (int) Math.min(256, size - t * 256);
      ByteBuffer b = ByteBuffer.wrap(store.read(new TilePath(true, 0, t, width)).orElseThrow());
      for (int i = 0; i < width; i++) {
        byte[] e = new byte[b.getShort() & 0xffff];
        b.get(e);
        assertThat(e).isEqualTo(entry(t * 256 + i));
      }
      assertThat(b.hasRemaining()).isFalse();
    }
  }
}

package org.certhub.ledger.tiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongFunction;
import org.certhub.ledger.tree.MerkleTree;

/**
 * C2SP tlog-tiles on the file system under {@code <ledger>/tile/}. Each file is written to a temporary
 * name, forced, and renamed, so a crash leaves either the old file or the whole new one, never a torn
 * tile. Partial tiles are kept after the full tile exists, so a client holding an older checkpoint still
 * finds its tiles.
 */
public final class TileStore {
  private final Path root;

  /** Tiles under {@code ledgerDir/tile}. */
  public TileStore(Path ledgerDir) {
    this.root = ledgerDir;
  }

  /**
   * Writes every tile a tree of {@code newSize} needs that a tree of {@code oldSize} did not have.
   *
   * @param tree the tree, holding at least {@code newSize} leaves; the caller holds its lock
   * @param entries entry bytes by index, for the entry bundles
   */
  public void write(MerkleTree tree, long oldSize, long newSize, LongFunction<byte[]> entries) throws IOException {
    if (newSize <= oldSize) {
      return;
    }
    for (int level = 0; level < 64; level++) {
      int height = 8 * level;
      long nodes = newSize >>> height;
      if (nodes == 0) {
        break;
      }
      long oldNodes = oldSize >>> height;
      if (nodes == oldNodes) {
        continue;
      }
      for (long t = oldNodes / TilePath.WIDTH; t <= (nodes - 1) / TilePath.WIDTH; t++) {
        int width = (int) Math.min(TilePath.WIDTH, nodes - t * TilePath.WIDTH);
        TilePath path = new TilePath(false, level, t, width);
        byte[] bytes = new byte[width * 32];
        for (int i = 0; i < width; i++) {
          System.arraycopy(tree.perfectHash(height, t * TilePath.WIDTH + i), 0, bytes, i * 32, 32);
        }
        put(path, bytes);
      }
    }
    for (long t = oldSize / TilePath.WIDTH; t <= (newSize - 1) / TilePath.WIDTH; t++) {
      int width = (int) Math.min(TilePath.WIDTH, newSize - t * TilePath.WIDTH);
      put(new TilePath(true, 0, t, width), bundle(t * TilePath.WIDTH, width, entries));
    }
  }

  /** Every tile of a tree of {@code size} that is missing on disk, written again (after a crash or a lost disk). */
  public int repair(MerkleTree tree, long size, LongFunction<byte[]> entries) throws IOException {
    int written = 0;
    for (int level = 0; level < 64; level++) {
      long nodes = size >>> (8 * level);
      if (nodes == 0) {
        break;
      }
      for (long t = 0; t <= (nodes - 1) / TilePath.WIDTH; t++) {
        int width = (int) Math.min(TilePath.WIDTH, nodes - t * TilePath.WIDTH);
        TilePath p = new TilePath(false, level, t, width);
        if (!Files.exists(root.resolve(p.path()))) {
          byte[] bytes = new byte[width * 32];
          for (int i = 0; i < width; i++) {
            System.arraycopy(tree.perfectHash(8 * level, t * TilePath.WIDTH + i), 0, bytes, i * 32, 32);
          }
          put(p, bytes);
          written++;
        }
      }
    }
    for (long t = 0; size > 0 && t <= (size - 1) / TilePath.WIDTH; t++) {
      int width = (int) Math.min(TilePath.WIDTH, size - t * TilePath.WIDTH);
      TilePath p = new TilePath(true, 0, t, width);
      if (!Files.exists(root.resolve(p.path()))) {
        put(p, bundle(t * TilePath.WIDTH, width, entries));
        written++;
      }
    }
    return written;
  }

  /** The tile's bytes; a partial tile not on disk is cut from the full one when that exists. */
  public Optional<byte[]> read(TilePath path) throws IOException {
    Optional<byte[]> direct = readFile(path);
    if (direct.isPresent() || path.full()) {
      return direct;
    }
    Optional<byte[]> full = readFile(path.asFull());
    if (full.isEmpty()) {
      return Optional.empty();
    }
    byte[] f = full.get();
    if (!path.entries()) {
      return Optional.of(Arrays.copyOf(f, path.width() * 32));
    }
    int offset = 0;
    for (int i = 0; i < path.width(); i++) {
      offset += 2 + (((f[offset] & 0xff) << 8) | (f[offset + 1] & 0xff));
    }
    return Optional.of(Arrays.copyOf(f, offset));
  }

  private Optional<byte[]> readFile(TilePath path) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(root.resolve(path.path())));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** An entry bundle: each entry as a big-endian uint16 length and its bytes. */
  public static byte[] bundle(long start, int width, LongFunction<byte[]> entries) {
    byte[][] all = new byte[width][];
    int total = 0;
    for (int i = 0; i < width; i++) {
      all[i] = entries.apply(start + i);
      if (all[i].length > 0xffff) {
        throw new IllegalArgumentException("entry " + (start + i) + " must be at most 65535 bytes for a tile bundle, but was: " + all[i].length);
      }
      total += 2 + all[i].length;
    }
    ByteBuffer b = ByteBuffer.allocate(total);
    for (byte[] e : all) {
      b.putShort((short) e.length).put(e);
    }
    return b.array();
  }

  private void put(TilePath path, byte[] bytes) throws IOException {
    Path file = root.resolve(path.path());
    if (path.full() && Files.exists(file)) {
      return; // full tiles are immutable
    }
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}

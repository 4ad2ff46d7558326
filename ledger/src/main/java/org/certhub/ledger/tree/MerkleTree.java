package org.certhub.ledger.tree;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An in-memory, append-only RFC 9162 §2.1 Merkle tree over leaf hashes.
 *
 * <p>The tree keeps every complete (perfect, aligned) subtree hash, level by level, so the roots
 * of earlier sizes and proofs can be computed with {@code O(log n)} hashing per subtree on the
 * right edge. The current root is maintained incrementally from the compact range (the perfect
 * subtrees on the right edge): {@link #root()} hashes at most {@code log2(n)} nodes. Memory is
 * about two hashes per leaf, packed into 256 KiB buffers: a hub's tree of millions of leaves is then
 * a few hundred arrays the garbage collector does not scan, not millions of small objects it must
 * mark again in every cycle (a hub under load spent a quarter of its CPU on that). A tree made with
 * {@link #mapped(Hasher, Path)} keeps them outside the Java heap instead, in memory-mapped scratch files,
 * so a log of ten million entries (640 MB of hashes) does not need a heap that large; the first 8,192
 * hashes of each level stay on the heap either way.
 *
 * <p><b>Not thread-safe.</b> Callers that share a tree between threads MUST synchronise all
 * access, reads included, on one lock. ({@link org.certhub.ledger.Ledger} does.)
 */
public final class MerkleTree {

  private final Hasher hasher;
  /** levels.get(l).get(i) is the hash of the perfect subtree of 2^l leaves starting at i*2^l. */
  private final List<Column> levels = new ArrayList<>();
  /** Where mapped levels keep their scratch files, or null for levels on the heap. */
  private final Path scratch;
  private byte[] cachedRoot;

  /**
   * Creates an empty tree.
   *
   * @param hasher the tree hash to use
   */
  public MerkleTree(Hasher hasher) {
    this(hasher, null);
  }

  private MerkleTree(Hasher hasher, Path scratch) {
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.scratch = scratch;
    levels.add(column());
  }

  /**
   * Creates an empty tree whose hashes live in memory-mapped files in {@code directory} (the page cache, not the
   * Java heap). Each level's file is unlinked as soon as it is open, so nothing is left behind, even after a crash:
   * the tree is derived data, rebuilt from the journal at every start. Call {@link #close()} when done.
   *
   * @param hasher the tree hash to use
   * @param directory an existing, writable directory on a disk-backed file system
   * @return the empty tree
   */
  public static MerkleTree mapped(Hasher hasher, Path directory) {
    return new MerkleTree(hasher, Objects.requireNonNull(directory, "directory"));
  }

  /** Releases the scratch files of a {@link #mapped} tree; its hashes stay readable until it is unreachable. */
  public void close() {
    for (Column c : levels) {
      c.close();
    }
  }

  private Column column() {
    return new Column(hasher.size(), scratch);
  }

  /**
   * Returns the hasher this tree was built with.
   *
   * @return the hasher
   */
  public Hasher hasher() {
    return hasher;
  }

  /**
   * Appends a leaf hash (already computed with {@link Hasher#hashLeaf(byte[])}).
   *
   * @param leafHash the leaf hash; copied
   * @throws IllegalArgumentException if its length is not {@link Hasher#size()}
   */
  public void append(byte[] leafHash) {
    Objects.requireNonNull(leafHash, "leafHash");
    if (leafHash.length != hasher.size()) {
      throw new IllegalArgumentException(
          "leafHash length must be " + hasher.size() + " bytes, but was: " + leafHash.length);
    }
    if (levels.get(0).size() == Integer.MAX_VALUE) {
      throw new IllegalStateException("tree is full at " + Integer.MAX_VALUE + " leaves");
    }
    byte[] node = leafHash;
    int level = 0;
    while (true) {
      Column row = levels.get(level);
      row.add(node);
      if ((row.size() & 1) == 1) {
        break;
      }
      node = hasher.hashChildren(row.get(row.size() - 2), node);
      level++;
      if (levels.size() == level) {
        levels.add(column());
      }
    }
    cachedRoot = null;
  }

  /**
   * Returns the number of leaves.
   *
   * @return the tree size
   */
  public long size() {
    return levels.get(0).size();
  }

  /**
   * Returns the current root hash, {@code MTH(D[0:size])}.
   *
   * @return a copy of the root (the empty root for an empty tree)
   */
  public byte[] root() {
    if (cachedRoot == null) {
      cachedRoot = compactRoot(size());
    }
    return cachedRoot.clone();
  }

  /**
   * Returns the root hash the tree had when it had {@code size} leaves.
   *
   * @param size a tree size, {@code 0 <= size <= size()}
   * @return the root hash at that size
   * @throws IllegalArgumentException if {@code size} is out of range
   */
  public byte[] rootAt(long size) {
    checkSize("size", size);
    if (size == size()) {
      return root();
    }
    return compactRoot(size);
  }

  /**
   * Returns the hash of leaf {@code index}.
   *
   * @param index {@code 0 <= index < size()}
   * @return a copy of the leaf hash
   * @throws IllegalArgumentException if {@code index} is out of range
   */
  public byte[] leafHash(long index) {
    if (index < 0 || index >= size()) {
      throw new IllegalArgumentException(
          "index must be in [0, " + size() + "), but was: " + index);
    }
    return levels.get(0).get((int) index);
  }

  /**
   * Returns the inclusion proof {@code PATH(index, D[0:size])} of RFC 9162 §2.1.3.1: the sibling
   * hashes from the leaf up to the root, leaf sibling first.
   *
   * @param index the leaf index, {@code 0 <= index < size}
   * @param size the tree size the proof is for, {@code size <= size()}
   * @return the proof hashes (an unmodifiable list of fresh arrays; empty for a one-leaf tree)
   * @throws IllegalArgumentException if {@code index} or {@code size} is out of range
   */
  public List<byte[]> inclusionProof(long index, long size) {
    checkSize("size", size);
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "index must be in [0, " + size + "), but was: " + index);
    }
    List<byte[]> proof = new ArrayList<>();
    path(index, 0, size, proof);
    return Collections.unmodifiableList(proof);
  }

  /**
   * Returns the consistency proof {@code PROOF(size1, D[0:size2])} of RFC 9162 §2.1.4.1.
   *
   * @param size1 the older size, {@code 0 <= size1 <= size2}
   * @param size2 the newer size, {@code size2 <= size()}
   * @return the proof hashes (unmodifiable; empty when {@code size1 == 0} or {@code size1 ==
   *     size2})
   * @throws IllegalArgumentException if a size is out of range
   */
  public List<byte[]> consistencyProof(long size1, long size2) {
    checkSize("size2", size2);
    if (size1 < 0 || size1 > size2) {
      throw new IllegalArgumentException(
          "size1 must be in [0, " + size2 + "], but was: " + size1);
    }
    List<byte[]> proof = new ArrayList<>();
    if (size1 > 0 && size1 < size2) {
      subproof(size1, 0, size2, true, proof);
    }
    return Collections.unmodifiableList(proof);
  }

  /** PATH(m, D[start:end]), appending to proof in order. */
  private void path(long m, long start, long end, List<byte[]> proof) {
    long n = end - start;
    if (n == 1) {
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m < k) {
      path(m, start, start + k, proof);
      proof.add(subtreeHash(start + k, end));
    } else {
      path(m - k, start + k, end, proof);
      proof.add(subtreeHash(start, start + k));
    }
  }

  /** SUBPROOF(m, D[start:end], b), appending to proof in order. */
  private void subproof(long m, long start, long end, boolean b, List<byte[]> proof) {
    long n = end - start;
    if (m == n) {
      if (!b) {
        proof.add(subtreeHash(start, end));
      }
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(m, start, start + k, b, proof);
      proof.add(subtreeHash(start + k, end));
    } else {
      subproof(m - k, start + k, end, false, proof);
      proof.add(subtreeHash(start, start + k));
    }
  }

  /**
   * Returns the hash of the perfect subtree of {@code 2^height} leaves starting at leaf {@code index *
   * 2^height}: what a tlog tile at level {@code height / 8} holds.
   *
   * @param height the subtree height, {@code 0} for leaf hashes
   * @param index the subtree's position among subtrees of that height
   * @return a copy of the hash
   * @throws IllegalArgumentException if that subtree is not complete in the tree
   */
  public byte[] perfectHash(int height, long index) {
    if (height < 0 || height >= levels.size() || index < 0 || index >= levels.get(height).size()) {
      throw new IllegalArgumentException("perfect subtree (height " + height + ", index " + index + ") must be complete in a tree of size "
          + size() + ", but was not");
    }
    return levels.get(height).get((int) index);
  }

  /** MTH(D[start:end]) for 0 <= start < end <= size(). */
  private byte[] subtreeHash(long start, long end) {
    long n = end - start;
    if (Long.bitCount(n) == 1 && start % n == 0) {
      int level = Long.numberOfTrailingZeros(n);
      return levels.get(level).get((int) (start >>> level));
    }
    long k = largestPowerOfTwoBelow(n);
    return hasher.hashChildren(subtreeHash(start, start + k), subtreeHash(start + k, end));
  }

  /** Root at a size from the perfect subtrees of its compact range, right to left. */
  private byte[] compactRoot(long size) {
    if (size == 0) {
      return hasher.emptyRoot();
    }
    byte[] acc = null;
    long end = size;
    // Peel perfect subtrees off the right edge, smallest first.
    while (end > 0) {
      int level = Long.numberOfTrailingZeros(end);
      byte[] node = levels.get(level).get((int) ((end >>> level) - 1));
      acc = acc == null ? node : hasher.hashChildren(node, acc);
      end -= 1L << level;
    }
    return acc;
  }

  /**
   * One level's hashes back to back in chunks of {@value #CHUNK} (256 KiB for SHA-256 and SM3, under G1's
   * humongous-object size). The first chunk is always on the heap, so a small level never touches the disk; in a
   * {@link #mapped} tree the others are regions of the level's scratch file, written with zeros before they are
   * mapped, so the file system has allocated them: a page of a sparse file that a full disk cannot back would kill
   * the process with SIGBUS on first write. Where that write fails (a full disk), the chunk goes on the heap.
   * {@link #get} returns a fresh copy.
   */
  private static final class Column {
    private static final int CHUNK = 1 << 13;
    private final int width;
    private final Path scratch;
    private FileChannel channel;
    private ByteBuffer[] chunks = new ByteBuffer[4];
    private int size;

    Column(int width, Path scratch) {
      this.width = width;
      this.scratch = scratch;
    }

    int size() {
      return size;
    }

    void add(byte[] hash) {
      int c = size / CHUNK;
      if (c == chunks.length) {
        chunks = java.util.Arrays.copyOf(chunks, chunks.length * 2);
      }
      if (chunks[c] == null) {
        chunks[c] = c > 0 && scratch != null ? mapped(c) : ByteBuffer.allocate(CHUNK * width);
      }
      chunks[c].put((size % CHUNK) * width, hash, 0, width);
      size++;
    }

    byte[] get(int i) {
      byte[] out = new byte[width];
      chunks[i / CHUNK].get((i % CHUNK) * width, out, 0, width);
      return out;
    }

    private ByteBuffer mapped(int c) {
      long bytes = (long) CHUNK * width;
      long at = (c - 1) * bytes; // chunk 0 is on the heap
      try {
        if (channel == null) {
          Path file = Files.createTempFile(scratch, "tree-", ".scratch");
          channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
          try {
            Files.delete(file); // unlinked while open: nothing is left behind, even after kill -9
          } catch (IOException e) {
            file.toFile().deleteOnExit(); // a file system that keeps open files from being unlinked
          }
        }
        ByteBuffer zeros = ByteBuffer.allocate((int) bytes);
        while (zeros.hasRemaining()) {
          channel.write(zeros, at + zeros.position());
        }
        return channel.map(FileChannel.MapMode.READ_WRITE, at, bytes);
      } catch (IOException e) {
        return ByteBuffer.allocate((int) bytes);
      }
    }

    void close() {
      if (channel != null) {
        try {
          channel.close(); // the mappings stay valid
        } catch (IOException e) {
          // nothing is lost: the file is unlinked already
        }
      }
    }
  }

  private void checkSize(String name, long size) {
    if (size < 0 || size > size()) {
      throw new IllegalArgumentException(
          name + " must be in [0, " + size() + "], but was: " + size);
    }
  }

  private static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }

  @Override
  public String toString() {
    return "MerkleTree[size=" + size() + ", " + hasher.algorithm() + "]";
  }
}

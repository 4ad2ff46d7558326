package org.certhub.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The last {@code capacity} request ids and the ledger index each got, in primitive arrays: an open-addressing
 * table (linear probing, at most half full) keyed by the first 128 bits of SHA-256 of the id, and a ring of the keys
 * in insertion order, so the oldest is forgotten first. About 64 bytes per remembered id and no object per id: a
 * million ids were some 200 MB of strings, futures and map entries in a 512 MB hub, which the garbage collector
 * marked again in every cycle. 128 bits of SHA-256 make two ids sharing a key as unlikely as a SHA-256 collision.
 *
 * <p>Not thread-safe: the {@link Ledger} guards it.
 */
final class RecentRequests {
  private static final long EMPTY = -1;
  private final int capacity;
  private long[] k1 = new long[64];
  private long[] k2 = new long[64];
  private long[] index = filled(64);
  private int count;
  private long[] ring1 = new long[16];
  private long[] ring2 = new long[16];
  private int head; // oldest key in the ring
  private int ringSize;

  RecentRequests(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, but was: " + capacity);
    }
    this.capacity = capacity;
  }

  /** The key of a request id: the first 128 bits of SHA-256 of its UTF-8 bytes, as two longs. */
  static long[] key(String requestId) {
    try {
      ByteBuffer d = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(requestId.getBytes(StandardCharsets.UTF_8)));
      return new long[] {d.getLong(), d.getLong()};
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  int size() {
    return count;
  }

  /** The index remembered for the key, or -1. */
  long find(long[] key) {
    int mask = k1.length - 1;
    for (int i = slot(key[0], mask); index[i] != EMPTY; i = (i + 1) & mask) {
      if (k1[i] == key[0] && k2[i] == key[1]) {
        return index[i];
      }
    }
    return EMPTY;
  }

  /** Remembers the key's index (replacing an earlier one), forgetting the oldest key when full. */
  void put(long[] key, long idx) {
    if (idx < 0) {
      throw new IllegalArgumentException("index must be >= 0, but was: " + idx);
    }
    int mask = k1.length - 1;
    int i = slot(key[0], mask);
    for (; index[i] != EMPTY; i = (i + 1) & mask) {
      if (k1[i] == key[0] && k2[i] == key[1]) {
        index[i] = idx;
        return;
      }
    }
    if (count == capacity) {
      remove(ring1[head], ring2[head]);
      head = (head + 1) % ring1.length;
      ringSize--;
    }
    if ((count + 1) * 2 > k1.length) {
      rehash(k1.length * 2);
    }
    insert(key[0], key[1], idx);
    count++;
    if (ringSize == ring1.length) {
      growRing();
    }
    int tail = (head + ringSize) % ring1.length;
    ring1[tail] = key[0];
    ring2[tail] = key[1];
    ringSize++;
  }

  private void insert(long a, long b, long idx) {
    int mask = k1.length - 1;
    int i = slot(a, mask);
    while (index[i] != EMPTY) {
      i = (i + 1) & mask;
    }
    k1[i] = a;
    k2[i] = b;
    index[i] = idx;
  }

  /** Removes a key with backward-shift deletion, so no tombstones are left to lengthen probes. */
  private void remove(long a, long b) {
    int mask = k1.length - 1;
    int i = slot(a, mask);
    while (index[i] != EMPTY && !(k1[i] == a && k2[i] == b)) {
      i = (i + 1) & mask;
    }
    if (index[i] == EMPTY) {
      return;
    }
    count--;
    int gap = i;
    for (int j = (gap + 1) & mask; index[j] != EMPTY; j = (j + 1) & mask) {
      int home = slot(k1[j], mask);
      // Move j into the gap unless its home lies cyclically in (gap, j].
      boolean homeBetween = gap <= j ? (home > gap && home <= j) : (home > gap || home <= j);
      if (!homeBetween) {
        k1[gap] = k1[j];
        k2[gap] = k2[j];
        index[gap] = index[j];
        gap = j;
      }
    }
    index[gap] = EMPTY;
  }

  private void rehash(int newLength) {
    long[] oa = k1;
    long[] ob = k2;
    long[] oi = index;
    k1 = new long[newLength];
    k2 = new long[newLength];
    index = filled(newLength);
    for (int i = 0; i < oa.length; i++) {
      if (oi[i] != EMPTY) {
        insert(oa[i], ob[i], oi[i]);
      }
    }
  }

  private void growRing() {
    int n = Math.min(Math.max(16, ring1.length * 2), capacity);
    long[] a = new long[n];
    long[] b = new long[n];
    for (int i = 0; i < ringSize; i++) {
      a[i] = ring1[(head + i) % ring1.length];
      b[i] = ring2[(head + i) % ring2.length];
    }
    ring1 = a;
    ring2 = b;
    head = 0;
  }

  private static int slot(long a, int mask) {
    return (int) (a ^ (a >>> 32)) & mask;
  }

  private static long[] filled(int n) {
    long[] a = new long[n];
    java.util.Arrays.fill(a, EMPTY);
    return a;
  }
}

package org.certhub.ledger.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.certhub.ledger.LedgerException;

/**
 * An append-only file of framed records: {@code [u32 big-endian length][u32 big-endian CRC32C of
 * payload][payload]}, with payloads of 1 to {@value #MAX_PAYLOAD} bytes.
 *
 * <p>This is the storage format shared by the journal ({@code journal.log}) and the checkpoint log
 * ({@code checkpoints.log}). Most callers want {@link Journal}; this class is public so that the
 * ledger facade and outside verifiers can read and write the same format.
 *
 * <p><b>Recovery rules</b> (applied by {@link #open} and, without modifying the file, by {@link
 * #readAll}):
 *
 * <ul>
 *   <li>A <em>torn tail</em> is truncated away: an incomplete final header or payload, or a final
 *       record that fails its checks (bad CRC, or a length outside {@code [1, 65535]} with no more
 *       bytes after it than one record can hold). A crash during an append leaves exactly this.
 *   <li>A record that fails its checks while a valid record follows it, or a bad length with more
 *       bytes behind it than one record can hold, is <em>corruption</em>: {@link
 *       JournalCorruptionException} naming the record number and byte offset. The file is left
 *       untouched.
 * </ul>
 *
 * <p>Zero-length payloads are not allowed: the CRC32C of the empty string is 0, so an all-zero
 * region (a file extended by a crash before its data reached the disk) would otherwise read as
 * valid records.
 *
 * <p>Thread-safety: {@link #append}, {@link #read} and {@link #size} may be called from any
 * thread; appends are serialised.
 */
public final class RecordFile implements AutoCloseable {

  /** The largest payload, in bytes: the C2SP tlog-tiles entry bundle limit (uint16 lengths). */
  public static final int MAX_PAYLOAD = 65535;

  static final int HEADER = 8;

  private final Path path;
  private final String label;
  private final FileChannel channel;
  private final FileLock lock;
  private final long recoveredBytes;

  private long[] offsets;
  private int count;
  private long end;
  private boolean closed;
  private long forces;

  private RecordFile(
      Path path, String label, FileChannel channel, FileLock lock, Scan scan, long recovered) {
    this.path = path;
    this.label = label;
    this.channel = channel;
    this.lock = lock;
    this.offsets = scan.offsets;
    this.count = scan.count;
    this.end = scan.validEnd;
    this.recoveredBytes = recovered;
  }

  /**
   * Opens (creating if absent) a record file for appending, recovering from a crash.
   *
   * <p>The file is locked against other processes for as long as it is open. A torn tail is
   * truncated and the truncation forced to disk before this method returns.
   *
   * @param file the file path; its parent directory must exist
   * @param label how records are named in messages, for example {@code "journal record"}
   * @return the open file
   * @throws JournalCorruptionException if the file is corrupt (see the class documentation)
   * @throws LedgerException if the file cannot be opened, read, locked or truncated
   */
  public static RecordFile open(Path file, String label) throws LedgerException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(label, "label");
    boolean existed = Files.exists(file);
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new LedgerException("cannot open " + file + ": " + e, e);
    }
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new LedgerException(
            file + " must not be open elsewhere, but was: locked by another owner");
      }
      Scan scan = Scan.run(channel, label, null);
      long size = channel.size();
      long recovered = size - scan.validEnd;
      if (recovered > 0) {
        channel.truncate(scan.validEnd);
        channel.force(true);
        System.getLogger(RecordFile.class.getName())
            .log(
                System.Logger.Level.WARNING,
                "{0}: truncated a torn tail of {1} bytes after {2} whole records",
                file,
                recovered,
                scan.count);
      }
      if (!existed) {
        channel.force(true);
        forceDirectory(file.toAbsolutePath().getParent());
      }
      return new RecordFile(file, label, channel, lock, scan, recovered);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new LedgerException("cannot recover " + file + ": " + e, e);
    } catch (LedgerException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /**
   * Reads all whole records of a file without modifying or locking it, for outside verifiers.
   *
   * <p>A torn tail is ignored (it is not part of the log); corruption is reported.
   *
   * @param file the file; a missing file reads as empty
   * @param label how records are named in messages
   * @return the payloads in order (an unmodifiable list)
   * @throws JournalCorruptionException if the file is corrupt
   * @throws LedgerException if the file cannot be read
   */
  public static List<byte[]> readAll(Path file, String label) throws LedgerException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(label, "label");
    List<byte[]> out = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      Scan.run(channel, label, out::add);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new LedgerException("cannot read " + file + ": " + e, e);
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Appends one record and forces it to disk before returning.
   *
   * @param payload 1 to {@value #MAX_PAYLOAD} bytes
   * @return the index of the new record
   * @throws IllegalArgumentException if the payload is empty or too large
   * @throws LedgerException if writing or forcing fails; the file must then be treated as failed
   */
  public long append(byte[] payload) throws LedgerException {
    try {
      return appendAll(List.of(payload));
    } catch (IOException e) {
      throw new LedgerException("cannot append to " + path + ": " + e, e);
    }
  }

  /**
   * Drops whatever a failed {@link #appendAll} left past the last forced record and forces the truncation,
   * so the file holds exactly the acknowledged records again and appending can resume. Those bytes were
   * never acknowledged; keeping them could turn a refused request into a recorded one.
   *
   * @throws IOException if truncating or forcing fails (the file stays failed)
   */
  synchronized void discardUnforced() throws IOException {
    checkOpen();
    if (channel.size() > end) {
      channel.truncate(end);
    }
    channel.force(true);
    forces++;
  }

  /**
   * Writes all payloads as consecutive records with one write and one force.
   *
   * @return the index of the first record
   */
  synchronized long appendAll(List<byte[]> payloads) throws IOException {
    checkOpen();
    int total = 0;
    for (byte[] p : payloads) {
      checkPayload(p);
      total += HEADER + p.length;
    }
    ByteBuffer buf = ByteBuffer.allocate(total);
    long[] newOffsets = new long[payloads.size()];
    long pos = end;
    for (int i = 0; i < payloads.size(); i++) {
      byte[] p = payloads.get(i);
      newOffsets[i] = pos;
      buf.putInt(p.length).putInt(crc(p, 0, p.length)).put(p);
      pos += HEADER + p.length;
    }
    buf.flip();
    long at = end;
    while (buf.hasRemaining()) {
      at += channel.write(buf, at);
    }
    // fdatasync: the data and the metadata needed to read it back (the file's new length), without a separate
    // flush of timestamps, which recovery does not need.
    channel.force(false);
    forces++;
    long first = count;
    for (long o : newOffsets) {
      if (count == offsets.length) {
        offsets = Arrays.copyOf(offsets, Math.max(16, offsets.length * 2));
      }
      offsets[count++] = o;
    }
    end = pos;
    return first;
  }

  /**
   * Reads record {@code index}, checking its CRC again.
   *
   * @param index {@code 0 <= index < size()}
   * @return a fresh copy of the payload
   * @throws IllegalArgumentException if the index is out of range
   * @throws JournalCorruptionException if the record no longer matches its CRC
   * @throws LedgerException if reading fails
   */
  public byte[] read(long index) throws LedgerException {
    long offset;
    synchronized (this) {
      checkOpen();
      if (index < 0 || index >= count) {
        throw new IllegalArgumentException(
            "index must be in [0, " + count + "), but was: " + index);
      }
      offset = offsets[(int) index];
    }
    try {
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      readFully(channel, header, offset);
      header.flip();
      int length = header.getInt();
      int stored = header.getInt();
      if (length <= 0 || length > MAX_PAYLOAD) {
        throw new JournalCorruptionException(
            label + " " + index + " at byte offset " + offset + " length must be in [1, "
                + MAX_PAYLOAD + "], but was: " + Integer.toUnsignedString(length),
            index,
            offset);
      }
      ByteBuffer payload = ByteBuffer.allocate(length);
      readFully(channel, payload, offset + HEADER);
      byte[] bytes = payload.array();
      int actual = crc(bytes, 0, length);
      if (actual != stored) {
        throw new JournalCorruptionException(
            crcMessage(label, index, offset, stored, actual, ""), index, offset);
      }
      return bytes;
    } catch (IOException e) {
      throw new LedgerException("cannot read " + label + " " + index + " of " + path + ": " + e, e);
    }
  }

  /**
   * Returns the number of whole records.
   *
   * @return the record count
   */
  public synchronized long size() {
    return count;
  }

  /**
   * Returns the file path.
   *
   * @return the path
   */
  public Path path() {
    return path;
  }

  /** Bytes of torn tail removed when the file was opened. */
  long recoveredBytes() {
    return recoveredBytes;
  }

  /** Number of successful {@code force} calls made by appends. */
  synchronized long forceCount() {
    return forces;
  }

  /**
   * Releases the lock and closes the file. Every append already returned is on disk.
   *
   * @throws LedgerException if closing fails
   */
  @Override
  public synchronized void close() throws LedgerException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      throw new LedgerException("cannot close " + path + ": " + e, e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(path + " must be open, but was: closed");
    }
  }

  private static void checkPayload(byte[] p) {
    Objects.requireNonNull(p, "payload");
    if (p.length == 0 || p.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "payload length must be in [1, " + MAX_PAYLOAD + "] bytes, but was: " + p.length);
    }
  }

  static int crc(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  private static String crcMessage(
      String label, long index, long offset, int stored, int actual, String suffix) {
    return String.format(
        "%s %d at byte offset %d CRC32C must be 0x%08x, but was: 0x%08x%s",
        label, index, offset, stored, actual, suffix);
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    long at = pos;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, at);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte offset " + at);
      }
      at += n;
    }
  }

  private static void forceDirectory(Path dir) {
    if (dir == null) {
      return;
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open or force a directory; the file itself is forced.
      System.getLogger(RecordFile.class.getName())
          .log(System.Logger.Level.DEBUG, "cannot force directory " + dir, e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException suppressed) {
      // Already failing with a more useful exception.
    }
  }

  /** One pass over a file, finding whole records and where the valid prefix ends. */
  private static final class Scan {
    long[] offsets = new long[16];
    int count;
    long validEnd;

    static Scan run(FileChannel ch, String label, Consumer<byte[]> sink)
        throws IOException, JournalCorruptionException {
      Scan s = new Scan();
      long size = ch.size();
      long pos = 0;
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      while (pos < size) {
        long remaining = size - pos;
        if (remaining < HEADER) {
          break; // torn: incomplete header
        }
        header.clear();
        readFully(ch, header, pos);
        header.flip();
        long length = Integer.toUnsignedLong(header.getInt());
        int stored = header.getInt();
        if (length == 0 || length > MAX_PAYLOAD) {
          if (remaining > HEADER + MAX_PAYLOAD) {
            throw new JournalCorruptionException(
                label + " " + s.count + " at byte offset " + pos + " length must be in [1, "
                    + MAX_PAYLOAD + "], but was: " + length + " (" + remaining
                    + " bytes follow, more than one record can hold, so this is corruption,"
                    + " not a torn tail)",
                s.count,
                pos);
          }
          break; // torn: garbage or zeros at the end
        }
        if (remaining < HEADER + length) {
          break; // torn: incomplete payload
        }
        ByteBuffer payload = ByteBuffer.allocate((int) length);
        readFully(ch, payload, pos + HEADER);
        byte[] bytes = payload.array();
        int actual = crc(bytes, 0, bytes.length);
        long next = pos + HEADER + length;
        if (actual != stored) {
          if (validRecordAt(ch, next, size)) {
            throw new JournalCorruptionException(
                crcMessage(
                    label,
                    s.count,
                    pos,
                    stored,
                    actual,
                    " (a valid record follows, so this is corruption, not a torn tail)"),
                s.count,
                pos);
          }
          break; // torn: the final record did not reach the disk whole
        }
        if (s.count == s.offsets.length) {
          s.offsets = Arrays.copyOf(s.offsets, s.offsets.length * 2);
        }
        s.offsets[s.count++] = pos;
        if (sink != null) {
          sink.accept(bytes);
        }
        pos = next;
      }
      s.validEnd = pos;
      return s;
    }

    private static boolean validRecordAt(FileChannel ch, long pos, long size) throws IOException {
      if (size - pos < HEADER) {
        return false;
      }
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      readFully(ch, header, pos);
      header.flip();
      long length = Integer.toUnsignedLong(header.getInt());
      int stored = header.getInt();
      if (length == 0 || length > MAX_PAYLOAD || size - pos < HEADER + length) {
        return false;
      }
      ByteBuffer payload = ByteBuffer.allocate((int) length);
      readFully(ch, payload, pos + HEADER);
      return crc(payload.array(), 0, (int) length) == stored;
    }
  }
}

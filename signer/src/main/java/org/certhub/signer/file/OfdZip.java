package org.certhub.signer.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * The one ZIP form an OFD licence file has: the form the hub writes and the only one the verifier accepts.
 *
 * <p>The stamp signs the package's files, not the ZIP around them, and a ZIP has many fields nothing repeats
 * (version made by, attributes, entry counts, disk numbers, comments, extra fields) and room for bytes nothing reads.
 * Rather than judge each field, the verifier rebuilds this form from the names, CRCs and bytes it read and requires
 * the file to be exactly it, so a changed byte anywhere outside the entries' data changes the rebuilt file or makes
 * the two differ; a changed data byte fails its CRC-32 (and the stamp's check value). The form: the entries in
 * order, each stored (no deflate: a deflate stream has padding bits and trailing bytes nothing checks), UTF-8 names,
 * version 1.0 needed and 2.0 made by (MS-DOS), DOS time 1980-01-01 00:00, no data descriptors, extra fields,
 * comments or attributes, local headers end to end from byte 0, then the central directory in the same order, then
 * the end record with no comment and nothing after it. No ZIP64: a licence file is far below 4 GiB.
 */
final class OfdZip {
  static final int LOCAL = 0x04034b50;
  static final int CENTRAL = 0x02014b50;
  static final int END = 0x06054b50;
  private static final int VERSION_MADE_BY = 20;
  private static final int VERSION_NEEDED = 10;
  private static final int FLAG_UTF8 = 0x0800;
  private static final int DOS_TIME = 0;
  private static final int DOS_DATE = (1 << 5) | 1; // 1980-01-01

  /**
   * One entry as the canonical form holds it.
   *
   * @param name the entry name's bytes (UTF-8)
   * @param crc the CRC-32 written in both headers
   * @param data the stored bytes
   */
  record Entry(byte[] name, long crc, byte[] data) {
    /** An entry whose CRC is computed from its data. */
    static Entry of(String name, byte[] data) {
      CRC32 crc = new CRC32();
      crc.update(data);
      return new Entry(name.getBytes(StandardCharsets.UTF_8), crc.getValue(), data);
    }

    String displayName() {
      return new String(name, StandardCharsets.UTF_8);
    }
  }

  private OfdZip() {}

  /** Rewrites a ZIP (ofdrw's output) in the canonical form: same entries, same order, same bytes; directories dropped. */
  static byte[] canonical(byte[] zip) throws IOException {
    List<Entry> out = new ArrayList<>();
    try (ZipFile in = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
      for (ZipArchiveEntry e : Collections.list(in.getEntriesInPhysicalOrder())) {
        if (e.isDirectory()) {
          continue;
        }
        try (InputStream data = in.getInputStream(e)) {
          out.add(Entry.of(e.getName(), data.readAllBytes()));
        }
      }
    }
    return write(out);
  }

  /** The canonical bytes of {@code entries}. */
  static byte[] write(List<Entry> entries) {
    return serialise(entries, null);
  }

  /** Names the structure of the canonical form of {@code entries} that holds byte {@code offset}. */
  static String where(List<Entry> entries, long offset) {
    List<Long> starts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    byte[] all = serialise(entries, (start, name) -> {
      starts.add(start);
      names.add(name);
    });
    if (offset >= all.length) {
      return "after the end record";
    }
    String at = names.get(0);
    for (int i = 0; i < starts.size() && starts.get(i) <= offset; i++) {
      at = names.get(i);
    }
    return at;
  }

  private interface Marks {
    void mark(long start, String structure);
  }

  private static byte[] serialise(List<Entry> entries, Marks marks) {
    long size = 22;
    for (Entry e : entries) {
      size += 30L + 46L + 2L * e.name().length + e.data().length;
    }
    if (size > Integer.MAX_VALUE || entries.size() > 0xffff) {
      throw new IllegalArgumentException("an OFD licence file must fit a ZIP without ZIP64, but was: " + size + " bytes");
    }
    ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    long[] offsets = new long[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      offsets[i] = b.position();
      mark(marks, b, "local header of " + e.displayName());
      b.putInt(LOCAL);
      common(b, e);
      b.putShort((short) 0); // extra field length
      b.put(e.name());
      mark(marks, b, "data of " + e.displayName());
      b.put(e.data());
    }
    int directory = b.position();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      mark(marks, b, "central directory record of " + e.displayName());
      b.putInt(CENTRAL);
      b.putShort((short) VERSION_MADE_BY);
      common(b, e);
      b.putShort((short) 0); // extra field length
      b.putShort((short) 0); // comment length
      b.putShort((short) 0); // disk number start
      b.putShort((short) 0); // internal attributes
      b.putInt(0); // external attributes
      b.putInt((int) offsets[i]);
      b.put(e.name());
    }
    int directorySize = b.position() - directory;
    mark(marks, b, "end of central directory record");
    b.putInt(END);
    b.putShort((short) 0); // this disk
    b.putShort((short) 0); // disk with the central directory
    b.putShort((short) entries.size());
    b.putShort((short) entries.size());
    b.putInt(directorySize);
    b.putInt(directory);
    b.putShort((short) 0); // comment length
    return b.array();
  }

  /** Version needed, flags, method, time, date, CRC, sizes and name length: the same in both headers. */
  private static void common(ByteBuffer b, Entry e) {
    b.putShort((short) VERSION_NEEDED);
    b.putShort((short) FLAG_UTF8);
    b.putShort((short) ZipArchiveEntry.STORED);
    b.putShort((short) DOS_TIME);
    b.putShort((short) DOS_DATE);
    b.putInt((int) e.crc());
    b.putInt(e.data().length);
    b.putInt(e.data().length);
    b.putShort((short) e.name().length);
  }

  private static void mark(Marks marks, ByteBuffer b, String structure) {
    if (marks != null) {
      marks.mark(b.position(), structure);
    }
  }
}

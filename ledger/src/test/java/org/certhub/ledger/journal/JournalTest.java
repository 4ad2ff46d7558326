package org.certhub.ledger.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  @TempDir Path dir;

  private static byte[] entry(int i) {
    return ("entry-" + i).getBytes(StandardCharsets.UTF_8);
  }

  private Path file() {
    return dir.resolve(Journal.FILE_NAME);
  }

  private void appendAndClose(int n) throws Exception {
    try (Journal j = Journal.open(dir)) {
      for (int i = 0; i < n; i++) {
        assertThat(j.append(entry(i)).join()).isEqualTo(i);
      }
    }
  }

  @Test
  void append_closeAndReopen_entriesSurvive() throws Exception {
    appendAndClose(5);
    try (Journal j = Journal.open(dir)) {
      assertThat(j.size()).isEqualTo(5);
      for (int i = 0; i < 5; i++) {
        assertThat(j.read(i)).isEqualTo(entry(i));
      }
      assertThat(j.append(entry(5)).join()).isEqualTo(5);
    }
  }

  @Test
  void append_8ThreadsX200_distinctContiguousIndicesAndFewerForces() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (Journal j = Journal.open(dir)) {
      List<Future<List<Long>>> results = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      for (int t = 0; t < 8; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<CompletableFuture<Long>> fs = new ArrayList<>();
                  for (int i = 0; i < 200; i++) {
                    fs.add(j.append(("t" + thread + "-" + i).getBytes(StandardCharsets.UTF_8)));
                  }
                  List<Long> idx = new ArrayList<>();
                  for (CompletableFuture<Long> f : fs) {
                    idx.add(f.join());
                  }
                  return idx;
                }));
      }
      start.countDown();
      Set<Long> all = new HashSet<>();
      for (Future<List<Long>> r : results) {
        List<Long> idx = r.get(60, TimeUnit.SECONDS);
        // One thread's appends are queued in order, so they get increasing indices.
        assertThat(idx).isSorted();
        all.addAll(idx);
      }
      assertThat(all).hasSize(1600);
      assertThat(all).allMatch(i -> i >= 0 && i < 1600);
      assertThat(j.size()).isEqualTo(1600);
      assertThat(j.forceCount()).isLessThan(1600);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void append_onAnIdleJournal_isDurableWhenTheCallReturns() throws Exception {
    try (Journal j = Journal.open(dir)) {
      for (int i = 0; i < 5; i++) {
        CompletableFuture<Long> f = j.append(entry(i));
        // committed on the calling thread: one force per append, the future already complete
        assertThat(f).isCompletedWithValue((long) i);
        assertThat(j.forceCount()).isEqualTo(i + 1);
        assertThat(j.size()).isEqualTo(i + 1);
      }
    }
    try (Journal j = Journal.open(dir)) {
      assertThat(j.size()).isEqualTo(5);
      assertThat(j.read(4)).isEqualTo(entry(4));
    }
  }

  @Test
  void append_fromManyThreads_mixingInlineAndWriterCommits_keepsEveryEntryOnceInCallOrder() throws Exception {
    int threads = 8;
    int each = 300;
    List<List<Long>> seen = new ArrayList<>();
    try (Journal j = Journal.open(dir)) {
      List<Thread> ts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<Long> mine = new ArrayList<>();
        seen.add(mine);
        int id = t;
        ts.add(new Thread(() -> {
          for (int i = 0; i < each; i++) {
            mine.add(j.append(("t" + id + "-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)).join());
          }
        }));
      }
      ts.forEach(Thread::start);
      for (Thread t : ts) {
        t.join();
      }
      assertThat(j.size()).isEqualTo((long) threads * each);
      java.util.Set<Long> all = new java.util.HashSet<>();
      for (int t = 0; t < threads; t++) {
        List<Long> mine = seen.get(t);
        assertThat(mine).isSorted(); // one thread's appends keep their order
        all.addAll(mine);
        for (int i = 0; i < each; i++) {
          assertThat(new String(j.read(mine.get(i)), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("t" + t + "-" + i);
        }
      }
      assertThat(all).hasSize(threads * each); // every index handed out once
      assertThat(j.forceCount()).isLessThan((long) threads * each); // and group commit still shared forces
    }
  }

  @Test
  void append_queuedWhileWriterBusy_sharesOneForce() throws Exception {
    CountDownLatch writerHolding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    boolean[] first = {true};
    Runnable hook =
        () -> {
          if (first[0]) {
            first[0] = false;
            writerHolding.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    try (Journal j = Journal.open(dir, hook)) {
      List<CompletableFuture<Long>> fs = new ArrayList<>();
      fs.add(j.append(entry(0)));
      writerHolding.await();
      for (int i = 1; i < 100; i++) {
        fs.add(j.append(entry(i)));
      }
      assertThat(fs).noneMatch(CompletableFuture::isDone);
      release.countDown();
      for (int i = 0; i < 100; i++) {
        assertThat(fs.get(i).join()).isEqualTo(i);
      }
      assertThat(j.forceCount()).isEqualTo(1);
    }
  }

  @Test
  void open_truncatedMidRecord_recoversToLastWholeRecord() throws Exception {
    appendAndClose(3);
    long size = Files.size(file());
    try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
      raf.setLength(size - 3);
    }
    try (Journal j = Journal.open(dir)) {
      assertThat(j.size()).isEqualTo(2);
      assertThat(j.read(1)).isEqualTo(entry(1));
      assertThat(j.recoveredBytes()).isEqualTo(8 + entry(2).length - 3);
      assertThat(j.append(entry(9)).join()).isEqualTo(2);
    }
    try (Journal j = Journal.open(dir)) {
      assertThat(j.read(2)).isEqualTo(entry(9));
    }
  }

  @Test
  void open_garbageAppended_recoversToLastWholeRecord() throws Exception {
    appendAndClose(3);
    long size = Files.size(file());
    Files.write(file(), new byte[] {0x00, 0x00, 0x01, 0x00, 0x12, 0x34, 0x56, 0x78, 1, 2, 3},
        StandardOpenOption.APPEND);
    try (Journal j = Journal.open(dir)) {
      assertThat(j.size()).isEqualTo(3);
      assertThat(j.recoveredBytes()).isEqualTo(11);
    }
    assertThat(Files.size(file())).isEqualTo(size);
  }

  @Test
  void open_zeroFilledTail_recoversToLastWholeRecord() throws Exception {
    appendAndClose(2);
    Files.write(file(), new byte[4096], StandardOpenOption.APPEND);
    try (Journal j = Journal.open(dir)) {
      assertThat(j.size()).isEqualTo(2);
    }
  }

  @Test
  void open_badCrcOnFinalRecord_isTreatedAsTornTail() throws Exception {
    appendAndClose(3);
    flipLastPayloadByteOfRecord(2);
    try (Journal j = Journal.open(dir)) {
      assertThat(j.size()).isEqualTo(2);
    }
  }

  @Test
  void open_flippedByteInMiddleRecord_reportsCorruptionWithRecordAndOffset() throws Exception {
    appendAndClose(5);
    long offset = flipLastPayloadByteOfRecord(2);
    long sizeBefore = Files.size(file());
    assertThatThrownBy(() -> Journal.open(dir))
        .isInstanceOfSatisfying(
            JournalCorruptionException.class,
            e -> {
              assertThat(e.recordIndex()).isEqualTo(2);
              assertThat(e.offset()).isEqualTo(offset);
              assertThat(e.getMessage())
                  .matches(
                      "journal record 2 at byte offset " + offset
                          + " CRC32C must be 0x[0-9a-f]{8}, but was: 0x[0-9a-f]{8} \\(a valid"
                          + " record follows, so this is corruption, not a torn tail\\)");
            });
    assertThat(Files.size(file())).as("corrupt file must not be truncated").isEqualTo(sizeBefore);
  }

  @Test
  void append_afterClose_failsFutureWithIllegalState() throws Exception {
    Journal j = Journal.open(dir);
    j.close();
    assertThatThrownBy(() -> j.append(entry(0)).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("journal must be open to append, but was: closed");
  }

  @Test
  void close_withQueuedAppends_completesAllOfThem() throws Exception {
    List<CompletableFuture<Long>> fs = new ArrayList<>();
    Journal j = Journal.open(dir);
    for (int i = 0; i < 50; i++) {
      fs.add(j.append(entry(i)));
    }
    j.close();
    for (int i = 0; i < 50; i++) {
      assertThat(fs.get(i)).isCompletedWithValue((long) i);
    }
  }

  @Test
  void append_oversizedOrEmptyEntry_throwsIllegalArgument() throws Exception {
    try (Journal j = Journal.open(dir)) {
      assertThatThrownBy(() -> j.append(new byte[65536]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("entry length must be in [1, 65535] bytes, but was: 65536");
      assertThatThrownBy(() -> j.append(new byte[0]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("entry length must be in [1, 65535] bytes, but was: 0");
      assertThat(j.append(new byte[65535]).join()).isZero();
    }
  }

  @Test
  void open_whileOpen_isRefusedByLock() throws Exception {
    try (Journal j = Journal.open(dir)) {
      assertThatThrownBy(() -> Journal.open(dir))
          .isInstanceOf(org.certhub.ledger.LedgerException.class)
          .hasMessageEndingWith("must not be open elsewhere, but was: locked by another owner");
    }
  }

  /** Flips the last payload byte of record {@code n} (entries from entry(i)); returns its offset. */
  private long flipLastPayloadByteOfRecord(int n) throws Exception {
    byte[] bytes = Files.readAllBytes(file());
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long offset = 0;
    for (int i = 0; i < n; i++) {
      offset += 8 + b.getInt((int) offset);
    }
    int length = b.getInt((int) offset);
    bytes[(int) offset + 8 + length - 1] ^= 0x01;
    Files.write(file(), bytes);
    return offset;
  }
}

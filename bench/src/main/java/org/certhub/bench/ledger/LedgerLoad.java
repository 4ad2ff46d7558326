package org.certhub.bench.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.LedgerConfig;
import org.certhub.ledger.checkpoint.Checkpoint;
import org.certhub.ledger.checkpoint.NoteSigner;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.tree.Hasher;
import org.certhub.ledger.tree.MerkleTree;
import org.certhub.ledger.verify.LogVerifier;

/**
 * The ledger's load test, all measured side by side in one run on one disk: the disk's own fsync rate,
 * durable appends per second with 1, 8, 64 and 256 concurrent writers (each waits for its receipt),
 * append-to-checkpoint latency, inclusion-proof time at 10 million entries, verification time of a
 * 1-million-entry log, and bytes stored per entry. Prints a markdown table for docs/benchmarks.md.
 *
 * <p>Usage: {@code java -Xmx6g -cp bench/target/benchmarks.jar org.certhub.bench.ledger.LedgerLoad DIR [seconds]}
 */
public final class LedgerLoad {
  static final String ORIGIN = "bench.certhub.local/ledger";
  static final byte[] PAD = "x".repeat(240).getBytes(StandardCharsets.UTF_8);

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "bench/target/ledger-load");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Files.createDirectories(work);
    KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    NoteSigner signer = NoteSigner.ed25519(ORIGIN, kp.getPublic(), kp.getPrivate());

    // The disk's fsync rate drifts by several times on a shared virtual disk, so each writer count is measured
    // in rounds, each round between two fsync-rate measurements of the same disk, and judged by the median of
    // its per-round ratios rather than against one reference taken at the start.
    int rounds = Integer.getInteger("rounds", 3);
    int[] counts = Arrays.stream(System.getProperty("writers", "1,8,64,256").split(",")).mapToInt(Integer::parseInt).toArray();
    Path memory = memoryDir();
    for (int writers : counts) {
      double[] ratios = new double[rounds];
      StringBuilder perRound = new StringBuilder();
      for (int round = 0; round < rounds; round++) {
        double before = fsyncRate(fresh(work.resolve("fsync")).resolve("fsync.bin"), 2);
        Result r = appends(fresh(work.resolve("w" + writers)), signer, writers, seconds);
        double after = fsyncRate(fresh(work.resolve("fsync")).resolve("fsync.bin"), 2);
        double fsyncs = (before + after) / 2;
        ratios[round] = r.perSecond / (writers * fsyncs);
        emit("disk fsync/s (around the " + writers + "-writer round)", "fsync/s", fsyncs, round + 1, null);
        emit(writers + " writers: durable appends/s", "appends/s", r.perSecond, round + 1, writers == 256 ? ">= 50000" : null);
        emit(writers + " writers: appends/s ÷ (W × fsync/s)", "ratio", ratios[round], round + 1, writers < 64 ? ">= 0.8" : null);
        emit(writers + " writers: appends per journal fsync", "appends", r.perForce, round + 1, null);
        String memoryNote = "";
        if (memory != null) {
          // The same appends with the journal in memory, where a force returns at once: what the ledger's code and
          // this machine's thread scheduling allow W writers when the disk costs nothing. A commit cycle is the
          // force plus that hand-off work, one after the other, so W writers on this disk and CPU reach at most
          // 1 / (1/(W × fsync/s) + 1/memory rate); the ratio to that bound separates what the ledger loses from
          // what the machine imposes.
          Result m = appends(fresh(memory), signer, writers, seconds);
          double bound = 1 / (1 / (writers * fsyncs) + 1 / m.perSecond);
          emit(writers + " writers: durable appends/s, journal in memory", "appends/s", m.perSecond, round + 1, null);
          emit(writers + " writers: appends/s ÷ disk-and-CPU bound", "ratio", r.perSecond / bound, round + 1, null);
          memoryNote = String.format(" [in memory %.0f/s, bound %.0f/s, %.2f× of it]", m.perSecond, bound, r.perSecond / bound);
        }
        perRound.append(String.format("%s%.0f/s at %.0f fsync/s (%.2f×, %.1f appends per journal fsync, p99 %.2f ms)",
            round == 0 ? "" : "; ", r.perSecond, fsyncs, ratios[round], r.perForce, r.p99)).append(memoryNote);
      }
      double[] sorted = ratios.clone();
      Arrays.sort(sorted);
      double median = sorted[rounds / 2];
      System.out.printf("| durable appends, %d writers | median %.2f × W×fsync (min %.2f, max %.2f): %s | target ≥ 0.8 × W×fsync%s |%n",
          writers, median, sorted[0], sorted[rounds - 1], perRound,
          writers >= 64 ? " until CPU-bound" + (writers == 256 ? "; ≥ 50,000/s" : "") : "");
    }
    if (Boolean.getBoolean("appendsOnly")) {
      return;
    }
    double[] cpLatency = checkpointLatency(fresh(work.resolve("latency")), signer, seconds);
    emit("access → signed checkpoint p99 (64 writers, 1 s interval)", "ms", cpLatency[1], 1, "< 5000");
    emit("access → signed checkpoint max", "ms", cpLatency[2], 1, "< 60000");
    System.out.printf("| access → signed checkpoint (64 writers loading, 1 s interval) | p50 %.0f ms, p99 %.0f ms, max %.0f ms | target p99 < 5 s, never > 60 s |%n",
        cpLatency[0], cpLatency[1], cpLatency[2]);
    int proofSize = Integer.getInteger("proofSize", 10_000_000);
    int verifySize = Integer.getInteger("verifySize", 1_000_000);
    double proofMicros = inclusionProofMicros(proofSize);
    System.out.printf("| inclusion proof at %,d entries | %.2f µs per proof | target < 1 ms |%n", proofSize, proofMicros);
    emit(String.format(java.util.Locale.ROOT, "inclusion proof at %,d entries", proofSize), "µs", proofMicros, 1, "< 1000");
    Path big = fresh(work.resolve("million"));
    fill(big, signer, verifySize);
    long t0 = System.nanoTime();
    var v = LogVerifier.verify(big, NoteVerifier.fromVerifierKey(signer.verifierKey()), ORIGIN);
    double verifySeconds = (System.nanoTime() - t0) / 1e9;
    long bytes = du(big);
    System.out.printf("| verify a %,d-entry log (journal, %d checkpoints, every tile) | %.1f s | |%n", verifySize, v.checkpoints(), verifySeconds);
    System.out.printf("| bytes stored per entry (%d-byte entries; journal + tiles + checkpoints) | %.0f B | |%n", 9 + PAD.length + 8,
        bytes / (double) verifySize);
    emit(String.format(java.util.Locale.ROOT, "verify a %,d-entry log (journal, checkpoints, every tile)", verifySize), "s", verifySeconds, 1, null);
    emit("bytes stored per entry (" + (9 + PAD.length + 8) + "-byte entries)", "B", bytes / (double) verifySize, 1, null);
  }

  /** A fresh directory on {@code /dev/shm} (or {@code -DmemoryDir}) for memory-backed rounds, or null if there is none. */
  static Path memoryDir() throws IOException {
    Path shm = Path.of(System.getProperty("memoryDir", "/dev/shm"));
    if (!Files.isDirectory(shm) || !Files.isWritable(shm)) {
      return null;
    }
    Path dir = shm.resolve("certhub-ledger-load-" + ProcessHandle.current().pid());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        fresh(dir);
        Files.delete(dir);
      } catch (IOException e) {
        // best effort: tmpfs is emptied at reboot anyway
      }
    }));
    return dir;
  }

  /** With {@code -Dresults=FILE}, each figure also goes there as a JSON line for bench/run's report. */
  static void emit(String key, String unit, double value, int run, String target) throws IOException {
    String file = System.getProperty("results");
    if (file != null) {
      org.certhub.bench.report.Results.emit(Path.of(file), "ledger", key, unit, value, run, target);
    }
  }

  record Result(double perSecond, double p50, double p99, double perForce) {}

  static Path fresh(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> w = Files.walk(dir)) {
        for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }

  static byte[] entry(long n) {
    byte[] id = ("{\"n\":" + n + ",\"p\":\"").getBytes(StandardCharsets.UTF_8);
    byte[] e = Arrays.copyOf(id, id.length + PAD.length + 2);
    System.arraycopy(PAD, 0, e, id.length, PAD.length);
    e[e.length - 2] = '"';
    e[e.length - 1] = '}';
    return e;
  }

  static double fsyncRate(Path file, int seconds) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer b = ByteBuffer.allocate(64);
      long n = 0;
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      long start = System.nanoTime();
      while (System.nanoTime() < end) {
        b.clear();
        ch.write(b);
        ch.force(false);
        n++;
      }
      return n / ((System.nanoTime() - start) / 1e9);
    }
  }

  static Result appends(Path dir, NoteSigner signer, int writers, int seconds) throws Exception {
    try (Ledger l = Ledger.open(new LedgerConfig(dir, ORIGIN, signer, Duration.ofSeconds(1), Clock.systemUTC()))) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong count = new AtomicLong();
      AtomicLong seq = new AtomicLong();
      List<long[]> latencies = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        long[] lat = new long[2_000_000];
        latencies.add(lat);
        Thread t = new Thread(() -> {
          int i = 0;
          while (!stop.get()) {
            long s = System.nanoTime();
            try {
              l.append(entry(seq.getAndIncrement())).get();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            if (i < lat.length) {
              lat[i++] = System.nanoTime() - s;
            }
            count.incrementAndGet();
          }
          lat[lat.length - 1] = i;
        });
        threads.add(t);
      }
      threads.forEach(Thread::start);
      Thread.sleep(1000); // warm-up
      long c0 = count.get();
      long f0 = l.journalForces();
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long c1 = count.get();
      long f1 = l.journalForces();
      long t1 = System.nanoTime();
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      long total = 0;
      for (long[] lat : latencies) {
        total += Math.min(lat[lat.length - 1], lat.length - 1);
      }
      long[] all = new long[(int) Math.min(total, 5_000_000)];
      int k = 0;
      for (long[] lat : latencies) {
        for (int i = 0; i < Math.min(lat[lat.length - 1], lat.length - 1) && k < all.length; i++) {
          all[k++] = lat[i];
        }
      }
      Arrays.sort(all, 0, k);
      return new Result((c1 - c0) / ((t1 - t0) / 1e9), all[k / 2] / 1e6, all[(int) (k * 0.99)] / 1e6, (c1 - c0) / (double) Math.max(1, f1 - f0));
    }
  }

  /** Time from an access's append to the first signed checkpoint covering it, sampled every 10 ms under load. */
  static double[] checkpointLatency(Path dir, NoteSigner signer, int seconds) throws Exception {
    try (Ledger l = Ledger.open(new LedgerConfig(dir, ORIGIN, signer, Duration.ofSeconds(1), Clock.systemUTC()))) {
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> load = new ArrayList<>();
      AtomicLong seq = new AtomicLong();
      for (int w = 0; w < 64; w++) {
        Thread t = new Thread(() -> {
          while (!stop.get()) {
            try {
              l.append(entry(seq.getAndIncrement())).get();
            } catch (Exception e) {
              return;
            }
          }
        });
        t.start();
        load.add(t);
      }
      List<Double> samples = new ArrayList<>();
      long end = System.nanoTime() + Math.max(10, seconds * 2) * 1_000_000_000L;
      List<long[]> pending = new ArrayList<>();
      while (System.nanoTime() < end || !pending.isEmpty()) {
        if (System.nanoTime() < end) {
          long s = System.nanoTime();
          long index = l.append(entry(-1)).get().index();
          pending.add(new long[] {index, s});
        }
        long size = size(l.latestCheckpoint());
        long now = System.nanoTime();
        pending.removeIf(p -> {
          if (p[0] < size) {
            samples.add((now - p[1]) / 1e6);
            return true;
          }
          return false;
        });
        Thread.sleep(10);
      }
      stop.set(true);
      for (Thread t : load) {
        t.join();
      }
      samples.sort(Double::compare);
      return new double[] {samples.get(samples.size() / 2), samples.get((int) (samples.size() * 0.99)), samples.get(samples.size() - 1)};
    }
  }

  static long size(String note) {
    try {
      return Checkpoint.parse(note.substring(0, note.indexOf("\n\n") + 1)).size();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static double inclusionProofMicros(int n) {
    Hasher h = Hasher.sha256();
    MerkleTree tree = new MerkleTree(h);
    byte[] leaf = new byte[32];
    Random rnd = new Random(1);
    for (int i = 0; i < n; i++) {
      rnd.nextBytes(leaf);
      tree.append(leaf);
    }
    long sink = 0;
    for (int i = 0; i < 20_000; i++) {
      sink += tree.inclusionProof(rnd.nextInt(n), n).size();
    }
    int ops = 100_000;
    long t0 = System.nanoTime();
    for (int i = 0; i < ops; i++) {
      sink += tree.inclusionProof(rnd.nextInt(n), n).size();
    }
    double micros = (System.nanoTime() - t0) / 1e3 / ops;
    if (sink == 42) {
      System.out.print("");
    }
    return micros;
  }

  static void fill(Path dir, NoteSigner signer, int n) throws Exception {
    try (Ledger l = Ledger.open(new LedgerConfig(dir, ORIGIN, signer, Duration.ofSeconds(1), Clock.systemUTC()))) {
      AtomicLong seq = new AtomicLong();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < 128; w++) {
        Thread t = new Thread(() -> {
          long i;
          while ((i = seq.getAndIncrement()) < n) {
            try {
              l.append(entry(i)).get();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        });
        t.start();
        threads.add(t);
      }
      for (Thread t : threads) {
        t.join();
      }
      l.checkpointNow();
    }
  }

  static long du(Path dir) throws IOException {
    try (Stream<Path> w = Files.walk(dir)) {
      return w.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    }
  }
}

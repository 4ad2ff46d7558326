package org.certhub.bench.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.certhub.adapters.kafka.JournalSettings;
import org.certhub.adapters.kafka.KafkaJournal;
import org.certhub.exchange.audit.AccessJournal;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.LedgerConfig;
import org.certhub.ledger.checkpoint.NoteSigner;
import org.certhub.testkit.KafkaBroker;

/**
 * The ledger journal on Kafka against the local journal, side by side in one run: appends per second and append
 * latency (p50, p99) with N concurrent appenders, each waiting for its receipt as a request does. "local" is the
 * ledger's own journal (fsync group commit); "kafka" is {@link KafkaJournal} (produce with acks=all, then applied in
 * topic order to a local ledger replica, which fsyncs too) against a one-node KRaft broker in this JVM, which shares the
 * machine's cores with the appenders and, like any Kafka broker by default, does not fsync (durability by
 * replication). Prints a markdown table.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.certhub.bench.kafka.KafkaJournalLoad DIR [seconds] [writers,...]}
 */
public final class KafkaJournalLoad {
  static final String ORIGIN = "bench.certhub.local/ledger";

  private KafkaJournalLoad() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "bench/target/kafka-journal");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int[] writers = args.length > 2 ? java.util.Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {1, 8, 64};
    Files.createDirectories(dir);
    KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    NoteSigner signer = NoteSigner.ed25519(ORIGIN, kp.getPublic(), kp.getPrivate());
    try (KafkaBroker broker = KafkaBroker.start()) {
      System.out.println("| journal | writers | appends/s | p50 ms | p99 ms |");
      System.out.println("|---|---|---|---|---|");
      for (int n : writers) {
        try (Ledger local = open(dir.resolve("local-" + n + "-" + UUID.randomUUID()), signer)) {
          row("local", n, seconds, AccessJournal.local(local));
        }
        try (Ledger replica = open(dir.resolve("kafka-" + n + "-" + UUID.randomUUID()), signer)) {
          JournalSettings s = new JournalSettings(broker.bootstrapServers(), "bench.journal." + UUID.randomUUID(), "bench", "bench-seq",
              Duration.ofSeconds(30), Duration.ofSeconds(1), Map.of());
          try (KafkaJournal kafka = new KafkaJournal(s, replica, dir.resolve("kafka-" + n + ".offset"))) {
            kafka.append(entry("warm-up"), "warm-up").get(60, TimeUnit.SECONDS);
            row("kafka", n, seconds, kafka);
          }
        }
      }
    }
  }

  static Ledger open(Path dir, NoteSigner signer) throws Exception {
    return Ledger.open(new LedgerConfig(dir, ORIGIN, signer, Duration.ofSeconds(1), Clock.systemUTC())
        .withRequestIds(e -> new String(e, 0, 36, StandardCharsets.US_ASCII)));
  }

  /** A 300-byte entry like an access record, starting with its 36-character request id. */
  static byte[] entry(String id) {
    String padded = (id + " ".repeat(36)).substring(0, 36);
    return (padded + "x".repeat(264)).getBytes(StandardCharsets.US_ASCII);
  }

  static void row(String name, int writers, int seconds, AccessJournal journal) throws InterruptedException {
    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong count = new AtomicLong();
    Recorder latency = new Recorder(3);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      Thread t = new Thread(() -> {
        while (running.get()) {
          String id = UUID.randomUUID().toString();
          long start = System.nanoTime();
          try {
            journal.append(entry(id), id).get(60, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException(name + " append failed", e);
          }
          if (measuring.get()) {
            latency.recordValue(System.nanoTime() - start);
            count.incrementAndGet();
          }
        }
      });
      t.start();
      threads.add(t);
    }
    Thread.sleep(1_000); // warm-up
    latency.reset();
    measuring.set(true);
    long start = System.nanoTime();
    Thread.sleep(seconds * 1_000L);
    measuring.set(false);
    long elapsed = System.nanoTime() - start;
    long n = count.get();
    running.set(false);
    for (Thread t : threads) {
      t.join();
    }
    var h = latency.getIntervalHistogram();
    System.out.printf("| %s | %d | %,.0f | %.2f | %.2f |%n", name, writers, n * 1e9 / elapsed, h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(99) / 1e6);
  }
}

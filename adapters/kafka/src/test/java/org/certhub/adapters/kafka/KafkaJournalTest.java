package org.certhub.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.certhub.ledger.CheckpointStore;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.LedgerConfig;
import org.certhub.ledger.Receipt;
import org.certhub.ledger.checkpoint.CheckpointVerifier;
import org.certhub.ledger.checkpoint.NoteSigner;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.checkpoint.VerifiedCheckpoint;
import org.certhub.ledger.proof.ProofVerifier;
import org.certhub.testkit.Await;
import org.certhub.testkit.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger journal on Kafka against a real KRaft broker in this JVM: two hub instances (two journals, each with its
 * own ledger replica) append concurrently and get one log, each entry once, with the same root on both; the broker
 * stopped and restarted mid-run loses no acknowledged append and applies none twice; a replica restarted (with its
 * state file, and without it) applies nothing twice; the active sequencer closed, the standby takes over and the shared
 * checkpoints stay consistent, proven with consistency proofs.
 */
class KafkaJournalTest {
  private static final String ORIGIN = "test.certhub.example/journal";
  static KafkaBroker broker;
  static NoteSigner signer;
  static NoteVerifier verifier;

  @TempDir Path dir;
  String topic;
  final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.start();
    KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    signer = NoteSigner.ed25519(ORIGIN, kp.getPublic(), kp.getPrivate());
    verifier = NoteVerifier.fromVerifierKey(signer.verifierKey());
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void topic() {
    topic = "test.journal." + UUID.randomUUID();
  }

  @AfterEach
  void closeAll() throws Exception {
    Collections.reverse(open);
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  /** An entry: its request id, a newline, a payload (the extractor reads the id back, as the hub's does for accesses). */
  static byte[] entry(String requestId, String payload) {
    return (requestId + "\n" + payload).getBytes(StandardCharsets.UTF_8);
  }

  static String requestIdOf(byte[] entry) {
    String s = new String(entry, StandardCharsets.UTF_8);
    return s.substring(0, s.indexOf('\n'));
  }

  Ledger replica(String name) throws Exception {
    Ledger l = Ledger.open(new LedgerConfig(dir.resolve(name), ORIGIN, signer, Duration.ofHours(1), Clock.systemUTC())
        .withRequestIds(KafkaJournalTest::requestIdOf));
    open.add(l);
    return l;
  }

  KafkaJournal journal(String instance, Ledger replica) {
    JournalSettings s = new JournalSettings(broker.bootstrapServers(), topic, instance, "seq-" + topic, Duration.ofSeconds(20),
        Duration.ofMillis(200), Map.of());
    KafkaJournal j = new KafkaJournal(s, replica, dir.resolve(instance + ".offset"));
    open.add(j);
    return j;
  }

  JournalSequencer sequencer(String instance, Ledger replica, CheckpointStore shared) {
    JournalSettings s = new JournalSettings(broker.bootstrapServers(), topic, instance, "seq-" + topic, Duration.ofSeconds(20),
        Duration.ofMillis(200), Map.of());
    JournalSequencer q = new JournalSequencer(s, replica, shared, verifier, ORIGIN);
    open.add(q);
    return q;
  }

  @Test
  void twoInstances_appendConcurrently_eachEntryOnceInOneOrder_sameRootOnBoth() throws Exception {
    Ledger ra = replica("a");
    Ledger rb = replica("b");
    KafkaJournal a = journal("hub-a", ra);
    KafkaJournal b = journal("hub-b", rb);
    Map<String, CompletableFuture<Receipt>> receipts = new java.util.concurrent.ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int t = 0; t < 8; t++) {
      KafkaJournal j = t % 2 == 0 ? a : b;
      int thread = t;
      pool.submit(() -> {
        for (int i = 0; i < 50; i++) {
          String id = "req-" + thread + "-" + i;
          receipts.put(id, j.append(entry(id, "access " + i + " by " + j.settings().instanceId()), id));
        }
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    Set<Long> indexes = new HashSet<>();
    for (var e : receipts.entrySet()) {
      Receipt r = e.getValue().get(30, TimeUnit.SECONDS);
      indexes.add(r.index());
      // The receipt names the same entry on either replica.
      assertThat(requestIdOf(ra.entry(r.index()))).isEqualTo(e.getKey());
    }
    assertThat(indexes).as("400 appends, 400 distinct indexes 0..399").hasSize(400).allMatch(i -> i >= 0 && i < 400);
    await(() -> rb.size() == 400, "replica b applied all");
    assertThat(ra.size()).isEqualTo(400);
    for (long i = 0; i < 400; i++) {
      assertThat(rb.entry(i)).isEqualTo(ra.entry(i));
    }
    assertThat(rootOf(ra)).isEqualTo(rootOf(rb));
    // The journal made its topic: one partition (one order), kept for ever (the replicas are rebuilt from it).
    try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(1);
      var resource = new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
      var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertThat(config.get("retention.ms").value()).isEqualTo("-1");
      assertThat(config.get("retention.bytes").value()).isEqualTo("-1");
    }

    // A retry of an acknowledged request through the other instance: the same index, nothing added.
    String id = "req-0-7";
    Receipt first = receipts.get(id).get();
    Receipt retry = b.append(entry(id, "access 7 by hub-a"), id).get(30, TimeUnit.SECONDS);
    assertThat(retry.index()).isEqualTo(first.index());
    // The retry record was applied (a duplicate found) on both: still 400.
    await(() -> a.appliedCount() == 401 && b.appliedCount() == 401, "both saw the retry");
    assertThat(ra.size()).isEqualTo(400);
    assertThat(rb.size()).isEqualTo(400);
  }

  @Test
  void brokerStoppedAndRestartedMidRun_noAcknowledgedAppendLost_noneAppliedTwice() throws Exception {
    Ledger ra = replica("a");
    Ledger rb = replica("b");
    KafkaJournal a = journal("hub-a", ra);
    KafkaJournal b = journal("hub-b", rb);
    AtomicBoolean go = new AtomicBoolean(true);
    Map<String, CompletableFuture<Receipt>> sent = new java.util.concurrent.ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      KafkaJournal j = t % 2 == 0 ? a : b;
      int thread = t;
      pool.submit(() -> {
        for (int i = 0; go.get(); i++) {
          String id = "req-" + thread + "-" + i;
          CompletableFuture<Receipt> f = j.append(entry(id, "x"), id);
          sent.put(id, f);
          try {
            f.get(30, TimeUnit.SECONDS); // an appender waits for its answer, as AccessLog does
          } catch (Exception e) {
            // counted below
          }
        }
        return null;
      });
    }
    await(() -> sent.size() >= 100, "appends before the stop");
    broker.stop();
    Thread.sleep(2_000);
    int duringStop = sent.size();
    broker.restart();
    await(() -> sent.size() >= duringStop + 100, "appends after the restart");
    go.set(false);
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

    Set<String> acknowledged = new HashSet<>();
    for (var e : sent.entrySet()) {
      if (e.getValue().isDone() && !e.getValue().isCompletedExceptionally()) {
        acknowledged.add(e.getKey());
      }
    }
    assertThat(acknowledged.size()).as("most appends are acknowledged (delivery timeout 20 s > the 2 s stop)").isGreaterThan(200);
    await(() -> ra.size() == rb.size() && a.appliedOffset() == b.appliedOffset() && a.appliedOffset() >= 0, "replicas converge");
    Thread.sleep(500);
    assertThat(ra.size()).isEqualTo(rb.size());
    Map<String, Integer> counts = new HashMap<>();
    for (long i = 0; i < ra.size(); i++) {
      assertThat(rb.entry(i)).isEqualTo(ra.entry(i));
      counts.merge(requestIdOf(ra.entry(i)), 1, Integer::sum);
    }
    assertThat(counts.keySet()).as("no acknowledged append lost").containsAll(acknowledged);
    assertThat(counts.values()).as("none applied twice").allMatch(n -> n == 1);
    assertThat(counts.keySet()).as("nothing that was not sent").isSubsetOf(sent.keySet());
    for (String id : acknowledged) {
      assertThat(requestIdOf(ra.entry(sent.get(id).get().index()))).isEqualTo(id);
    }
    assertThat(rootOf(ra)).isEqualTo(rootOf(rb));
  }

  @Test
  void replicaRestarted_withOrWithoutItsStateFile_appliesNothingTwice() throws Exception {
    Ledger ra = replica("a");
    KafkaJournal a = journal("hub-a", ra);
    Ledger rb = Ledger.open(new LedgerConfig(dir.resolve("b"), ORIGIN, signer, Duration.ofHours(1), Clock.systemUTC())
        .withRequestIds(KafkaJournalTest::requestIdOf));
    KafkaJournal b = new KafkaJournal(a.settings(), rb, dir.resolve("b.offset"));
    appendAll(a, 0, 100);
    await(() -> rb.size() == 100, "b applied the first 100");
    b.close();
    rb.close();
    appendAll(a, 100, 200);

    for (boolean withState : new boolean[] {true, false}) {
      if (!withState) {
        Files.delete(dir.resolve("b.offset")); // the whole topic again: the ledger's request-id memory dedupes it
      }
      Ledger again = Ledger.open(new LedgerConfig(dir.resolve("b"), ORIGIN, signer, Duration.ofHours(1), Clock.systemUTC())
          .withRequestIds(KafkaJournalTest::requestIdOf));
      try (KafkaJournal j = new KafkaJournal(a.settings(), again, dir.resolve("b.offset"))) {
        await(() -> j.appliedOffset() == a.appliedOffset(), "b caught up (state file " + withState + ")");
        assertThat(again.size()).as("state file " + withState).isEqualTo(200);
        assertThat(j.appliedCount()).as("records seen after the restart").isEqualTo(withState ? 100 : 200);
        assertThat(rootOf(again)).isEqualTo(rootOf(ra));
      } finally {
        again.close();
      }
    }
  }

  @Test
  void activeSequencerClosed_theStandbyTakesOver_checkpointsStayConsistent() throws Exception {
    Ledger ra = replica("a");
    Ledger rb = replica("b");
    KafkaJournal a = journal("hub-a", ra);
    KafkaJournal b = journal("hub-b", rb);
    RecordingStore shared = new RecordingStore();
    JournalSequencer sa = sequencer("hub-a", ra, shared);
    JournalSequencer sb = sequencer("hub-b", rb, shared);
    await(() -> sa.active() ^ sb.active(), "one sequencer active, one standby");
    Thread.sleep(3_000); // both have joined by now; the group is settled
    await(() -> sa.active() ^ sb.active(), "one sequencer active, one standby");
    JournalSequencer first = sa.active() ? sa : sb;
    JournalSequencer standby = first == sa ? sb : sa;

    appendAll(a, 0, 30);
    appendAll(b, 30, 60);
    await(() -> shared.size() == 60, "checkpoint at 60 published by the active sequencer");
    assertThat(standby.publishedCount()).as("the standby publishes nothing").isZero();

    first.close();
    await(standby::active, "the standby takes over");
    appendAll(a, 60, 90);
    appendAll(b, 90, 120);
    await(() -> shared.size() == 120, "checkpoint at 120 published by the new active sequencer");
    assertThat(standby.publishedCount()).isPositive();

    List<String> history = shared.history();
    assertThat(history.size()).isGreaterThanOrEqualTo(2);
    VerifiedCheckpoint previous = null;
    for (String note : history) {
      VerifiedCheckpoint c = CheckpointVerifier.verify(note, verifier, ORIGIN);
      if (previous != null) {
        assertThat(c.size()).isGreaterThan(previous.size());
        ProofVerifier.verifyConsistency(ra.hasher(), previous.size(), c.size(), rb.consistencyProof(previous.size(), c.size()),
            previous.rootHash(), c.rootHash());
      }
      previous = c;
    }
    assertThat(previous.rootHash()).isEqualTo(CheckpointVerifier.verify(rootOf(ra), verifier, ORIGIN).rootHash());
  }

  private static void appendAll(KafkaJournal j, int from, int to) throws Exception {
    List<CompletableFuture<Receipt>> fs = new ArrayList<>();
    for (int i = from; i < to; i++) {
      fs.add(j.append(entry("req-" + i, "payload " + i), "req-" + i));
    }
    for (var f : fs) {
      f.get(30, TimeUnit.SECONDS);
    }
  }

  /** The replica's checkpoint now: Ed25519 is deterministic, so equal logs give equal notes. */
  private static String rootOf(Ledger l) {
    l.checkpointNow();
    return l.latestCheckpoint();
  }

  /** A compare-and-swap record in memory that keeps every checkpoint it accepted. */
  static final class RecordingStore implements CheckpointStore {
    private final List<String> history = new ArrayList<>();

    @Override
    public synchronized Optional<String> latest() {
      return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }

    @Override
    public synchronized boolean compareAndSet(String expected, String next) throws IOException {
      if (!java.util.Objects.equals(latest().orElse(null), expected)) {
        return false;
      }
      history.add(next);
      return true;
    }

    synchronized List<String> history() {
      return List.copyOf(history);
    }

    long size() {
      return latest().map(n -> {
        try {
          return CheckpointVerifier.verify(n, verifier, ORIGIN).size();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }).orElse(-1L);
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Await.until(condition, Duration.ofSeconds(60), what);
  }
}

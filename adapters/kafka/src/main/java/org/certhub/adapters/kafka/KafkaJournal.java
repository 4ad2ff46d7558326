package org.certhub.adapters.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.certhub.exchange.audit.AccessJournal;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.Receipt;
import org.certhub.ledger.tree.Hasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger journal on Kafka, for several hub instances: an append is produced to a one-partition topic (idempotent
 * producer, acks=all) and every instance applies the topic, in its order, to its own local {@link Ledger} replica
 * (state-machine replication: the same records in the same order give the same tree, the same indexes and the same
 * roots everywhere). An append completes when Kafka acknowledged it AND this instance applied it, with the index it got
 * in that one order.
 *
 * <p>Exactly once in the log: the producer's idempotence removes its own retries' duplicates; a request retried with the
 * same request id (another instance, a client retry) and a replay after a restart are deduplicated by the ledger's
 * request-id memory ({@link Ledger#append(byte[], String)}; rebuilt from the entries at open when the ledger's
 * configuration reads request ids back, as the hub's does). The offset applied last is kept in a small state file next
 * to the ledger, so a restart resumes there instead of replaying the whole topic; a record whose request id is known for
 * other bytes is refused on every replica alike, so they stay identical.
 *
 * <p>Checkpoints: only the active {@link JournalSequencer} publishes to the shared checkpoint record.
 */
public final class KafkaJournal implements AccessJournal, AutoCloseable {
  /** Header: the request id, the dedupe key (the same request id and bytes are one entry). */
  public static final String REQUEST_ID = "certhub-request-id";
  /** Header: one append call, so the instance that made it can answer its caller with the receipt. */
  public static final String APPEND_ID = "certhub-append-id";

  private static final Logger log = LoggerFactory.getLogger(KafkaJournal.class);

  private final JournalSettings settings;
  private final Ledger replica;
  private final Path stateFile;
  private final TopicPartition partition;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Admin admin;
  private final Map<String, CompletableFuture<Receipt>> waiting = new ConcurrentHashMap<>();
  /** Completes once the topic is known to exist with one partition: appends wait for it, so no send auto-creates it. */
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final PollLoop<byte[], byte[]> applier;
  private volatile long appliedOffset = -1;
  private volatile String lastError;
  private volatile String failure;

  /**
   * Starts applying the topic to {@code replica} from where {@code stateFile} says this replica stopped.
   *
   * @param replica this instance's local ledger; it MUST NOT be appended to by anything else
   * @param stateFile where the last applied offset is kept (created if missing)
   */
  public KafkaJournal(JournalSettings settings, Ledger replica, Path stateFile) {
    this.settings = settings;
    this.replica = replica;
    this.stateFile = stateFile;
    this.partition = new TopicPartition(settings.topic(), 0);
    this.producer = new KafkaProducer<>(producerConfig(settings), new StringSerializer(), new ByteArraySerializer());
    // No auto-created topic: it is created here, with one partition and no retention limit.
    Properties c = PollLoop.consumerConfig(settings, "certhub-journal-" + settings.instanceId());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.admin = Admin.create(adminConfig(settings, "certhub-journal-admin-" + settings.instanceId()));
    this.applier = new PollLoop<>(consumer, "certhub-journal-applier", this::applyLoop);
    this.applier.start();
  }

  static Properties producerConfig(JournalSettings s) {
    Properties p = new Properties();
    p.putAll(s.client());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "certhub-journal-" + s.instanceId());
    // No duplicates from the producer's own retries, order kept with <= 5 in flight, on every in-sync replica's log.
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    int delivery = (int) s.deliveryTimeout().toMillis();
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, (delivery - 5) / 2));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, delivery);
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    return p;
  }

  static Properties adminConfig(JournalSettings s, String clientId) {
    Properties a = new Properties();
    a.putAll(s.client());
    a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
    a.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
    a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
    return a;
  }

  @Override
  public CompletableFuture<Receipt> append(byte[] entry, String requestId) {
    if (failure != null) {
      return CompletableFuture.failedFuture(new IllegalStateException("the journal replica stopped: " + failure));
    }
    if (!ready.isDone()) {
      byte[] copy = entry.clone();
      return ready.thenComposeAsync(x -> append(copy, requestId));
    }
    String appendId = UUID.randomUUID().toString();
    CompletableFuture<Receipt> inLog = new CompletableFuture<>();
    waiting.put(appendId, inLog);
    CompletableFuture<Void> acked = new CompletableFuture<>();
    ProducerRecord<String, byte[]> r = new ProducerRecord<>(settings.topic(), 0, settings.instanceId(), entry.clone());
    if (requestId != null) {
      r.headers().add(REQUEST_ID, requestId.getBytes(StandardCharsets.UTF_8));
    }
    r.headers().add(APPEND_ID, appendId.getBytes(StandardCharsets.UTF_8));
    try {
      producer.send(r, (md, e) -> {
        if (e != null) {
          acked.completeExceptionally(e);
        } else {
          acked.complete(null);
        }
      });
    } catch (RuntimeException e) {
      acked.completeExceptionally(e);
    }
    // Durable on Kafka (acks=all) and applied here, in the topic's order: only then has the entry its index.
    CompletableFuture<Receipt> result = acked.thenCombine(inLog, (a, receipt) -> receipt);
    acked.whenComplete((a, e) -> {
      if (e != null) {
        waiting.remove(appendId);
        inLog.completeExceptionally(e);
      }
    });
    // A record acknowledged but never applied here (the replica stopped) must not stay in the map for ever.
    inLog.orTimeout(settings.deliveryTimeout().toMillis() * 3, TimeUnit.MILLISECONDS).whenComplete((x, e) -> waiting.remove(appendId));
    return result;
  }

  private void applyLoop() {
    try {
      ensureTopic();
      long resume = resumeOffset();
      consumer.assign(List.of(partition));
      consumer.seek(partition, resume);
      appliedOffset = resume - 1;
      log.info("ledger journal: applying {} from offset {} to the local ledger (size {})", settings.topic(), resume, replica.size());
      ConsumerRecords<byte[], byte[]> records;
      while ((records = applier.poll(Duration.ofMillis(200))) != null) {
        List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
        if (batch.isEmpty()) {
          continue;
        }
        apply(batch);
        lastError = null;
      }
    } catch (RuntimeException | IOException | ExecutionException e) {
      if (applier.running()) {
        stop(e.getClass().getSimpleName() + ": " + e.getMessage());
        log.error("ledger journal: the replica stopped applying at offset {}; restart this instance", appliedOffset + 1, e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Applies a batch in offset order. The appends are queued back to back (they share the local journal's group
   * commit) and indexes follow the call order. A refusal by the ledger (a request id reused for other bytes) is
   * deterministic, so every replica refuses the same record; any other failure stops the replica rather than let it
   * go on in a different order.
   */
  private void apply(List<ConsumerRecord<byte[], byte[]>> batch) throws IOException, InterruptedException, ExecutionException {
    List<CompletableFuture<Receipt>> futures = new ArrayList<>(batch.size());
    for (ConsumerRecord<byte[], byte[]> r : batch) {
      String requestId = EventRecords.header(r.headers(), REQUEST_ID);
      CompletableFuture<Receipt> f;
      try {
        f = requestId == null ? replica.append(r.value()) : replica.append(r.value(), requestId);
      } catch (IllegalArgumentException e) {
        f = CompletableFuture.failedFuture(e);
      }
      futures.add(f);
    }
    for (int i = 0; i < batch.size(); i++) {
      ConsumerRecord<byte[], byte[]> r = batch.get(i);
      CompletableFuture<Receipt> waiter = waiting.remove(String.valueOf(EventRecords.header(r.headers(), APPEND_ID)));
      try {
        Receipt receipt = futures.get(i).get();
        applied.incrementAndGet();
        if (waiter != null) {
          waiter.complete(receipt);
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof IllegalArgumentException)) {
          if (waiter != null) {
            waiter.completeExceptionally(e.getCause());
          }
          throw e;
        }
        refused.incrementAndGet();
        log.warn("ledger journal: record at offset {} refused on every replica: {}", r.offset(), e.getCause().getMessage());
        if (waiter != null) {
          waiter.completeExceptionally(e.getCause());
        }
      }
      appliedOffset = r.offset();
    }
    saveState(appliedOffset, replica.size());
  }

  /** The offset after the last one applied, if the state file matches this ledger; else 0 (replay, deduplicated). */
  private long resumeOffset() throws IOException {
    if (!Files.exists(stateFile)) {
      return 0;
    }
    String[] parts = Files.readString(stateFile, StandardCharsets.UTF_8).strip().split(" ");
    if (parts.length != 3 || !parts[0].equals(settings.topic())) {
      log.warn("ledger journal: {} is not this topic's state; replaying from the start", stateFile);
      return 0;
    }
    long offset = Long.parseLong(parts[1]);
    long size = Long.parseLong(parts[2]);
    if (replica.size() < size) {
      // The ledger lost entries the state file says were applied (restored from an older copy): replay them.
      log.warn("ledger journal: the ledger has {} entries, the state file says {}; replaying from the start", replica.size(), size);
      return 0;
    }
    return offset + 1;
  }

  private void saveState(long offset, long size) throws IOException {
    Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
    try (var ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap((settings.topic() + " " + offset + " " + size + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Creates the one-partition topic if missing; refuses a topic with more partitions (it would have no single order). */
  private void ensureTopic() throws InterruptedException {
    long backoff = 200;
    while (applier.running()) {
      try {
        try {
          // Kept for ever: the topic is the journal, from which a lost replica is rebuilt.
          NewTopic t = new NewTopic(settings.topic(), Optional.of(1), Optional.empty()).configs(Map.of("retention.ms", "-1", "retention.bytes", "-1"));
          admin.createTopics(List.of(t)).all().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
        int partitions = admin.describeTopics(List.of(settings.topic())).allTopicNames().get(5, TimeUnit.SECONDS)
            .get(settings.topic()).partitions().size();
        if (partitions != 1) {
          throw new IllegalStateException("the journal topic " + settings.topic() + " must have 1 partition (one order), but has: " + partitions);
        }
        ready.complete(null);
        return;
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        lastError = "cannot create or describe " + settings.topic() + ": " + e.getMessage();
        Thread.sleep(backoff);
        backoff = Math.min(5_000, backoff * 2);
      }
    }
  }

  private void stop(String why) {
    failure = why;
    ready.completeExceptionally(new IllegalStateException("the journal replica stopped: " + why));
    for (var e : waiting.entrySet()) {
      e.getValue().completeExceptionally(new IllegalStateException("the journal replica stopped: " + why));
    }
  }

  @Override
  public long size() {
    return replica.size();
  }

  @Override
  public byte[] entry(long index) {
    return replica.entry(index);
  }

  @Override
  public Hasher hasher() {
    return replica.hasher();
  }

  /** The local replica. */
  public Ledger replica() {
    return replica;
  }

  /** The offset applied last, -1 before the first. */
  public long appliedOffset() {
    return appliedOffset;
  }

  /** How many records this replica applied (appended or found already there) since it started. */
  public long appliedCount() {
    return applied.get();
  }

  /** How many records the ledger refused (a request id reused for other bytes), the same on every replica. */
  public long refusedCount() {
    return refused.get();
  }

  /** Why the replica stopped applying, or null while it runs. */
  public String failure() {
    return failure;
  }

  /** The last transient error (Kafka unreachable at start), or null. */
  public String lastError() {
    return lastError;
  }

  public JournalSettings settings() {
    return settings;
  }

  /** Stops applying and closes the clients; the ledger replica is the caller's to close. Idempotent. */
  @Override
  public void close() {
    if (!applier.close()) {
      return;
    }
    producer.close(Duration.ofSeconds(5));
    consumer.close(Duration.ofSeconds(2));
    admin.close(Duration.ofSeconds(2));
    stop("closed");
    failure = "closed";
  }
}

package org.certhub.adapters.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.certhub.exchange.outbox.OutboxDrain;
import org.certhub.exchange.outbox.OutboxSink;
import org.certhub.exchange.subscription.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Publishes licence and seal lifecycle events from the outbox to Kafka, at least once: a pass claims a batch of rows, sends
 * each with the idempotent producer (acks=all), and marks a row published only after its send future completed.
 * Kafka down: the rows stay unpublished, the relay waits with a doubling backoff and carries on by itself when Kafka is
 * back. One daemon thread per hub instance; several instances share the work through row claims ({@link OutboxRows}).
 */
public final class OutboxRelay implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final KafkaSettings settings;
  private final OutboxRows rows;
  private final Clock clock;
  private final KafkaProducer<String, String> producer;
  private final Admin admin;
  private final OutboxDrain<Exception> drain;
  private final AtomicLong published = new AtomicLong();
  private volatile boolean topicReady;
  private volatile Instant lastPublishedAt;
  private volatile String lastError;

  public OutboxRelay(KafkaSettings settings, JdbcClient jdbc, Clock clock) {
    this.settings = settings;
    this.rows = new OutboxRows(jdbc);
    this.clock = clock;
    this.producer = new KafkaProducer<>(producerConfig(settings), new StringSerializer(), new StringSerializer());
    Properties a = new Properties();
    a.putAll(settings.client());
    a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    a.put(AdminClientConfig.CLIENT_ID_CONFIG, "certhub-outbox-admin");
    a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
    a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
    a.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    this.admin = Admin.create(a);
    this.drain = new OutboxDrain<>("certhub-kafka-relay", rows, new Publisher(), new OutboxDrain.Settings(settings.pollInterval(),
        settings.batchSize(), settings.minBackoff(), settings.maxBackoff(), settings.lease()), clock, new LastError());
  }

  static Properties producerConfig(KafkaSettings s) {
    Properties p = new Properties();
    p.putAll(s.client());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "certhub-outbox-relay");
    // Idempotent (no duplicates from the producer's own retries, order kept per partition with <= 5 in flight) and
    // acknowledged by every in-sync replica before a row counts as published.
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    int delivery = (int) s.deliveryTimeout().toMillis();
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, (delivery - 5) / 2));
    // send() blocks while it has no metadata (Kafka down at start): no longer than one delivery.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, delivery);
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    return p;
  }

  /** Starts the relay thread. */
  public OutboxRelay start() {
    drain.start();
    return this;
  }

  private void ensureTopic() throws InterruptedException, ExecutionException, TimeoutException {
    if (topicReady) {
      return;
    }
    try {
      createTopic(settings.topic());
      createTopic(EventRecords.SEAL_TOPIC);
    } catch (ExecutionException e) {
      // Exists already, or this client may not create topics (an operator made it): the sends will tell if it is missing.
      if (!(e.getCause() instanceof TopicExistsException || e.getCause() instanceof AuthorizationException
          || e.getCause() instanceof PolicyViolationException)) {
        throw e;
      }
    }
    topicReady = true;
  }

  private void createTopic(String name) throws InterruptedException, ExecutionException, TimeoutException {
    try {
      admin.createTopics(List.of(new NewTopic(name, Optional.empty(), Optional.empty()))).all().get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }

  /**
   * Sends a claimed batch and closes each row once Kafka acknowledged it; throws if a send failed (the rest of the
   * batch is released for the next pass).
   */
  private final class Publisher implements OutboxSink<Exception> {
    @Override
    public void prepare() throws InterruptedException, ExecutionException, TimeoutException {
      ensureTopic();
    }

    @Override
    public void deliver(List<Event> events, Receipts receipts) throws InterruptedException, ExecutionException, TimeoutException {
      int done = 0;
      List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
      for (Event e : events) {
        sent.add(producer.send(EventRecords.forEvent(settings.topic(), e)));
      }
      long deadline = System.nanoTime() + settings.deliveryTimeout().plusSeconds(5).toNanos();
      for (int i = 0; i < events.size(); i++) {
        sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        // Acknowledged by Kafka: only now is the row published. A crash between the two sends it again (at least once).
        if (receipts.done(events.get(i), null)) {
          done++;
        }
      }
      if (done > 0) {
        published.addAndGet(done);
        lastPublishedAt = clock.instant();
      }
    }
  }

  /** Keeps the last failure for the health indicator, and logs when the relay stops and starts working. */
  private final class LastError implements OutboxDrain.Listener {
    @Override
    public void passed(int delivered) {
      if (lastError != null) {
        log.info("Kafka relay works again: publishing to {}", settings.topic());
        lastError = null;
      }
    }

    @Override
    public void failed(Exception e, Duration pause) {
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (lastError == null) {
        log.warn("Kafka relay cannot publish ({}); events stay in the outbox, retrying with backoff up to {}", error, settings.maxBackoff());
      }
      lastError = error;
    }
  }

  /**
   * One pass: claim a batch, send it, mark what Kafka acknowledged. Returns how many were published; throws if a send
   * failed (the rest of the batch is released for the next pass).
   */
  int pass() throws Exception {
    return drain.pass();
  }

  /** Whether the cluster answers within {@code timeout}; the node count if so. */
  Optional<Integer> clusterNodes(Duration timeout) {
    try {
      return Optional.of(admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis())).nodes()
          .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS).size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** How many events this relay published since it started. */
  public long publishedCount() {
    return published.get();
  }

  /** How many licence events wait for Kafka (all instances). */
  public long pending() {
    return rows.pending();
  }

  /** The last failure, while the relay has not succeeded since; else null. */
  public String lastError() {
    return lastError;
  }

  /** When this relay last published, or null. */
  public Instant lastPublishedAt() {
    return lastPublishedAt;
  }

  public KafkaSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    drain.close();
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(2));
  }
}

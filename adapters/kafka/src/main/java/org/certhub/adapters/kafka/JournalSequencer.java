package org.certhub.adapters.kafka;

import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.certhub.ledger.CheckpointStore;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.LedgerVerificationException;
import org.certhub.ledger.checkpoint.CheckpointFormatException;
import org.certhub.ledger.checkpoint.CheckpointVerifier;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.checkpoint.VerifiedCheckpoint;
import org.certhub.ledger.proof.ProofVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the log's checkpoints when this instance is the active sequencer; waits as a standby otherwise.
 *
 * <p>Election: every sequencer joins one consumer group ({@link JournalSettings#sequencerGroup()}) on the journal's
 * single partition, so Kafka assigns the partition to exactly one member at a time; that member is active. When it
 * closes it leaves the group and a standby is assigned the partition at the next rebalance (after a crash, when its
 * session times out). The partition is paused: the group is only the lease, the records are applied by each instance's
 * {@link KafkaJournal}.
 *
 * <p>No fork, even if two were active for a moment (a rebalance in flight): every replica holds the same log, so any
 * replica's checkpoint is consistent with any other's; before swapping its checkpoint into the shared record the active
 * sequencer checks, with a consistency proof from its replica, that the stored one is a prefix of its log, and the swap
 * is a compare-and-swap, so a lagging replica never replaces a larger checkpoint with a smaller one.
 */
public final class JournalSequencer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JournalSequencer.class);

  private final JournalSettings settings;
  private final Ledger replica;
  private final CheckpointStore shared;
  private final NoteVerifier verifier;
  private final String origin;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final PollLoop<byte[], byte[]> loop;
  private final AtomicLong published = new AtomicLong();
  private volatile boolean active;
  private volatile String lastError;

  /**
   * Joins the sequencer group and starts publishing when elected.
   *
   * @param replica this instance's ledger replica (fed by its {@link KafkaJournal}); it signs the checkpoints
   * @param shared the checkpoint record every instance shares (a database row: {@code JdbcCheckpointStore})
   * @param verifier the log's checkpoint key, to read the stored checkpoint
   */
  public JournalSequencer(JournalSettings settings, Ledger replica, CheckpointStore shared, NoteVerifier verifier, String origin) {
    this.settings = settings;
    this.replica = replica;
    this.shared = shared;
    this.verifier = verifier;
    this.origin = origin;
    Properties c = PollLoop.consumerConfig(settings, "certhub-sequencer-" + settings.instanceId());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.sequencerGroup());
    // No static membership (group.instance.id): a closed sequencer must leave the group at once, so a standby takes over.
    c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
    c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
    c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 60_000);
    this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.loop = new PollLoop<>(consumer, "certhub-journal-sequencer", this::run);
    this.loop.start();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(settings.topic()), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          if (!partitions.isEmpty()) {
            active = false;
            log.info("ledger sequencer {}: standby (partition revoked)", settings.instanceId());
          }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
          onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          if (!partitions.isEmpty()) {
            consumer.pause(partitions);
            active = true;
            log.info("ledger sequencer {}: active", settings.instanceId());
          }
        }
      });
      long next = 0;
      while (loop.poll(Duration.ofMillis(100)) != null) {
        if (active && System.nanoTime() - next >= 0) {
          try {
            publishOnce();
            lastError = null;
          } catch (RuntimeException | IOException e) {
            lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.warn("ledger sequencer {}: checkpoint not published ({}); retrying", settings.instanceId(), lastError);
          }
          next = System.nanoTime() + settings.checkpointInterval().toNanos();
        }
      }
    } catch (RuntimeException e) {
      lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
      log.error("ledger sequencer {} stopped", settings.instanceId(), e);
    } finally {
      active = false;
    }
  }

  /**
   * Signs a checkpoint of this replica's log and swaps it into the shared record if it extends the stored one.
   *
   * @return true if a new checkpoint was published
   */
  boolean publishOnce() throws IOException {
    replica.checkpointNow();
    String mine = replica.latestCheckpoint();
    VerifiedCheckpoint m = verify(mine, "this replica's checkpoint");
    Optional<String> stored = shared.latest();
    if (stored.isPresent()) {
      VerifiedCheckpoint s = verify(stored.get(), "the shared checkpoint");
      if (s.size() >= m.size()) {
        if (s.size() == m.size() && !MessageDigest.isEqual(s.rootHash(), m.rootHash())) {
          throw new IllegalStateException("the shared checkpoint at size " + s.size() + " has another root than this replica: the replicas"
              + " diverged; refusing to publish");
        }
        return false; // nothing new, or this replica is behind: the next tick
      }
      try {
        ProofVerifier.verifyConsistency(replica.hasher(), s.size(), m.size(), replica.consistencyProof(s.size(), m.size()), s.rootHash(),
            m.rootHash());
      } catch (LedgerVerificationException e) {
        throw new IllegalStateException("the shared checkpoint at size " + s.size() + " is not a prefix of this replica's log: "
            + e.getMessage(), e);
      }
    }
    if (!shared.compareAndSet(stored.orElse(null), mine)) {
      return false; // another sequencer published meanwhile (a rebalance in flight): the next tick looks again
    }
    published.incrementAndGet();
    return true;
  }

  private VerifiedCheckpoint verify(String note, String what) {
    try {
      return CheckpointVerifier.verify(note, verifier, origin);
    } catch (CheckpointFormatException | LedgerVerificationException e) {
      throw new IllegalStateException(what + " must verify with the log's key, but does not: " + e.getMessage(), e);
    }
  }

  /** Whether this instance holds the partition, and so publishes checkpoints. */
  public boolean active() {
    return active;
  }

  /** How many checkpoints this sequencer published. */
  public long publishedCount() {
    return published.get();
  }

  /** The last failure, or null. */
  public String lastError() {
    return lastError;
  }

  /** Leaves the group (a standby takes over at once) and stops. Idempotent. */
  @Override
  public void close() {
    if (!loop.close()) {
      return;
    }
    consumer.close(Duration.ofSeconds(5));
    active = false;
  }
}

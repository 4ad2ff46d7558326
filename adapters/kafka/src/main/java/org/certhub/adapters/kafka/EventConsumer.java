package org.certhub.adapters.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A department's consumer of the licence event topic that applies each event once: delivery is at least once, so a
 * record whose event id was applied already is skipped. An event counts as applied only after the caller's handler
 * returned; then its id is remembered and its offset committed. A handler that throws stops the poll: what was applied
 * is committed, and the consumer seeks back so the failed event comes again. The {@link Seen} store decides how long ids
 * are remembered: a department keeps them in its database (a unique key, written with the effect) or in Redis
 * ({@code SET NX EX}); {@link #inMemory(int)} is for tests and tools.
 */
public final class EventConsumer implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Remembers the ids of applied events. */
  public interface Seen {
    /** Whether an event with this id was applied. */
    boolean contains(String eventId);

    /** Remembers that it was. */
    void add(String eventId);
  }
  /**
   * One event, applied once.
   *
   * @param id the event id
   * @param type {@code licence.issued}, {@code .updated}, {@code .revoked} or {@code .expired}
   * @param occurredAt when it happened
   * @param holderKey the holder's pseudonym (the record key)
   * @param licenceId the licence
   * @param licenceStatus its status after the event
   * @param value the whole JSON value
   */
  public record Received(String id, String type, Instant occurredAt, String holderKey, String licenceId, String licenceStatus, JsonNode value) {}

  private final KafkaConsumer<String, String> consumer;
  private final Seen seen;
  private long duplicates;

  /** A consumer in {@code groupId} reading {@code topic} from its start (for a new group). */
  public EventConsumer(String bootstrapServers, String groupId, String topic, Seen seen) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    this.consumer.subscribe(List.of(topic));
    this.seen = seen;
  }

  /** An in-memory store remembering the last {@code capacity} ids. */
  public static Seen inMemory(int capacity) {
    Set<String> ids = Collections.newSetFromMap(new LinkedHashMap<String, Boolean>() {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    });
    return new Seen() {
      @Override
      public synchronized boolean contains(String eventId) {
        return ids.contains(eventId);
      }

      @Override
      public synchronized void add(String eventId) {
        ids.add(eventId);
      }
    };
  }

  /** Polls once and hands each event not applied before to {@code apply}; returns how many it applied. */
  public int poll(Duration timeout, java.util.function.Consumer<Received> apply) {
    ConsumerRecords<String, String> records = consumer.poll(timeout);
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    int applied = 0;
    List<TopicPartition> partitions = new ArrayList<>(records.partitions());
    for (int p = 0; p < partitions.size(); p++) {
      for (ConsumerRecord<String, String> r : records.records(partitions.get(p))) {
        try {
          Received e = parse(r);
          if (seen.contains(e.id())) {
            duplicates++;
          } else {
            apply.accept(e);
            seen.add(e.id());
            applied++;
          }
        } catch (RuntimeException ex) {
          commit(done);
          consumer.seek(partitions.get(p), r.offset());
          for (TopicPartition later : partitions.subList(p + 1, partitions.size())) {
            consumer.seek(later, records.records(later).get(0).offset());
          }
          throw ex;
        }
        done.put(partitions.get(p), new OffsetAndMetadata(r.offset() + 1));
      }
    }
    commit(done);
    return applied;
  }

  /** Polls once; returns the events not applied before, counting them applied as they are returned. */
  public List<Received> poll(Duration timeout) {
    List<Received> out = new ArrayList<>();
    poll(timeout, out::add);
    return out;
  }

  private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (!offsets.isEmpty()) {
      consumer.commitSync(offsets);
    }
  }

  private static Received parse(ConsumerRecord<String, String> r) {
    JsonNode v = JSON.readTree(r.value());
    String id = EventRecords.header(r.headers(), EventRecords.EVENT_ID);
    if (id == null) {
      id = v.path("id").asString();
    }
    return new Received(id, v.path("type").asString(), Instant.parse(v.path("occurredAt").asString()), r.key(),
        v.path("licence").path("id").asString(), v.path("licence").path("status").asString(), v);
  }

  /** How many records were skipped as already seen. */
  public long duplicates() {
    return duplicates;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}

package org.certhub.adapters.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A department's consumer of the licence event topic that applies each event once: delivery is at least once, so a
 * record whose event id was seen already is skipped. Offsets are committed after the batch was handed out, so a crash
 * re-reads, and the dedupe absorbs it. The {@link Seen} store decides how long ids are remembered: a department keeps
 * them in its database (a unique key) or in Redis ({@code SET NX EX}); {@link #inMemory(int)} is for tests and tools.
 */
public final class EventConsumer implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Remembers event ids. */
  @FunctionalInterface
  public interface Seen {
    /** True the first time {@code eventId} is offered, false after. */
    boolean firstTime(String eventId);
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
    return id -> {
      synchronized (ids) {
        return ids.add(id);
      }
    };
  }

  /** Polls once; returns the events not seen before, in partition order, and commits the offsets. */
  public List<Received> poll(Duration timeout) {
    List<Received> out = new ArrayList<>();
    for (ConsumerRecord<String, String> r : consumer.poll(timeout)) {
      JsonNode v = JSON.readTree(r.value());
      String id = EventRecords.header(r.headers(), EventRecords.EVENT_ID);
      if (id == null) {
        id = v.path("id").asString();
      }
      if (!seen.firstTime(id)) {
        duplicates++;
        continue;
      }
      out.add(new Received(id, v.path("type").asString(), Instant.parse(v.path("occurredAt").asString()), r.key(),
          v.path("licence").path("id").asString(), v.path("licence").path("status").asString(), v));
    }
    if (!consumer.assignment().isEmpty()) {
      consumer.commitSync();
    }
    return out;
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

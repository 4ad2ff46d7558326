package org.certhub.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.certhub.exchange.subscription.Event;
import org.certhub.exchange.subscription.EventOutbox;
import org.certhub.exchange.subscription.LicenceEvent;
import org.certhub.testkit.Await;
import org.certhub.testkit.KafkaBroker;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The relay against a real KRaft broker in this JVM (one for the class) and the real schema on H2: events reach the
 * topic with their contract (key, headers, value); the broker stopped mid-run loses nothing and the deduping consumer
 * applies each event once; two relays on one database publish each row once.
 */
class OutboxRelayTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static KafkaBroker broker;
  JdbcClient jdbc;
  EventOutbox outbox;
  String topic;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void database() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    jdbc = JdbcClient.create(ds);
    outbox = new EventOutbox(jdbc);
    topic = "test." + UUID.randomUUID();
  }

  OutboxRelay relay() {
    return new OutboxRelay(new KafkaSettings(broker.bootstrapServers(), topic, 20, Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(10), Map.of()), jdbc, Clock.systemUTC());
  }

  LicenceEvent event(String type, String licence, String holderKey, String status) {
    return new LicenceEvent("evt-" + UUID.randomUUID(), type, Instant.now(), licence, "A0001", holderKey, "330106199001011234", null, status);
  }

  @Test
  void publishesLicenceEventsWithTheContractAndLeavesWebhooksAlone() throws Exception {
    LicenceEvent issued = event("licence.issued", "lic-1", "hk-alice", "valid");
    LicenceEvent updated = new LicenceEvent("evt-" + UUID.randomUUID(), "licence.updated", Instant.now(), "lic-2", "A0001", "hk-alice",
        "330106199001011234", "lic-1", "valid");
    LicenceEvent revoked = event("licence.revoked", "lic-3", "hk-bob", "revoked");
    outbox.publish(issued);
    outbox.publish(updated);
    outbox.publish(revoked);
    outbox.publish(new Event("evt-alert", Event.SUPERVISION_ALERT, Instant.now(), null, null, "{\"kind\":\"x\"}"));

    try (OutboxRelay relay = relay().start()) {
      await(() -> relay.pending() == 0, "all licence events published");
      assertThat(relay.publishedCount()).isEqualTo(3);
      assertThat(new KafkaHealth(relay).health().getStatus()).isEqualTo(Status.UP);
    }

    List<ConsumerRecord<String, String>> records = readAll(topic, 3);
    assertThat(records).hasSize(3);
    Map<String, ConsumerRecord<String, String>> byId = new HashMap<>();
    for (ConsumerRecord<String, String> r : records) {
      JsonNode v = JSON.readTree(r.value());
      String header = new String(r.headers().lastHeader(EventRecords.EVENT_ID).value(), StandardCharsets.UTF_8);
      assertThat(v.get("id").asString()).isEqualTo(header);
      assertThat(new String(r.headers().lastHeader(EventRecords.EVENT_TYPE).value(), StandardCharsets.UTF_8)).isEqualTo(v.get("type").asString());
      assertThat(v.get("schema").asString()).isEqualTo(EventRecords.SCHEMA_ID);
      assertThat(r.key()).isEqualTo(v.get("holderKey").asString());
      assertThat(r.value()).as("the holder's identifier never goes to Kafka").doesNotContain("330106199001011234");
      byId.put(header, r);
    }
    assertThat(byId).containsOnlyKeys(issued.id(), updated.id(), revoked.id());
    JsonNode u = JSON.readTree(byId.get(updated.id()).value());
    assertThat(u.get("licence").get("previousId").asString()).isEqualTo("lic-1");
    assertThat(byId.get(revoked.id()).key()).isEqualTo("hk-bob");
    assertThat(JSON.readTree(byId.get(revoked.id()).value()).get("licence").get("status").asString()).isEqualTo("revoked");
    // One holder's events share a key, hence a partition, hence their order.
    assertThat(byId.get(issued.id()).partition()).isEqualTo(byId.get(updated.id()).partition());
    assertThat(byId.get(issued.id()).offset()).isLessThan(byId.get(updated.id()).offset());

    // The webhook fan-out's flag is untouched, and the supervision alert is not Kafka's to publish.
    assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_event WHERE dispatched = TRUE").query(Long.class).single()).isZero();
    assertThat(jdbc.sql("SELECT kafka_published_at FROM outbox_event WHERE id = 'evt-alert'").query(Instant.class).optional()).isEmpty();
  }

  @Test
  void brokerStoppedMidRunLosesNothingAndTheConsumerAppliesEachEventOnce() throws Exception {
    List<String> ids = new ArrayList<>();
    try (OutboxRelay relay = relay().start();
        EventConsumer consumer = new EventConsumer(broker.bootstrapServers(), "dept-" + UUID.randomUUID(), topic, EventConsumer.inMemory(10_000))) {
      List<String> applied = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ids.add(publish(i));
      }
      await(() -> relay.pending() == 0, "first events published");
      drain(consumer, applied, ids.size());

      broker.stop();
      for (int i = 10; i < 25; i++) {
        ids.add(publish(i));
      }
      await(() -> new KafkaHealth(relay).health().getStatus().equals(KafkaHealth.DEGRADED), "health DEGRADED while the broker is down");
      Thread.sleep(2000);
      assertThat(relay.pending()).as("events wait in the outbox while Kafka is down").isPositive();

      broker.restart();
      for (int i = 25; i < 30; i++) {
        ids.add(publish(i));
      }
      await(() -> relay.pending() == 0, "the relay recovered by itself and published the rest");
      drain(consumer, applied, ids.size());

      // A crash between Kafka's acknowledgement and the row's mark sends an event again: force that for 5 rows.
      jdbc.sql("UPDATE outbox_event SET kafka_published_at = NULL WHERE seq <= 5").update();
      await(() -> relay.pending() == 0, "republished");
      await(() -> {
        applied.addAll(consumer.poll(Duration.ofMillis(200)).stream().map(EventConsumer.Received::id).toList());
        return consumer.duplicates() >= 5;
      }, "the duplicates reached the consumer");

      assertThat(applied).as("no event lost, none applied twice").hasSize(ids.size()).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(new KafkaHealth(relay).health().getStatus()).isEqualTo(Status.UP);
    }
  }

  @Test
  void twoRelaysOnOneDatabasePublishEachRowOnce() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ids.add(publish(i));
    }
    try (OutboxRelay a = relay().start(); OutboxRelay b = relay().start()) {
      await(() -> a.pending() == 0, "all published");
      assertThat(a.publishedCount() + b.publishedCount()).isEqualTo(200);
    }
    List<ConsumerRecord<String, String>> records = readAll(topic, 200);
    Set<String> seen = new HashSet<>();
    for (ConsumerRecord<String, String> r : records) {
      assertThat(seen.add(new String(r.headers().lastHeader(EventRecords.EVENT_ID).value(), StandardCharsets.UTF_8)))
          .as("each row published by one relay only").isTrue();
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void aHandlerThatFails_getsTheEventAgain_andNothingIsAppliedTwice() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(publish(i));
    }
    try (OutboxRelay relay = relay().start()) {
      await(() -> relay.pending() == 0, "published");
    }
    String group = "dept-" + UUID.randomUUID();
    List<String> applied = new ArrayList<>();
    String failing = ids.get(3);
    int[] failures = {0};
    try (EventConsumer c = new EventConsumer(broker.bootstrapServers(), group, topic, EventConsumer.inMemory(100))) {
      await(() -> {
        try {
          c.poll(Duration.ofMillis(200), e -> {
            if (e.id().equals(failing) && failures[0]++ == 0) {
              throw new IllegalStateException("the department's database is busy");
            }
            applied.add(e.id());
          });
        } catch (IllegalStateException expected) {
          // the consumer sought back: the failed event comes again on the next poll
        }
        return applied.size() >= ids.size();
      }, "all applied despite one failure");
    }
    assertThat(failures[0]).as("the handler failed once, then got the event again").isEqualTo(2);
    assertThat(applied).containsExactlyInAnyOrderElementsOf(ids);
    // Offsets were committed only for applied events: a new consumer in the same group finds nothing left to do.
    try (EventConsumer again = new EventConsumer(broker.bootstrapServers(), group, topic, EventConsumer.inMemory(100))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < deadline) {
        assertThat(again.poll(Duration.ofMillis(200))).isEmpty();
      }
      assertThat(again.duplicates()).isZero();
    }
  }

  @Test
  void theValue_matchesTheDocumentedJsonSchema() throws Exception {
    JsonNode schema = JSON.readTree(java.nio.file.Files.readString(java.nio.file.Path.of("../../docs/kafka/licence-event.schema.json")));
    assertThat(schema.get("$id").asString()).isEqualTo(EventRecords.SCHEMA_ID);
    LicenceEvent e = new LicenceEvent("evt-" + UUID.randomUUID(), "licence.updated", Instant.now(), "lic-2", "A0001", "hk-x", "330106199001011234",
        "lic-1", "valid");
    outbox.publish(e);
    OutboxRows rows = new OutboxRows(jdbc);
    assertThat(rows.claim("t", Instant.now(), Instant.now().plusSeconds(60), 10)).isEqualTo(1);
    JsonNode v = JSON.readTree(EventRecords.of(topic, rows.claimed("t").get(0)).value());
    checkObject(v, schema, "");
    assertThat(texts(schema.get("properties").get("type").get("enum")))
        .containsExactlyInAnyOrderElementsOf(LicenceEvent.TYPES);
  }

  @Test
  void sealRevoked_goesToTheSealTopic_keyedByEsId_matchingItsSchema() throws Exception {
    JsonNode schema = JSON.readTree(java.nio.file.Files.readString(java.nio.file.Path.of("../../docs/kafka/seal-event.schema.json")));
    assertThat(schema.get("$id").asString()).isEqualTo(EventRecords.SEAL_SCHEMA_ID);
    String esId = "33010000000" + (100000 + new java.util.Random().nextInt(900000));
    Event revoked = new Event("evt-" + UUID.randomUUID(), Event.SEAL_REVOKED, Instant.now(), null, null,
        "{\"seal\":{\"esId\":\"" + esId + "\",\"department\":\"330100-AMR\",\"status\":\"revoked\",\"revokedAt\":\"2026-12-07T08:00:00Z\"}}");
    outbox.publish(revoked);
    outbox.publish(event("licence.issued", "lic-s", "hk-s", "valid"));
    try (OutboxRelay relay = relay().start()) {
      await(() -> relay.pending() == 0, "the seal and the licence event published");
      assertThat(relay.publishedCount()).isEqualTo(2);
    }
    List<ConsumerRecord<String, String>> seals = readAll(EventRecords.SEAL_TOPIC, 1).stream()
        .filter(r -> r.key().equals(esId)).toList();
    assertThat(seals).hasSize(1);
    ConsumerRecord<String, String> r = seals.get(0);
    assertThat(new String(r.headers().lastHeader(EventRecords.EVENT_ID).value(), StandardCharsets.UTF_8)).isEqualTo(revoked.id());
    assertThat(new String(r.headers().lastHeader(EventRecords.SCHEMA).value(), StandardCharsets.UTF_8)).isEqualTo(EventRecords.SEAL_SCHEMA_ID);
    JsonNode v = JSON.readTree(r.value());
    checkObject(v, schema, "");
    assertThat(v.get("seal").get("esId").asString()).isEqualTo(esId);
    // The licence event went to the licence topic, not to the seal topic.
    assertThat(readAll(topic, 1)).singleElement().satisfies(l -> assertThat(l.key()).isEqualTo("hk-s"));
  }

  /** The subset of JSON Schema the contract uses: required, additionalProperties false, const, enum, nested objects. */
  private static void checkObject(JsonNode value, JsonNode schema, String at) {
    JsonNode props = schema.get("properties");
    schema.get("required").forEach(r -> assertThat(value.has(r.asString())).as(at + "/" + r.asString() + " is required").isTrue());
    for (var name : value.propertyNames()) {
      assertThat(props.has(name)).as(at + "/" + name + " is in the schema").isTrue();
      JsonNode p = props.get(name);
      JsonNode v = value.get(name);
      if (p.has("const")) {
        assertThat(v.asString()).isEqualTo(p.get("const").asString());
      }
      if (p.has("enum")) {
        assertThat(texts(p.get("enum"))).as(at + "/" + name).contains(v.asString());
      }
      if ("object".equals(p.path("type").asString(""))) {
        checkObject(v, p, at + "/" + name);
      } else if (p.has("type")) {
        assertThat(v.isString()).as(at + "/" + name + " is a string").isTrue();
      }
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }

  private String publish(int i) {
    LicenceEvent e = event(i % 3 == 0 ? "licence.revoked" : "licence.issued", "lic-" + i, "hk-" + (i % 4), i % 3 == 0 ? "revoked" : "valid");
    outbox.publish(e);
    return e.id();
  }

  private static void drain(EventConsumer consumer, List<String> applied, int expected) throws InterruptedException {
    await(() -> {
      applied.addAll(consumer.poll(Duration.ofMillis(200)).stream().map(EventConsumer.Received::id).toList());
      return applied.size() >= expected;
    }, expected + " events applied");
  }

  /** Every record of a topic, until {@code expected} were read and a further second brought none. */
  private static List<ConsumerRecord<String, String>> readAll(String topic, int expected) throws InterruptedException {
    Map<String, Object> p = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG,
        "reader-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int emptyAfterExpected = 0;
      while (System.nanoTime() < deadline && emptyAfterExpected < 5) {
        var batch = c.poll(Duration.ofMillis(200));
        batch.forEach(out::add);
        if (out.size() >= expected && batch.isEmpty()) {
          emptyAfterExpected++;
        }
      }
    }
    return out;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Await.until(condition, Duration.ofSeconds(60), what);
  }
}

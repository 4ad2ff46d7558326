package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.certhub.adapters.kafka.EventConsumer;
import org.certhub.adapters.kafka.EventRecords;
import org.certhub.testkit.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hub with {@code certhub.kafka.bootstrap-servers} set, against a KRaft broker in this JVM: health shows Kafka; a
 * revoke through the API reaches the topic as {@code licence.revoked}, keyed by the holder's pseudonym, without the
 * holder's identifier; with the broker stopped the hub answers health 200 DEGRADED and a revoke made meanwhile arrives
 * after the restart, without restarting the hub.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path data;
  static KafkaBroker broker;
  static TestHub hub;
  static HttpClient anonymous;
  static HttpClient issuer;
  static JsonNode demo;
  static EventConsumer consumer;
  static final List<EventConsumer.Received> applied = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    broker = KafkaBroker.start();
    hub = TestHub.start(data, Map.of("certhub.kafka.bootstrap-servers", broker.bootstrapServers(), "certhub.kafka.delivery-timeout", "3s",
        "certhub.kafka.lease", "10s", "certhub.kafka.max-backoff", "1s", "certhub.kafka.poll-interval", "100ms"));
    anonymous = hub.client(null);
    issuer = hub.client("issuer");
    demo = JSON.readTree(Files.readString(hub.demo("demo.json")));
    consumer = new EventConsumer(broker.bootstrapServers(), "dept-" + UUID.randomUUID(), EventRecords.TOPIC, EventConsumer.inMemory(10_000));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (consumer != null) {
        consumer.close();
      }
      if (hub != null) {
        hub.close();
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  @Test
  @Order(1)
  void health_showsKafka() throws Exception {
    JsonNode health = json(hub.get(anonymous, "/actuator/health"), 200);
    assertThat(health.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
    JsonNode engines = json(hub.get(anonymous, "/actuator/health/engines"), 200).get("components").get("kafka");
    assertThat(engines.get("details").get("topic").asString()).isEqualTo(EventRecords.TOPIC);
    assertThat(engines.get("details").get("bootstrapServers").asString()).isEqualTo(broker.bootstrapServers());
  }

  @Test
  @Order(2)
  void revoke_reachesTheTopic() throws Exception {
    String licenceId = demo.get("licenceId").asString();
    HttpResponse<String> revoked = hub.post(issuer, "/api/v1/licences/" + licenceId + "/revocation", "{\"reason\":\"营业执照被吊销\"}");
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

    EventConsumer.Received e = awaitEvent("licence.revoked", licenceId);
    assertThat(e.licenceStatus()).isEqualTo("revoked");
    assertThat(e.holderKey()).isNotBlank().isEqualTo(e.value().get("holderKey").asString());
    assertThat(e.value().has("holder")).as("the holder's identifier stays in the hub").isFalse();
    // The demo's issues went out too, before the revoke, under the same key (the holder's pseudonym).
    assertThat(applied).anySatisfy(i -> {
      assertThat(i.type()).isEqualTo("licence.issued");
      assertThat(i.licenceId()).isEqualTo(licenceId);
      assertThat(i.holderKey()).isEqualTo(e.holderKey());
    });
  }

  @Test
  @Order(3)
  void kafkaDown_hubStaysUp_andTheEventArrivesAfterTheRestart() throws Exception {
    broker.stop();
    boolean restarted = false;
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      String status = "";
      while (!status.equals("DEGRADED") && System.nanoTime() < deadline) {
        Thread.sleep(200);
        status = json(hub.get(anonymous, "/actuator/health"), 200).get("components").get("kafka").get("status").asString();
      }
      assertThat(status).as("Kafka down: health 200 with kafka DEGRADED").isEqualTo("DEGRADED");
      String other = findValidLicence();
      HttpResponse<String> revoked = hub.post(issuer, "/api/v1/licences/" + other + "/revocation", "{\"reason\":\"注销\"}");
      assertThat(revoked.statusCode()).as("a revoke goes on while Kafka is down: " + revoked.body()).isEqualTo(200);
      JsonNode details = json(hub.get(anonymous, "/actuator/health/engines"), 200).get("components").get("kafka").get("details");
      assertThat(details.get("pendingEvents").asLong()).as("the revoke's event waits in the outbox").isGreaterThanOrEqualTo(1);
      broker.restart();
      restarted = true;
      assertThat(awaitEvent("licence.revoked", other).licenceStatus()).isEqualTo("revoked");
    } finally {
      if (!restarted) {
        broker.restart();
      }
    }
    assertThat(applied.stream().map(EventConsumer.Received::id).distinct().count()).as("each event applied once").isEqualTo(applied.size());
  }

  @Test
  @Order(5)
  void sealRevoke_reachesTheSealTopicOnce_aRefusedSecondRevokeWritesNoEvent() throws Exception {
    HttpResponse<String> made = hub.post(issuer, "/api/v1/seals", "{}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    String esId = JSON.readTree(made.body()).get("esID").asString();
    HttpResponse<String> revoked = hub.post(issuer, "/api/v1/seals/" + esId + "/revocation", "{\"reason\":\"印章遗失\"}");
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(hub.post(issuer, "/api/v1/seals/" + esId + "/revocation", "{\"reason\":\"again\"}").statusCode()).isEqualTo(409);

    List<JsonNode> values = new ArrayList<>();
    Map<String, Object> p = Map.of("bootstrap.servers", broker.bootstrapServers(), "group.id", "seals-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest");
    try (var c = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(p, new org.apache.kafka.common.serialization.StringDeserializer(),
        new org.apache.kafka.common.serialization.StringDeserializer())) {
      c.subscribe(List.of(EventRecords.SEAL_TOPIC));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        for (var r : c.poll(Duration.ofMillis(300))) {
          JsonNode v = JSON.readTree(r.value());
          if (v.get("seal").get("esId").asString().equals(esId)) {
            assertThat(r.key()).isEqualTo(esId);
            assertThat(new String(r.headers().lastHeader(EventRecords.EVENT_TYPE).value(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("seal.revoked");
            values.add(v);
            quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
          }
        }
      }
    }
    assertThat(values).as("one seal.revoked for the seal, none for the refused second revoke").hasSize(1);
    JsonNode v = values.get(0);
    assertThat(v.get("type").asString()).isEqualTo("seal.revoked");
    assertThat(v.get("schema").asString()).isEqualTo(EventRecords.SEAL_SCHEMA_ID);
    assertThat(v.get("seal").get("status").asString()).isEqualTo("revoked");
    assertThat(v.get("seal").get("revokedAt").asString()).isNotBlank();
    assertThat(v.toString()).as("the free-text reason stays in the hub").doesNotContain("印章遗失");
  }

  @Test
  @Order(4)
  void aSecondRelayOnTheSameDatabase_neverPublishesARowTheHubsRelayHas() throws Exception {
    // A second hub instance's relay, on this hub's database (PostgreSQL in the postgres-it run), racing its relay.
    var outbox = hub.context.getBean(org.certhub.exchange.subscription.EventOutbox.class);
    var jdbc = hub.context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
    var hubRelay = hub.context.getBean(org.certhub.adapters.kafka.OutboxRelay.class);
    long hubBefore = hubRelay.publishedCount();
    java.util.Set<String> ids = new java.util.HashSet<>();
    var d = org.certhub.adapters.kafka.KafkaSettings.of(broker.bootstrapServers());
    var settings = new org.certhub.adapters.kafka.KafkaSettings(d.bootstrapServers(), d.topic(), 20, Duration.ofMillis(20), Duration.ofMillis(100),
        Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(10), Map.of());
    try (var second = new org.certhub.adapters.kafka.OutboxRelay(settings, jdbc, java.time.Clock.systemUTC()).start()) {
      for (int i = 0; i < 200; i++) {
        var e = new org.certhub.exchange.subscription.LicenceEvent("evt-" + UUID.randomUUID(), "licence.revoked", java.time.Instant.now(),
            "lic-race-" + i, "A0001", "hk-race-" + (i % 7), "330106199001011234", null, "revoked");
        outbox.publish(e);
        ids.add(e.id());
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (second.pending() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(second.pending()).isZero();
      // A pass adds to its count after marking its whole batch: give the last one a moment.
      long settle = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (hubRelay.publishedCount() - hubBefore + second.publishedCount() < 200 && System.nanoTime() < settle) {
        Thread.sleep(50);
      }
      long byHub = hubRelay.publishedCount() - hubBefore;
      assertThat(byHub + second.publishedCount()).as("split: hub " + byHub + ", second " + second.publishedCount()).isEqualTo(200);
    }
    // Read every delivery, remembering nothing, and count each event.
    Map<String, Integer> deliveries = new java.util.HashMap<>();
    EventConsumer.Seen nothing = new EventConsumer.Seen() {
      @Override
      public boolean contains(String eventId) {
        return false;
      }

      @Override
      public void add(String eventId) {}
    };
    try (EventConsumer all = new EventConsumer(broker.bootstrapServers(), "count-" + UUID.randomUUID(), EventRecords.TOPIC, nothing)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!deliveries.keySet().containsAll(ids) && System.nanoTime() < deadline) {
        all.poll(Duration.ofMillis(300), e -> deliveries.merge(e.id(), 1, Integer::sum));
      }
      all.poll(Duration.ofSeconds(1), e -> deliveries.merge(e.id(), 1, Integer::sum));
    }
    assertThat(deliveries.keySet()).containsAll(ids);
    assertThat(ids.stream().filter(id -> deliveries.get(id) != 1).toList()).as("events published by both relays").isEmpty();
  }

  private static String findValidLicence() throws Exception {
    JsonNode page = json(hub.get(issuer, "/api/v1/licences?status=valid&size=50"), 200);
    for (JsonNode l : page.get("items")) {
      return l.get("id").asString();
    }
    throw new AssertionError("no valid licence to revoke: " + page);
  }

  private static EventConsumer.Received awaitEvent(String type, String licenceId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      applied.addAll(consumer.poll(Duration.ofMillis(300)));
      for (EventConsumer.Received r : applied) {
        if (r.type().equals(type) && r.licenceId().equals(licenceId)) {
          return r;
        }
      }
    }
    throw new AssertionError("no " + type + " for " + licenceId + " on the topic; got " + applied);
  }

  private static JsonNode json(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }
}

package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.certhub.adapters.kafka.JournalSequencer;
import org.certhub.adapters.kafka.JournalSettings;
import org.certhub.adapters.kafka.KafkaJournal;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.audit.JdbcCheckpointStore;
import org.certhub.ledger.checkpoint.CheckpointVerifier;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.proof.ProofFile;
import org.certhub.testkit.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hub with {@code certhub.ledger.journal=kafka}, against a KRaft broker in this JVM: every access goes to the
 * journal topic before the hub answers; a pull's receipt index names, in the hub's ledger replica, exactly the bytes on
 * the topic; its inclusion proof verifies against a signed checkpoint, and the sequencer (this single instance is the
 * active one) has published a checkpoint covering it into the shared checkpoint row.
 */
class KafkaJournalIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  @TempDir static Path data;
  static KafkaBroker broker;
  static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    broker = KafkaBroker.start();
    hub = TestHub.start(data, Map.of("certhub.kafka.bootstrap-servers", broker.bootstrapServers(), "certhub.ledger.journal", "kafka",
        "certhub.kafka.journal.instance-id", "hub-it", "certhub.kafka.journal.checkpoint-interval", "200ms"));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
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
  void aPull_isOnTheTopicBeforeTheAnswer_andItsReceiptIsProvable() throws Exception {
    KafkaJournal journal = hub.context.getBean(KafkaJournal.class);
    assertThat(hub.context.getBean(org.certhub.exchange.audit.AccessJournal.class)).isSameAs(journal);
    JsonNode health = JSON.readTree(hub.get(hub.client(null), "/actuator/health").body());
    assertThat(health.get("components").get("ledgerJournal").get("status").asString()).isEqualTo("UP");

    String demo = Files.readString(hub.demo("demo.json"));
    HttpResponse<String> pull = hub.post(hub.client("consumer"), "/api/v1/pulls", demo);
    assertThat(pull.statusCode()).as(pull.body()).isEqualTo(200);
    long index = JSON.readTree(pull.body()).get("receipt").get("index").asLong();
    byte[] entry = journal.entry(index);
    assertThat(AccessLog.requestIdOf(entry)).isNotBlank();

    // The entry is on the topic (it was acknowledged there before the hub answered), once, at the offset of its index:
    // every access of this hub went through the journal, so offsets and indexes coincide.
    List<byte[]> records = new ArrayList<>();
    TopicPartition p = new TopicPartition(JournalSettings.TOPIC, 0);
    try (var c = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers(), "group.id", "it-" + UUID.randomUUID()),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.assign(List.of(p));
      c.seekToBeginning(List.of(p));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() <= index && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).records(p).forEach(r -> records.add(r.value()));
      }
    }
    assertThat(records.size()).isGreaterThan((int) index);
    assertThat(records.get((int) index)).isEqualTo(entry);
    assertThat(records.stream().filter(r -> java.util.Arrays.equals(r, entry)).count()).isEqualTo(1);

    // Provable: the proof file for the index verifies against the hub's key with the very bytes on the topic.
    NoteVerifier key = NoteVerifier.fromVerifierKey(hub.get(hub.client(null), "/api/v1/ledger/key").body().strip());
    HttpResponse<String> file;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    do {
      file = hub.get(hub.client(null), "/api/v1/ledger/proof/file?index=" + index);
    } while (file.statusCode() == 409 && System.nanoTime() < deadline && sleep());
    assertThat(file.statusCode()).as(file.body()).isEqualTo(200);
    assertThat(ProofFile.verify(file.body(), key, "certhub.local/ledger", records.get((int) index)).size()).isGreaterThan(index);

    // The sequencer of this instance is active and its checkpoint in the shared row covers the pull.
    assertThat(hub.context.getBean(JournalSequencer.class).active()).isTrue();
    var shared = new JdbcCheckpointStore(hub.context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class), "certhub.local/ledger",
        java.time.Clock.systemUTC());
    long covered = -1;
    deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (covered <= index && System.nanoTime() < deadline && sleep()) {
      covered = shared.latest().map(n -> size(n, key)).orElse(-1L);
    }
    assertThat(covered).isGreaterThan(index);
  }

  private static long size(String note, NoteVerifier key) {
    try {
      return CheckpointVerifier.verify(note, key, "certhub.local/ledger").size();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static boolean sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }
}

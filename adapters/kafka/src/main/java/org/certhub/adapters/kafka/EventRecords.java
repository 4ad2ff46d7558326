package org.certhub.adapters.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.certhub.exchange.subscription.Event;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The topic contract (docs/kafka.md, docs/kafka/licence-event.schema.json): an outbox event as a Kafka record. The key
 * is the holder's pseudonym, so every event about one holder (an update chain included) lands on one partition in
 * order; the holder's identifier itself never goes to Kafka, whose readers are all departments with topic access.
 */
public final class EventRecords {
  /** The default topic of licence lifecycle events. */
  public static final String TOPIC = "certhub.licence-events";
  /** Header: the event id, the same in every delivery of the event (dedupe by it). */
  public static final String EVENT_ID = "certhub-event-id";
  /** Header: the event type, e.g. {@code licence.revoked}. */
  public static final String EVENT_TYPE = "certhub-event-type";
  /** Header: the schema of the value. */
  public static final String SCHEMA = "certhub-schema";
  /** The schema version of the value. */
  public static final String SCHEMA_ID = "https://certhub.example/schemas/licence-event/1";
  /** The topic of seal lifecycle events ({@code seal.revoked}); key: the seal's esID. */
  public static final String SEAL_TOPIC = "certhub.seal-events";
  /** The schema of a seal event's value (docs/kafka/seal-event.schema.json). */
  public static final String SEAL_SCHEMA_ID = "https://certhub.example/schemas/seal-event/1";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private EventRecords() {}

  /** The topic an event goes to: seal events to {@link #SEAL_TOPIC}, licence events to {@code licenceTopic}. */
  static String topicOf(Event e, String licenceTopic) {
    return e.aboutSeal() ? SEAL_TOPIC : licenceTopic;
  }

  /** The record for a seal event from the outbox, on {@link #SEAL_TOPIC}, keyed by the seal's esID. */
  public static ProducerRecord<String, String> ofSeal(Event e) {
    if (!e.aboutSeal()) {
      throw new IllegalArgumentException("not a seal event: " + e.type());
    }
    JsonNode s = JSON.readTree(e.payload()).path("seal");
    ObjectNode v = JSON.createObjectNode();
    v.put("schema", SEAL_SCHEMA_ID);
    v.put("id", e.id());
    v.put("type", e.type());
    v.put("occurredAt", e.occurredAt().toString());
    ObjectNode seal = v.putObject("seal");
    String esId = s.path("esId").asString();
    seal.put("esId", esId);
    seal.put("department", s.path("department").asString());
    seal.put("status", s.path("status").asString());
    seal.put("revokedAt", s.path("revokedAt").asString());
    ProducerRecord<String, String> r = new ProducerRecord<>(SEAL_TOPIC, esId, v.toString());
    r.headers().add(EVENT_ID, e.id().getBytes(StandardCharsets.UTF_8));
    r.headers().add(EVENT_TYPE, e.type().getBytes(StandardCharsets.UTF_8));
    r.headers().add(SCHEMA, SEAL_SCHEMA_ID.getBytes(StandardCharsets.UTF_8));
    return r;
  }

  /** The record for an outbox event: a seal event on its topic, a licence event on {@code topic}. */
  static ProducerRecord<String, String> forEvent(String topic, Event e) {
    return e.aboutSeal() ? ofSeal(e) : of(topic, e);
  }

  /** The record for a licence event from the outbox. */
  public static ProducerRecord<String, String> of(String topic, Event e) {
    if (!e.aboutLicence() || e.holderKey() == null) {
      throw new IllegalArgumentException("only licence events go to Kafka, not " + e.type());
    }
    JsonNode payload = JSON.readTree(e.payload());
    ObjectNode v = JSON.createObjectNode();
    v.put("schema", SCHEMA_ID);
    v.put("id", e.id());
    v.put("type", e.type());
    v.put("occurredAt", e.occurredAt().toString());
    v.put("holderKey", e.holderKey());
    ObjectNode licence = v.putObject("licence");
    JsonNode l = payload.path("licence");
    licence.put("id", l.path("id").asString());
    licence.put("type", l.path("type").asString(e.licenceType()));
    licence.put("status", l.path("status").asString());
    if (l.hasNonNull("previousId")) {
      licence.put("previousId", l.get("previousId").asString());
    }
    ProducerRecord<String, String> r = new ProducerRecord<>(topic, e.holderKey(), v.toString());
    r.headers().add(EVENT_ID, e.id().getBytes(StandardCharsets.UTF_8));
    r.headers().add(EVENT_TYPE, e.type().getBytes(StandardCharsets.UTF_8));
    r.headers().add(SCHEMA, SCHEMA_ID.getBytes(StandardCharsets.UTF_8));
    return r;
  }

  /** A header's value as text, or null. */
  static String header(Iterable<Header> headers, String name) {
    Header last = null;
    for (Header h : headers) {
      if (h.key().equals(name)) {
        last = h;
      }
    }
    return last == null || last.value() == null ? null : new String(last.value(), StandardCharsets.UTF_8);
  }
}

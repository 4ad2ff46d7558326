package org.certhub.exchange.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.certhub.exchange.TestDatabases;
import org.certhub.exchange.subscription.Event;
import org.certhub.exchange.subscription.EventOutbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Leases on the real outbox schema (every migration, on H2): one claim per row at a time, per relay. */
class OutboxLeasesTest {
  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  static final String LICENCES = "type LIKE 'licence.%'";
  JdbcClient jdbc;
  OutboxLeases kafka;
  OutboxLeases fabric;

  @BeforeEach
  void outbox() {
    jdbc = TestDatabases.migrated();
    EventOutbox outbox = new EventOutbox(jdbc);
    for (int i = 0; i < 3; i++) {
      outbox.publish(new Event("evt-" + i, "licence.issued", NOW, "hk", "A0001", "{}"));
    }
    outbox.publish(new Event("evt-alert", Event.SUPERVISION_ALERT, NOW, null, null, "{}"));
    kafka = leases(jdbc, "kafka", "kafka_published_at");
    fabric = leases(jdbc, "fabric", "fabric_done_at");
  }

  /** Leases whose rows this test closes by hand. */
  static OutboxLeases leases(JdbcClient jdbc, String relay, String closedBy) {
    return new OutboxLeases(jdbc, relay, closedBy, LICENCES) {
      @Override
      public boolean done(String eventId, String token, Instant at, String refusal) {
        throw new UnsupportedOperationException("not used here");
      }
    };
  }

  @Test
  void claim_takesTheOldestUnclaimedRowsOfTheRelaysTypes_oncePerLease() {
    assertThat(kafka.pending()).as("the alert is not the relay's").isEqualTo(3);

    assertThat(kafka.claim("a", NOW, NOW.plusSeconds(60), 2)).isEqualTo(2);
    assertThat(kafka.claim("b", NOW, NOW.plusSeconds(60), 10)).isEqualTo(1);

    assertThat(kafka.claimed("a")).extracting(Event::id).containsExactly("evt-0", "evt-1");
    assertThat(kafka.claimed("b")).extracting(Event::id).containsExactly("evt-2");
    assertThat(kafka.claim("c", NOW, NOW.plusSeconds(60), 10)).as("every row is under a live lease").isZero();
    assertThat(fabric.claim("f", NOW, NOW.plusSeconds(60), 10)).as("another relay's leases are its own").isEqualTo(3);
  }

  @Test
  void release_givesBackTheRowsAtOnce_andARunOutLeaseIsTakenOver() {
    kafka.claim("a", NOW, NOW.plusSeconds(60), 2);
    kafka.release("a");
    assertThat(kafka.claimed("a")).isEmpty();
    assertThat(kafka.claim("b", NOW, NOW.plusSeconds(60), 10)).isEqualTo(3);

    Instant later = NOW.plus(Duration.ofMinutes(2));
    assertThat(kafka.claim("c", later, later.plusSeconds(60), 10)).as("b's lease ran out").isEqualTo(3);
    assertThat(kafka.claimed("b")).isEmpty();
  }

  @Test
  void release_keepsClosedRowsClosed() {
    kafka.claim("a", NOW, NOW.plusSeconds(60), 10);
    jdbc.sql("UPDATE outbox_event SET kafka_published_at = ?, kafka_claim = NULL WHERE id = 'evt-0'").param(java.sql.Timestamp.from(NOW)).update();
    kafka.release("a");

    assertThat(kafka.pending()).isEqualTo(2);
    assertThat(kafka.claim("b", NOW, NOW.plusSeconds(60), 10)).isEqualTo(2);
  }

  @Test
  void new_aColumnNameThatIsNotAPlainIdentifier_throws() {
    assertThatThrownBy(() -> leases(jdbc, "kafka; DROP TABLE outbox_event", "kafka_published_at"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an outbox column name must match [a-z][a-z0-9_]*, but was: kafka; DROP TABLE outbox_event");
  }
}

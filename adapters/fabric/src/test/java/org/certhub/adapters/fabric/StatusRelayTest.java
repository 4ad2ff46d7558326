package org.certhub.adapters.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.certhub.exchange.subscription.EventOutbox;
import org.certhub.exchange.subscription.LicenceEvent;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The status relay from the real outbox schema (Flyway on H2) through the real fabric-gateway client to
 * {@link FakePeer} running the real chaincode; a second organisation (another region) reads the registry with its own
 * identity and connection.
 */
class StatusRelayTest {
  @TempDir Path dir;
  InProcessNetwork network;
  FakePeer peer;
  FabricConnection org1;
  JdbcClient jdbc;
  EventOutbox outbox;
  FabricStatusRegistry otherRegion;

  @BeforeEach
  void start() throws Exception {
    network = InProcessNetwork.start();
    peer = network.peer;
    org1 = network.join(dir.resolve("org1"), "hub1", "Org1MSP").connection();
    otherRegion = new FabricStatusRegistry(network.join(dir.resolve("org2"), "dept2", "Org2MSP").connection().client());
    // The first chaincode call in a JVM scans the classpath for the contract (about 15 s, longer on a loaded machine);
    // pay it with an uncounted read so the counted endorsements below are not retried on a deadline.
    assertThat(otherRegion.get("warm-up")).isEmpty();

    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    jdbc = JdbcClient.create(ds);
    outbox = new EventOutbox(jdbc);
  }

  @AfterEach
  void stop() {
    network.close();
  }

  StatusRelay relay(FabricConnection c) {
    return new StatusRelay(new FabricStatusRegistry(c.client()), jdbc,
        new StatusRelay.Settings(Duration.ofMillis(20), 20, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMinutes(1)),
        Clock.systemUTC());
  }

  void publish(String type, String licence, String previous, String status) {
    outbox.publish(new LicenceEvent("evt-" + UUID.randomUUID(), type, Instant.now(), licence, "A0001", "hk-1",
        "330106199001011234", previous, status));
  }

  String statusOf(String licence) throws IOException {
    return otherRegion.get(licence).map(FabricStatusRegistry.Entry::status).orElse("none");
  }

  @Test
  void everyStatusTransitionLandsAndAnotherRegionReadsIt() throws Exception {
    publish("licence.issued", "LIC-1", null, "valid");
    publish("licence.updated", "LIC-1b", "LIC-1", "valid");
    publish("licence.revoked", "LIC-1b", null, "revoked");
    publish("licence.issued", "LIC-2", null, "valid");
    publish("licence.expired", "LIC-2", null, "expired");
    outbox.publish(new org.certhub.exchange.subscription.Event("evt-alert", "supervision.alert", Instant.now(), null, null, "{}"));
    StatusRelay relay = relay(org1);
    assertThat(relay.pending()).isEqualTo(5); // the alert is not a licence status

    assertThat(relay.pass()).isEqualTo(5);

    assertThat(statusOf("LIC-1")).isEqualTo("superseded");
    assertThat(statusOf("LIC-1b")).isEqualTo("revoked");
    assertThat(statusOf("LIC-2")).isEqualTo("expired");
    assertThat(statusOf("LIC-3")).isEqualTo("none");
    FabricStatusRegistry.Entry e = otherRegion.get("LIC-1b").orElseThrow();
    assertThat(e.issuer()).isEqualTo("Org1MSP");
    assertThat(e.digest()).isEqualTo(FabricStatusRegistry.digest("LIC-1b"));
    // only digests reach the channel: no licence identifier and no holder identifier in the world state
    assertThat(peer.state.toString()).doesNotContain("LIC-").doesNotContain("330106199001011234");
    assertThat(peer.validCommits()).isEqualTo(6);
    assertThat(relay.pending()).isZero();
    int endorsed = peer.endorseCalls.get();
    assertThat(relay.pass()).isZero();
    assertThat(peer.endorseCalls).hasValue(endorsed); // nothing is pushed twice
    assertThat(peer.badSignatures).hasValue(0);
  }

  @Test
  void aFailureThenRecoveryLandsExactlyOnce() throws Exception {
    publish("licence.issued", "LIC-1", null, "valid");
    publish("licence.revoked", "LIC-1", null, "revoked");
    StatusRelay relay = relay(org1);
    peer.failEndorse.set(3); // every endorsement try of the first pass: the peers are down

    assertThatThrownBy(relay::pass).isInstanceOf(IOException.class).hasMessageContaining("UNAVAILABLE");
    assertThat(relay.lastError()).contains("UNAVAILABLE");
    assertThat(relay.pending()).isEqualTo(2);
    assertThat(peer.submitCalls).hasValue(0);
    assertThat(jdbc.sql("SELECT fabric_attempts FROM outbox_event WHERE type = 'licence.issued'").query(Integer.class).single())
        .isEqualTo(1);
    assertThat(jdbc.sql("SELECT fabric_attempts FROM outbox_event WHERE type = 'licence.revoked'").query(Integer.class).single())
        .isZero(); // the batch stopped at the failure, keeping the licence's order

    assertThat(relay.pass()).isEqualTo(2);
    assertThat(relay.lastError()).isNull();
    assertThat(statusOf("LIC-1")).isEqualTo("revoked");
    assertThat(peer.submitCalls).hasValue(2);
    assertThat(peer.validCommits()).isEqualTo(2);
    assertThat(relay.pass()).isZero();
    assertThat(peer.submitCalls).hasValue(2);
  }

  @Test
  void anUnknownOutcomeIsLookedUpByIdNotSubmittedAgain() throws Exception {
    publish("licence.issued", "LIC-1", null, "valid");
    StatusRelay relay = relay(org1);
    peer.failStatus.set(2); // two commit status lookups time out; the third reads VALID

    assertThat(relay.pass()).isEqualTo(1);

    assertThat(peer.endorseCalls).hasValue(1);
    assertThat(peer.submitCalls).hasValue(1);
    assertThat(peer.statusCalls).hasValue(3);
    assertThat(statusOf("LIC-1")).isEqualTo("valid");
  }

  @Test
  void anOutcomeUnknownAfterEveryLookupStaysPendingAndTheRetryIsANoOp() throws Exception {
    publish("licence.issued", "LIC-1", null, "valid");
    StatusRelay relay = relay(org1);
    peer.failStatus.set(6); // every lookup, before and after the one resubmission of the same transaction

    assertThatThrownBy(relay::pass).isInstanceOf(IOException.class).hasMessageContaining("unknown");
    assertThat(peer.endorseCalls).hasValue(1); // no new transaction: the same signed one went to the orderer twice
    assertThat(peer.submitCalls).hasValue(2);
    assertThat(relay.pending()).isEqualTo(1);
    FabricStatusRegistry.Entry first = otherRegion.get("LIC-1").orElseThrow(); // it did land

    assertThat(relay.pass()).isEqualTo(1); // the next pass endorses afresh; the chaincode sees the same status
    assertThat(otherRegion.get("LIC-1").orElseThrow()).isEqualTo(first); // a no-op: updatedAt kept
    assertThat(relay.pending()).isZero();
  }

  @Test
  void aStaleRowIsSettledAndAnotherIssuersLicenceIsRefusedForGood() throws Exception {
    // another region registered LIC-9 first: this hub is not its issuer
    otherRegion.set("LIC-9", "valid");
    publish("licence.issued", "LIC-9", null, "valid");
    // LIC-1's revocation reached the channel before its issue (two instances relaying out of order)
    publish("licence.revoked", "LIC-1", null, "revoked");
    publish("licence.issued", "LIC-1", null, "valid");
    StatusRelay relay = relay(org1);
    int endorsed = peer.endorseCalls.get();

    assertThat(relay.pass()).isEqualTo(3);

    assertThat(statusOf("LIC-1")).isEqualTo("revoked");
    assertThat(otherRegion.get("LIC-9").orElseThrow().issuer()).isEqualTo("Org2MSP");
    assertThat(relay.refusedCount()).isEqualTo(1);
    assertThat(relay.pending()).isZero();
    assertThat(jdbc.sql("SELECT fabric_error FROM outbox_event WHERE fabric_error IS NOT NULL").query(String.class).list())
        .singleElement().asString().startsWith("NOT_ISSUER");
    assertThat(peer.endorseCalls.get() - endorsed).isEqualTo(3); // refusals are final: never retried
  }

  @Test
  void theRelayThreadPushesByItself() throws Exception {
    try (StatusRelay relay = relay(org1).start()) {
      publish("licence.issued", "LIC-1", null, "valid");
      publish("licence.revoked", "LIC-1", null, "revoked");
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (relay.pending() > 0 && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(relay.pending()).isZero();
      assertThat(statusOf("LIC-1")).isEqualTo("revoked");
      assertThat(relay.landedCount()).isEqualTo(2);
    }
  }
}

package org.certhub.adapters.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.checkpoint.NoteSigner;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter through the real fabric-gateway client against {@link FakePeer}: the real chaincode decides, and
 * every proposal, transaction and status request must carry a valid signature of the client's identity.
 */
class FabricAnchorTest {
  @TempDir Path dir;
  InProcessNetwork network;
  FakePeer peer;
  InProcessNetwork.Member org1;
  FabricConnection connection;
  NoteSigner signer;

  @BeforeEach
  void start() throws Exception {
    network = InProcessNetwork.start();
    peer = network.peer;
    org1 = network.join(dir.resolve("org1"), "hub1", "Org1MSP");
    connection = org1.connection();
    signer = TestNetwork.ledgerSigner();
  }

  @AfterEach
  void stop() {
    network.close();
  }

  FabricAnchor anchor(Ledger ledger) {
    return new FabricAnchor(connection.client(), TestNetwork.ORIGIN, signer.verifierKey(), ledger::consistencyProof);
  }

  @Test
  void anchorsLandWithConsistencyProofsAndReadBack() throws Exception {
    try (Ledger ledger = TestNetwork.ledger(dir.resolve("a"), signer, "a", 3)) {
      FabricAnchor anchor = anchor(ledger);
      assertThat(anchor.anchored()).isEmpty();
      String first = ledger.latestCheckpoint();
      anchor.anchor(first);
      TestNetwork.grow(ledger, "a", 4);
      String second = ledger.latestCheckpoint();
      anchor.anchor(second); // size 3 -> 7: needs the ledger's consistency proof
      anchor.anchor(second); // a repeat is a harmless no-op

      assertThat(anchor.anchored()).containsExactly(first, second);
      assertThat(anchor.anchorAt(7)).isEqualTo(second);
      assertThat(anchor.anchorAt(5)).isNull();
      // registerLog once, then three anchors, each committed valid; every signature checked and good
      assertThat(peer.validCommits()).isEqualTo(4);
      assertThat(peer.badSignatures).hasValue(0);
      assertThat(peer.submitCalls).hasValue(4);
    }
  }

  @Test
  void forkedCheckpointIsRefusedAsAForkAndNeverRetried() throws Exception {
    try (Ledger ledger = TestNetwork.ledger(dir.resolve("a"), signer, "a", 3);
        Ledger fork = TestNetwork.ledger(dir.resolve("b"), signer, "b", 3)) {
      anchor(ledger).anchor(ledger.latestCheckpoint());
      FabricAnchor forked = anchor(fork);
      int endorsements = peer.endorseCalls.get();

      // Same size, another root.
      assertThatThrownBy(() -> forked.anchor(fork.latestCheckpoint()))
          .isInstanceOfSatisfying(ChaincodeRefusal.class, e -> {
            assertThat(e.code()).isEqualTo("ROOT_CONFLICT");
            assertThat(e.forked()).isTrue();
            assertThat(e.getMessage()).contains("refused anchorCheckpoint", "ROOT_CONFLICT", "another root");
          });
      assertThat(peer.endorseCalls.get() - endorsements).as("a refusal is final: one endorsement").isEqualTo(1);

      // Larger size: the fork's own proof does not lead from the anchored root.
      TestNetwork.grow(fork, "b", 2);
      assertThatThrownBy(() -> forked.anchor(fork.latestCheckpoint()))
          .isInstanceOfSatisfying(ChaincodeRefusal.class, e -> assertThat(e.code()).isEqualTo("INCONSISTENT"));
      assertThat(forked.anchored()).containsExactly(ledger.latestCheckpoint());
      var health = new FabricHealth(forked, org1.settings(), null).health();
      assertThat(health.getStatus()).isEqualTo(FabricHealth.DEGRADED);
      assertThat(health.getDetails()).containsEntry("code", "INCONSISTENT").containsEntry("forked", true);
    }
  }

  @Test
  void aLogRegisteredWithAnotherKeyIsNotAnchoredTo() throws Exception {
    try (Ledger ledger = TestNetwork.ledger(dir.resolve("a"), signer, "a", 2)) {
      connection.client().submit("registerLog", TestNetwork.ORIGIN, TestNetwork.ledgerSigner().verifierKey());
      assertThatThrownBy(() -> anchor(ledger).anchor(ledger.latestCheckpoint()))
          .isInstanceOf(IOException.class).hasMessageContaining("another verifier key");
    }
  }

  @Test
  void endorsementFailureIsRetriedWithANewProposal() throws Exception {
    try (Ledger ledger = TestNetwork.ledger(dir.resolve("a"), signer, "a", 3)) {
      FabricAnchor anchor = anchor(ledger);
      anchor.anchor(ledger.latestCheckpoint()); // registers
      TestNetwork.grow(ledger, "a", 1);
      int before = peer.endorseCalls.get();
      peer.failEndorse.set(1);
      anchor.anchor(ledger.latestCheckpoint());
      assertThat(peer.endorseCalls.get() - before).isEqualTo(2);
      assertThat(anchor.anchored()).hasSize(2).last().isEqualTo(ledger.latestCheckpoint());
    }
  }

  @Test
  void endorsementFailuresBeyondTheAttemptsReportAndLeaveNothingWritten() throws Exception {
    try (Ledger ledger = TestNetwork.ledger(dir.resolve("a"), signer, "a", 3)) {
      peer.failEndorse.set(100);
      assertThatThrownBy(() -> anchor(ledger).anchor(ledger.latestCheckpoint()))
          .isInstanceOf(IOException.class).isNotInstanceOf(ChaincodeRefusal.class)
          .hasMessageContaining("cannot endorse").hasMessageContaining("UNAVAILABLE");
      assertThat(peer.submitCalls).hasValue(0);
    }
  }

  @Test
  void commitStatusTimeoutIsLookedUpByIdNotSubmittedTwice() throws Exception {
    try (Ledger ledger = TestNetwork.ledger(dir.resolve("a"), signer, "a", 3)) {
      FabricAnchor anchor = anchor(ledger);
      anchor.anchor(ledger.latestCheckpoint());
      TestNetwork.grow(ledger, "a", 2);
      int submits = peer.submitCalls.get();
      int lookups = peer.statusCalls.get();
      peer.failStatus.set(2);
      anchor.anchor(ledger.latestCheckpoint());
      assertThat(peer.submitCalls.get() - submits).as("one submission").isEqualTo(1);
      assertThat(peer.statusCalls.get() - lookups).as("two failed lookups, then the answer").isEqualTo(3);
      assertThat(anchor.anchored()).hasSize(2);
    }
  }

  @Test
  void unknownOutcomeAfterAllLookupsResubmitsTheSameTransactionOnly() throws Exception {
    try (Ledger ledger = TestNetwork.ledger(dir.resolve("a"), signer, "a", 3)) {
      FabricAnchor anchor = anchor(ledger);
      anchor.anchor(ledger.latestCheckpoint());
      TestNetwork.grow(ledger, "a", 2);
      int submits = peer.submitCalls.get();
      int endorsements = peer.endorseCalls.get();
      peer.failStatus.set(3); // every lookup of the first round fails
      anchor.anchor(ledger.latestCheckpoint());
      // The same signed transaction went to the orderer again (its copy committed as a duplicate id, harmless);
      // no new proposal was endorsed for it, and the first commit's status is what the client reads.
      assertThat(peer.submitCalls.get() - submits).isEqualTo(2);
      assertThat(peer.endorseCalls.get() - endorsements).isEqualTo(1);
      assertThat(peer.validCommits()).isEqualTo(3);
      assertThat(anchor.anchored()).hasSize(2);
    }
  }

  @Test
  void anInvalidCommitIsReported() throws Exception {
    try (Ledger ledger = TestNetwork.ledger(dir.resolve("a"), signer, "a", 3)) {
      FabricAnchor anchor = anchor(ledger);
      anchor.anchor(ledger.latestCheckpoint());
      TestNetwork.grow(ledger, "a", 1);
      peer.nextCode = TxValidationCode.MVCC_READ_CONFLICT;
      assertThatThrownBy(() -> anchor.anchor(ledger.latestCheckpoint()))
          .isInstanceOf(FabricClient.InvalidTransaction.class).hasMessageContaining("MVCC_READ_CONFLICT");
      peer.nextCode = null;
      assertThat(anchor.anchored()).hasSize(1);
      anchor.anchor(ledger.latestCheckpoint()); // the ledger retries at its next interval
      assertThat(anchor.anchored()).hasSize(2);
    }
  }

  @Test
  void aClientWhoseKeyDoesNotMatchItsCertificateIsRejectedByThePeer() throws Exception {
    Path[] other = TestNetwork.identity(Files.createDirectories(dir.resolve("other")), "hub2", "Org1MSP");
    Path[] mismatched = {org1.identity()[0], other[1]};
    try (FabricConnection wrong = network.connect(TestNetwork.settings("in-process", mismatched))) {
      assertThatThrownBy(() -> wrong.client().evaluate("getLog", TestNetwork.ORIGIN))
          .isInstanceOf(IOException.class).hasMessageContaining("PERMISSION_DENIED");
      assertThat(peer.badSignatures.get()).isPositive();
    }
  }

  @Test
  void licenceStatusRegistryKeepsTheIssuer() throws Exception {
    FabricStatusRegistry registry = new FabricStatusRegistry(connection.client());
    assertThat(registry.get("LIC-2026-0001")).isEmpty();
    FabricStatusRegistry.Entry set = registry.set("LIC-2026-0001", "suspended");
    assertThat(set.issuer()).isEqualTo("Org1MSP");
    assertThat(set.digest()).isEqualTo(FabricStatusRegistry.digest("LIC-2026-0001")).hasSize(64);
    assertThat(registry.get("LIC-2026-0001")).hasValueSatisfying(e -> assertThat(e.status()).isEqualTo("suspended"));

    Path[] org2 = TestNetwork.identity(Files.createDirectories(dir.resolve("org2")), "hub2", "Org2MSP");
    try (FabricConnection other = network.connect(TestNetwork.settings("in-process", org2, "Org2MSP"))) {
      assertThatThrownBy(() -> new FabricStatusRegistry(other.client()).set("LIC-2026-0001", "revoked"))
          .isInstanceOfSatisfying(ChaincodeRefusal.class, e -> assertThat(e.code()).isEqualTo("NOT_ISSUER"));
      assertThat(new FabricStatusRegistry(other.client()).get("LIC-2026-0001"))
          .hasValueSatisfying(e -> assertThat(e.status()).isEqualTo("suspended"));
    }
    registry.set("LIC-2026-0001", "revoked");
    assertThatThrownBy(() -> registry.set("LIC-2026-0001", "valid"))
        .isInstanceOfSatisfying(ChaincodeRefusal.class, e -> assertThat(e.code()).isEqualTo("REVOKED_IS_FINAL"));
    assertThat(List.of(peer.badSignatures.get())).containsExactly(0);
  }
}

package org.certhub.adapters.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.checkpoint.NoteSigner;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.verify.LogVerificationException;
import org.certhub.ledger.verify.LogVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code certhub ledger verify} does with a Fabric channel: read the anchored checkpoints from the chaincode
 * (an evaluate transaction through the real client and {@link FakePeer}) and check each against the log on disk.
 */
class FabricVerifyTest {
  @TempDir Path dir;
  InProcessNetwork network;
  FabricConnection connection;
  NoteSigner signer;

  @BeforeEach
  void start() throws Exception {
    network = InProcessNetwork.start();
    connection = network.join(dir.resolve("org1"), "hub1", "Org1MSP").connection();
    signer = TestNetwork.ledgerSigner();
  }

  @AfterEach
  void stop() {
    network.close();
  }

  NoteVerifier key() throws Exception {
    return NoteVerifier.fromVerifierKey(signer.verifierKey());
  }

  /** Ledger "a" with anchors at sizes 3 and 7; returns the anchored notes. */
  List<String> anchorTwice(Path ledgerDir) throws Exception {
    try (Ledger ledger = TestNetwork.ledger(ledgerDir, signer, "a", 3)) {
      FabricAnchor anchor = new FabricAnchor(connection.client(), TestNetwork.ORIGIN, signer.verifierKey(), ledger::consistencyProof);
      anchor.anchor(ledger.latestCheckpoint());
      TestNetwork.grow(ledger, "a", 4);
      anchor.anchor(ledger.latestCheckpoint());
      TestNetwork.grow(ledger, "a", 2); // the log goes on past the last anchor
      return anchor.anchored();
    }
  }

  @Test
  void matchingAnchorsPass() throws Exception {
    Path a = dir.resolve("a");
    List<String> anchored = anchorTwice(a);

    List<String> read = FabricAnchor.anchored(connection.client(), TestNetwork.ORIGIN);
    assertThat(read).hasSize(2).isEqualTo(anchored);
    assertThat(LogVerifier.verify(a, key(), TestNetwork.ORIGIN).size()).isEqualTo(9);
    LogVerifier.verifyAnchored(a, key(), TestNetwork.ORIGIN, read, "Fabric anchor"); // no exception: both match
  }

  @Test
  void aLogRewrittenAfterAnchoringIsReportedAtTheFirstAnchor() throws Exception {
    anchorTwice(dir.resolve("a"));
    // the same key signs a different history of 9 entries: a valid log on its own, not the one anchored
    Path b = dir.resolve("b");
    TestNetwork.ledger(b, signer, "b", 9).close();
    assertThat(LogVerifier.verify(b, key(), TestNetwork.ORIGIN).size()).isEqualTo(9);

    List<String> read = FabricAnchor.anchored(connection.client(), TestNetwork.ORIGIN);
    assertThatThrownBy(() -> LogVerifier.verifyAnchored(b, key(), TestNetwork.ORIGIN, read, "Fabric anchor"))
        .isInstanceOfSatisfying(LogVerificationException.class, e -> {
          assertThat(e.location()).isEqualTo(LogVerificationException.Location.ANCHOR);
          assertThat(e.badIndex()).isZero();
        })
        .hasMessageContaining("Fabric anchor 0 (size 3)").hasMessageContaining("rewritten after anchoring");
  }

  @Test
  void aForgedAnchorRootIsReported() throws Exception {
    Path a = dir.resolve("a");
    List<String> anchored = anchorTwice(a);
    // someone with write access to the peer's state swaps the root of the second anchor (the signature stays)
    String note = anchored.get(1);
    String[] lines = note.split("\n", -1);
    byte[] root = Base64.getDecoder().decode(lines[2]);
    root[0] ^= 1;
    lines[2] = Base64.getEncoder().encodeToString(root);
    String forged = String.join("\n", lines);
    Map.Entry<String, byte[]> stored = network.peer.state.entrySet().stream()
        .filter(e -> new String(e.getValue(), StandardCharsets.UTF_8).equals(note)).findFirst().orElseThrow();
    network.peer.state.put(stored.getKey(), forged.getBytes(StandardCharsets.UTF_8));

    List<String> read = FabricAnchor.anchored(connection.client(), TestNetwork.ORIGIN);
    assertThat(read).containsExactly(anchored.get(0), forged);
    assertThatThrownBy(() -> LogVerifier.verifyAnchored(a, key(), TestNetwork.ORIGIN, read, "Fabric anchor"))
        .isInstanceOfSatisfying(LogVerificationException.class, e -> assertThat(e.badIndex()).isEqualTo(1))
        .hasMessageContaining("Fabric anchor 1");
  }
}

package org.certhub.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.certhub.ledger.anchor.FileAnchor;
import org.certhub.ledger.checkpoint.NoteSigner;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.checkpoint.TestKeys;
import org.certhub.ledger.verify.LogVerificationException;
import org.certhub.ledger.verify.LogVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockRetryAnchorTest {
  static final String ORIGIN = "ledger.certhub.example/lock";
  @TempDir Path dir;
  @TempDir Path elsewhere;
  final NoteSigner signer = TestKeys.freshSigner(ORIGIN);

  LedgerConfig config() {
    // Entries here are "<request id>:<payload>", so the request id can be read back after a restart.
    return new LedgerConfig(dir, ORIGIN, signer, Duration.ofHours(1), Clock.systemUTC())
        .withRequestIds(e -> new String(e, StandardCharsets.UTF_8).split(":", 2)[0])
        .withAnchor(new FileAnchor(elsewhere.resolve("anchors").resolve("ledger.anchor")), Duration.ofHours(1));
  }

  static byte[] e(String requestId, String payload) {
    return (requestId + ":" + payload).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void secondOpenOfTheSameDirectory_failsFast() throws Exception {
    try (Ledger first = Ledger.open(config())) {
      assertThatThrownBy(() -> Ledger.open(config()))
          .isInstanceOf(LedgerException.class)
          .hasMessageContaining("must be used by one ledger at a time");
      first.append(e("r1", "x")).get();
    }
    try (Ledger again = Ledger.open(config())) {
      assertThat(again.size()).isEqualTo(1);
    }
  }

  /** The checkpoint record is compare-and-swap guarded: a record changed behind the ledger's back stops it signing. */
  @Test
  void checkpointRecordChangedByAnotherWriter_refusesToPublish_andToReopen() throws Exception {
    try (Ledger l = Ledger.open(config())) {
      l.append(e("a", "1")).get();
      l.checkpointNow();
      // Another writer (same key, another history) swaps in its own checkpoint.
      String foreign = signer.sign(new org.certhub.ledger.checkpoint.Checkpoint(ORIGIN, 1, new byte[32]).body());
      Files.writeString(dir.resolve("checkpoint"), foreign);
      l.append(e("b", "2")).get();
      assertThatThrownBy(l::checkpointNow).isInstanceOf(LedgerFailureException.class).hasMessageContaining("refusing to fork");
      Files.writeString(dir.resolve("checkpoint"), foreign);
    } catch (LedgerFailureException closing) {
      // close() tries a last checkpoint and is refused the same way
      assertThat(closing).hasMessageContaining("refusing to fork");
    }
    assertThatThrownBy(() -> Ledger.open(config())).isInstanceOf(LedgerVerificationException.class).hasMessageContaining("refusing to fork");
  }

  @Test
  void identicalRetry_getsTheSameIndex_alsoAfterRestart_andAReusedIdForOtherBytesIsRefused() throws Exception {
    long first;
    try (Ledger l = Ledger.open(config())) {
      first = l.append(e("req-1", "pull"), "req-1").get().index();
      l.append(e("req-2", "pull"), "req-2").get();
      assertThat(l.append(e("req-1", "pull"), "req-1").get().index()).isEqualTo(first);
      assertThat(l.size()).isEqualTo(2);
      assertThatThrownBy(() -> l.append(e("req-1", "other"), "req-1")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("req-1");
    }
    try (Ledger l = Ledger.open(config())) {
      assertThat(l.append(e("req-1", "pull"), "req-1").get().index()).isEqualTo(first);
      assertThat(l.size()).isEqualTo(2);
    }
  }

  /** The tree hash is a parameter (SM3 in GM deployments); SHA-512/256 stands in here, the JDK has it. */
  @Test
  void otherTreeHash_isUsedForTheTree_andVerifiesOnlyWithThatHash() throws Exception {
    org.certhub.ledger.tree.Hasher other = org.certhub.ledger.tree.Hasher.of("SHA-512/256");
    try (Ledger l = Ledger.open(new LedgerConfig(dir, ORIGIN, signer, Duration.ofHours(1), Clock.systemUTC()).withHasher(other))) {
      l.append(e("a", "1")).get();
      l.append(e("b", "2")).get();
      assertThat(l.hasher().hashLeaf(e("a", "1"))).isEqualTo(other.hashLeaf(e("a", "1")));
    }
    NoteVerifier key = NoteVerifier.fromVerifierKey(signer.verifierKey());
    assertThat(LogVerifier.verify(dir, key, ORIGIN, other).size()).isEqualTo(2);
    assertThatThrownBy(() -> LogVerifier.verify(dir, key, ORIGIN)).isInstanceOf(LedgerVerificationException.class);
  }

  @Test
  void anchors_areWrittenAndVerification_catchesALogRewrittenAfterAnchoring() throws Exception {
    try (Ledger l = Ledger.open(config())) {
      for (int i = 0; i < 20; i++) {
        l.append(e("r" + i, "access " + i)).get();
      }
      l.checkpointNow();
      l.anchorNow();
      l.anchorNow(); // unchanged checkpoint: not anchored twice
    }
    FileAnchor anchor = new FileAnchor(elsewhere.resolve("anchors").resolve("ledger.anchor"));
    assertThat(anchor.anchored()).as("the unchanged checkpoint is anchored once, also at close").hasSize(1);
    NoteVerifier key = NoteVerifier.fromVerifierKey(signer.verifierKey());
    assertThat(LogVerifier.verify(dir, key, ORIGIN, anchor).size()).isEqualTo(20);

    // Rewrite the whole log consistently (new journal, re-signed checkpoints): only the anchor can tell.
    Path rewritten = Files.createTempDirectory("rewritten");
    try (Ledger l = Ledger.open(new LedgerConfig(rewritten, ORIGIN, signer, Duration.ofHours(1), Clock.systemUTC()))) {
      for (int i = 0; i < 20; i++) {
        l.append(e("r" + i, i == 7 ? "forged" : "access " + i)).get();
      }
    }
    assertThat(LogVerifier.verify(rewritten, key, ORIGIN).size()).isEqualTo(20);
    assertThatThrownBy(() -> LogVerifier.verify(rewritten, key, ORIGIN, anchor))
        .isInstanceOfSatisfying(LogVerificationException.class, x -> assertThat(x.location()).isEqualTo(LogVerificationException.Location.ANCHOR))
        .hasMessageContaining("rewritten after anchoring");
  }
}

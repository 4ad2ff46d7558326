package org.certhub.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.certhub.ledger.checkpoint.CheckpointVerifier;
import org.certhub.ledger.checkpoint.NoteSigner;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.checkpoint.TestKeys;
import org.certhub.ledger.checkpoint.VerifiedCheckpoint;
import org.certhub.ledger.proof.ProofVerifier;
import org.certhub.ledger.tree.Hasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {

  static final String ORIGIN = "ledger.certhub.example/test";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private final NoteSigner signer = TestKeys.freshSigner(ORIGIN);

  private LedgerConfig config(Duration interval) {
    return new LedgerConfig(dir, ORIGIN, signer, interval, CLOCK);
  }

  private Ledger open() throws LedgerException {
    return Ledger.open(config(Duration.ofHours(1)));
  }

  private VerifiedCheckpoint latest(Ledger l) throws Exception {
    return CheckpointVerifier.verify(
        l.latestCheckpoint(), NoteVerifier.fromVerifierKey(signer.verifierKey()), ORIGIN);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void open_emptyLedger_hasSignedCheckpointOfEmptyTree() throws Exception {
    try (Ledger l = open()) {
      VerifiedCheckpoint c = latest(l);
      assertThat(c.size()).isZero();
      assertThat(c.rootHash()).isEqualTo(Hasher.sha256().emptyRoot());
      assertThat(l.latestCheckpointTime()).isEqualTo(CLOCK.instant());
    }
  }

  @Test
  void append_entry_receiptHasIndexAndRfc9162LeafHash() throws Exception {
    try (Ledger l = open()) {
      Receipt r0 = l.append(bytes("first")).join();
      Receipt r1 = l.append(bytes("second")).join();
      assertThat(r0.index()).isZero();
      assertThat(r1.index()).isEqualTo(1);
      assertThat(r1.leafHash()).isEqualTo(l.hasher().hashLeaf(bytes("second")));
      assertThat(l.size()).isEqualTo(2);
      assertThat(l.entry(1)).isEqualTo(bytes("second"));
      assertThat(r0.toString()).isEqualTo(
          "Receipt[index=0, leafHash="
              + java.util.HexFormat.of().formatHex(Hasher.sha256().hashLeaf(bytes("first"))) + "]");
    }
  }

  @Test
  void inclusionProof_receipt_verifiesAgainstLatestCheckpointRoot() throws Exception {
    try (Ledger l = open()) {
      List<Receipt> receipts = new ArrayList<>();
      for (int i = 0; i < 13; i++) {
        receipts.add(l.append(bytes("e" + i)).join());
      }
      l.checkpointNow();
      VerifiedCheckpoint c = latest(l);
      assertThat(c.size()).isEqualTo(13);
      for (Receipt r : receipts) {
        ProofVerifier.verifyInclusion(
            l.hasher(), r.index(), c.size(), r.leafHash(), l.inclusionProof(r.index(), c.size()),
            c.rootHash());
      }
    }
  }

  @Test
  void checkpointNow_afterGrowth_publishesConsistentCheckpoints() throws Exception {
    try (Ledger l = open()) {
      l.append(bytes("a")).join();
      l.checkpointNow();
      VerifiedCheckpoint c1 = latest(l);
      l.append(bytes("b")).join();
      l.append(bytes("c")).join();
      l.checkpointNow();
      VerifiedCheckpoint c2 = latest(l);
      assertThat(c2.size()).isEqualTo(3);
      ProofVerifier.verifyConsistency(
          l.hasher(), c1.size(), c2.size(), l.consistencyProof(c1.size(), c2.size()),
          c1.rootHash(), c2.rootHash());
      String before = l.latestCheckpoint();
      l.checkpointNow();
      assertThat(l.latestCheckpoint()).as("no growth, no new checkpoint").isSameAs(before);
    }
  }

  @Test
  void backgroundPublisher_growth_publishesWithinInterval() throws Exception {
    try (Ledger l = Ledger.open(config(Duration.ofMillis(20)))) {
      l.append(bytes("x")).join();
      long size = 0;
      for (int i = 0; i < 500 && size != 1; i++) {
        Thread.sleep(10);
        size = latest(l).size();
      }
      assertThat(size).isEqualTo(1);
    }
  }

  @Test
  void open_afterClose_keepsSizeRootAndFinalCheckpoint() throws Exception {
    org.certhub.ledger.tree.MerkleTree expected = new org.certhub.ledger.tree.MerkleTree(Hasher.sha256());
    try (Ledger l = open()) {
      for (int i = 0; i < 10; i++) {
        l.append(bytes("e" + i)).join();
        expected.append(Hasher.sha256().hashLeaf(bytes("e" + i)));
      }
    }
    try (Ledger l = open()) {
      assertThat(l.size()).isEqualTo(10);
      VerifiedCheckpoint c = latest(l);
      assertThat(c.size()).as("close publishes a final checkpoint").isEqualTo(10);
      assertThat(c.rootHash()).isEqualTo(expected.root());
      l.append(bytes("e10")).join();
      l.checkpointNow();
      assertThat(latest(l).size()).isEqualTo(11);
      ProofVerifier.verifyConsistency(
          l.hasher(), 10, 11, l.consistencyProof(10, 11), c.rootHash(), latest(l).rootHash());
    }
  }

  @Test
  void append_manyThreads_allReceiptsDistinctAndTreeMatchesEntries() throws Exception {
    try (Ledger l = open()) {
      List<CompletableFuture<Receipt>> fs = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        Thread th = new Thread(() -> {
          for (int i = 0; i < 50; i++) {
            CompletableFuture<Receipt> f = l.append(bytes(thread + ":" + i));
            synchronized (fs) {
              fs.add(f);
            }
          }
        });
        threads.add(th);
        th.start();
      }
      for (Thread th : threads) {
        th.join();
      }
      Set<Long> indices = new HashSet<>();
      for (CompletableFuture<Receipt> f : fs) {
        Receipt r = f.join();
        indices.add(r.index());
        assertThat(r.leafHash()).isEqualTo(l.hasher().hashLeaf(l.entry(r.index())));
      }
      assertThat(indices).hasSize(400);
      assertThat(l.size()).isEqualTo(400);
    }
  }

  @Test
  void append_afterClose_failsWithIllegalState() throws Exception {
    Ledger l = open();
    l.close();
    assertThatThrownBy(() -> l.append(bytes("late")).join())
        .isInstanceOf(CompletionException.class)
        .hasRootCauseMessage("ledger must be open to append, but was: closed");
  }

  @Test
  void open_checkpointsSignedByAnotherKey_isRejected() throws Exception {
    try (Ledger l = open()) {
      l.append(bytes("a")).join();
    }
    NoteSigner other = TestKeys.freshSigner(ORIGIN);
    LedgerConfig otherConfig = new LedgerConfig(dir, ORIGIN, other, Duration.ofHours(1), CLOCK);
    assertThatThrownBy(() -> Ledger.open(otherConfig))
        .isInstanceOf(LedgerVerificationException.class)
        .hasMessageStartingWith(
            "checkpoint record 1: signed note must carry a signature from " + ORIGIN + "+");
  }

  @Test
  void config_zeroInterval_throwsIllegalArgument() {
    assertThatThrownBy(() -> config(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("checkpointInterval must be positive, but was: PT0S");
  }
}

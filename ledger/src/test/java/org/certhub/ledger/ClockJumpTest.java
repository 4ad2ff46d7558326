package org.certhub.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.certhub.ledger.checkpoint.CheckpointVerifier;
import org.certhub.ledger.checkpoint.NoteSigner;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.checkpoint.TestKeys;
import org.certhub.ledger.checkpoint.VerifiedCheckpoint;
import org.certhub.ledger.proof.ProofVerifier;
import org.certhub.ledger.verify.LogVerifier;
import org.certhub.ledger.verify.VerifyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, "clock jumps backwards": the wall clock set back an hour between checkpoints (an NTP step, a VM restored
 * from a snapshot) must not make a checkpoint's publication time go back, must not stop the periodic publisher, and
 * must not lead to two inconsistent checkpoints: the tree only grows and each checkpoint is consistent with the last.
 */
class ClockJumpTest {
  static final String ORIGIN = "ledger.certhub.example/clock-jump";
  static final Instant START = Instant.parse("2026-12-07T09:00:00Z");

  @TempDir Path dir;

  private final NoteSigner signer = TestKeys.freshSigner(ORIGIN);

  /** A wall clock a test can set back; {@code volatile} because the ledger's publisher thread reads it. */
  static final class SteppingClock extends Clock {
    private volatile Instant now;

    SteppingClock(Instant start) {
      now = start;
    }

    void step(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("UTC only");
    }
  }

  @Test
  void clockSetBackAnHourBetweenCheckpoints_timesNeverGoBack_treeOnlyGrows_noFork() throws Exception {
    SteppingClock clock = new SteppingClock(START);
    List<String> notes = new ArrayList<>();
    List<Instant> times = new ArrayList<>();
    try (Ledger l = Ledger.open(new LedgerConfig(dir, ORIGIN, signer, Duration.ofHours(1), clock))) {
      notes.add(l.latestCheckpoint());
      times.add(l.latestCheckpointTime());
      for (int round = 0; round < 8; round++) {
        for (int i = 0; i <= round; i++) {
          l.append(bytes("round " + round + " entry " + i)).join();
        }
        clock.step(Duration.ofSeconds(1));
        if (round % 2 == 1) {
          clock.step(Duration.ofHours(-1));
        }
        l.checkpointNow();
        notes.add(l.latestCheckpoint());
        times.add(l.latestCheckpointTime());
      }
      assertThat(clock.instant()).as("the clock did go back, 4 hours in all").isBefore(START);
    }
    for (int i = 1; i < times.size(); i++) {
      assertThat(times.get(i)).as("checkpoint %d's time is not before checkpoint %d's", i, i - 1).isAfterOrEqualTo(times.get(i - 1));
    }

    // Reopen with the clock still an hour behind the last publication: no refusal, no fork, same history.
    clock.step(Duration.ofHours(-1));
    NoteVerifier key = NoteVerifier.fromVerifierKey(signer.verifierKey());
    try (Ledger l = Ledger.open(new LedgerConfig(dir, ORIGIN, signer, Duration.ofHours(1), clock))) {
      assertThat(l.latestCheckpoint()).isEqualTo(notes.get(notes.size() - 1));
      VerifiedCheckpoint previous = CheckpointVerifier.verify(notes.get(0), key, ORIGIN);
      for (int i = 1; i < notes.size(); i++) {
        VerifiedCheckpoint c = CheckpointVerifier.verify(notes.get(i), key, ORIGIN);
        assertThat(c.size()).as("checkpoint %d grew the tree", i).isGreaterThan(previous.size());
        ProofVerifier.verifyConsistency(l.hasher(), previous.size(), c.size(), l.consistencyProof(previous.size(), c.size()),
            previous.rootHash(), c.rootHash());
        previous = c;
      }
      l.append(bytes("after the reopen")).join();
      l.checkpointNow();
      assertThat(CheckpointVerifier.verify(l.latestCheckpoint(), key, ORIGIN).size()).isEqualTo(previous.size() + 1);
    }
    VerifyResult r = LogVerifier.verify(dir, key, ORIGIN);
    assertThat(r.size()).isEqualTo(1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 1);
    assertThat(r.checkpoints()).as("every checkpoint in the history, each consistent with the one before").isGreaterThanOrEqualTo(notes.size());
  }

  @Test
  void periodicPublisher_keepsPublishing_afterTheClockJumpsBack() throws Exception {
    SteppingClock clock = new SteppingClock(START);
    try (Ledger l = Ledger.open(new LedgerConfig(dir, ORIGIN, signer, Duration.ofMillis(50), clock))) {
      l.append(bytes("before")).join();
      awaitSignedSize(l, 1);
      Instant before = l.latestCheckpointTime();
      clock.step(Duration.ofHours(-1));
      l.append(bytes("after")).join();
      awaitSignedSize(l, 2);
      assertThat(l.latestCheckpointTime()).as("the newer checkpoint does not look an hour older").isAfterOrEqualTo(before);
    }
  }

  private void awaitSignedSize(Ledger l, long size) throws Exception {
    NoteVerifier key = NoteVerifier.fromVerifierKey(signer.verifierKey());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long signed = -1;
    while (System.nanoTime() < deadline && (signed = CheckpointVerifier.verify(l.latestCheckpoint(), key, ORIGIN).size()) < size) {
      Thread.sleep(20);
    }
    assertThat(signed).as("the publisher signed size %d within 10 s (its schedule does not follow the wall clock)", size).isEqualTo(size);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

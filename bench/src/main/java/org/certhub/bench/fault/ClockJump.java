package org.certhub.bench.fault;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.LedgerConfig;
import org.certhub.ledger.checkpoint.CheckpointVerifier;
import org.certhub.ledger.checkpoint.NoteSigner;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.checkpoint.VerifiedCheckpoint;
import org.certhub.ledger.proof.ProofVerifier;
import org.certhub.ledger.verify.LogVerifier;
import org.certhub.ledger.verify.VerifyResult;

/**
 * The clock jumps backwards, against the ledger library in this JVM: the hub has no clock-offset setting (its {@code
 * Clock} bean is the system UTC clock), so a process-level run would have to move the machine's clock, which this
 * shared machine must not do. Each run: 4 appender threads for 1.5 s, the periodic publisher every 20 ms, and the
 * wall clock set back an hour at 3 random moments; every checkpoint published meanwhile is sampled. The ledger is then
 * reopened with the clock still behind and appended to once more. ClockJumpTest in ledger is the unit-test version.
 */
final class ClockJump {
  static final String CRITERION = "with the wall clock set back 1 h three times while appending and publishing: no checkpoint's"
      + " publication time goes back, the signed size never decreases, each sampled checkpoint is consistent with the one before"
      + " (RFC 9162 consistency proof), no two different roots are signed for one size, the publisher keeps publishing, and"
      + " LogVerifier accepts the whole history after a reopen with the clock still behind";
  private static final String ORIGIN = "ledger.certhub.example/clock-jump-fault";

  private ClockJump() {}

  /** A wall clock that can be set back; read by the ledger's publisher thread. */
  static final class SteppingClock extends Clock {
    private volatile Instant now = Instant.parse("2026-12-07T09:00:00Z");

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

  static FaultResult run(Path work, int runs) throws Exception {
    FaultResult result = new FaultResult("clock-jumps-back", CRITERION,
        "in-process against the ledger library (the hub accepts no clock offset): 4 appenders, publisher every 20 ms, clock set back 1 h"
            + " at 3 random moments in 1.5 s, then a reopen with the clock still behind");
    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
    for (int run = 1; run <= runs; run++) {
      Path dir = work.resolve("clock-" + run);
      Files.createDirectories(dir);
      KeyPair kp = g.generateKeyPair();
      NoteSigner signer = NoteSigner.ed25519(ORIGIN, kp.getPublic(), kp.getPrivate());
      String problem;
      try {
        problem = once(dir, signer, result);
      } catch (Exception e) {
        problem = "threw " + e;
      }
      if (problem != null) {
        result.fail(problem);
      }
    }
    return result;
  }

  private record Sample(String note, Instant time) {}

  private static String once(Path dir, NoteSigner signer, FaultResult result) throws Exception {
    SteppingClock clock = new SteppingClock();
    NoteVerifier key = NoteVerifier.fromVerifierKey(signer.verifierKey());
    List<Sample> samples = new ArrayList<>();
    int jumps = 0;
    try (Ledger ledger = Ledger.open(new LedgerConfig(dir, ORIGIN, signer, Duration.ofMillis(20), clock))) {
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> appenders = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int writer = w;
        Thread t = new Thread(() -> {
          for (int i = 0; !stop.get(); i++) {
            ledger.append(("writer " + writer + " entry " + i).getBytes(StandardCharsets.UTF_8)).join();
          }
        });
        t.start();
        appenders.add(t);
      }
      long start = System.nanoTime();
      long[] jumpAt = ThreadLocalRandom.current().longs(3, 100_000_000L, 1_400_000_000L).sorted().toArray();
      while (System.nanoTime() - start < 1_500_000_000L) {
        long elapsed = System.nanoTime() - start;
        clock.step(Duration.ofMillis(1));
        if (jumps < jumpAt.length && elapsed >= jumpAt[jumps]) {
          clock.step(Duration.ofHours(-1));
          jumps++;
        }
        String note = ledger.latestCheckpoint();
        Instant time = ledger.latestCheckpointTime();
        if (samples.isEmpty() || !samples.get(samples.size() - 1).note().equals(note)) {
          samples.add(new Sample(note, time));
        } else if (time.isBefore(samples.get(samples.size() - 1).time())) {
          return "the latest checkpoint's time went back from " + samples.get(samples.size() - 1).time() + " to " + time;
        }
        Thread.sleep(1);
      }
      stop.set(true);
      for (Thread t : appenders) {
        t.join();
      }
      ledger.checkpointNow();
      samples.add(new Sample(ledger.latestCheckpoint(), ledger.latestCheckpointTime()));

      VerifiedCheckpoint previous = null;
      Instant previousTime = null;
      java.util.Map<Long, String> rootBySize = new java.util.HashMap<>();
      for (Sample s : samples) {
        VerifiedCheckpoint c = CheckpointVerifier.verify(s.note(), key, ORIGIN);
        String root = java.util.Base64.getEncoder().encodeToString(c.rootHash());
        String earlier = rootBySize.putIfAbsent(c.size(), root);
        if (earlier != null && !earlier.equals(root)) {
          return "two different roots signed for size " + c.size();
        }
        if (previous != null) {
          if (c.size() < previous.size()) {
            return "the signed size went back from " + previous.size() + " to " + c.size();
          }
          if (s.time().isBefore(previousTime)) {
            return "checkpoint at size " + c.size() + " has time " + s.time() + ", before the previous one's " + previousTime;
          }
          ProofVerifier.verifyConsistency(ledger.hasher(), previous.size(), c.size(), ledger.consistencyProof(previous.size(), c.size()),
              previous.rootHash(), c.rootHash());
        }
        previous = c;
        previousTime = s.time();
      }
      if (samples.size() < 5) {
        return "only " + samples.size() + " distinct checkpoints were published in 1.5 s: the publisher stalled after a jump";
      }
    }
    long size = CheckpointVerifier.verify(samples.get(samples.size() - 1).note(), key, ORIGIN).size();
    clock.step(Duration.ofMinutes(-30));
    try (Ledger reopened = Ledger.open(new LedgerConfig(dir, ORIGIN, signer, Duration.ofMillis(20), clock))) {
      reopened.append("after the reopen".getBytes(StandardCharsets.UTF_8)).join();
      reopened.checkpointNow();
      long after = CheckpointVerifier.verify(reopened.latestCheckpoint(), key, ORIGIN).size();
      if (after != size + 1) {
        return "after the reopen the signed size is " + after + ", expected " + (size + 1);
      }
    }
    VerifyResult v = LogVerifier.verify(dir, key, ORIGIN);
    result.pass(jumps + " jumps of −1 h; " + samples.size() + " distinct checkpoints sampled, sizes up to " + size
        + ", times monotonic, each consistent with the last; LogVerifier: size " + v.size() + ", " + v.checkpoints() + " checkpoints ok");
    return null;
  }
}

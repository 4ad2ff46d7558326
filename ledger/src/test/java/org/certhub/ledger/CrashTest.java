package org.certhub.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.certhub.ledger.checkpoint.NoteSigner;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.tiles.TileReader;
import org.certhub.ledger.verify.LogVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments: a child JVM appends with 8 threads and prints every acknowledged index; the
 * test kills it (SIGKILL, no shutdown hooks) after 50–400 ms, 15 times, restarting on the same directory.
 * After every kill, every acknowledged index holds exactly its entry, the log (journal, checkpoints, tiles)
 * verifies, and the tiles alone verify too.
 */
class CrashTest {
  static final String ORIGIN = "ledger.certhub.example/crash";
  @TempDir Path dir;

  static byte[] entry(String id) {
    return ("{\"access\":\"" + id + "\",\"pad\":\"" + "p".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void killMinus9UnderLoad_neverLosesAnAcknowledgedEntry() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
    KeyPair kp = g.generateKeyPair();
    NoteSigner signer = NoteSigner.ed25519(ORIGIN, kp.getPublic(), kp.getPrivate());
    NoteVerifier key = NoteVerifier.fromVerifierKey(signer.verifierKey());
    Random rnd = new Random(7);
    Map<Long, String> acked = new HashMap<>();
    int rounds = 15;
    long totalAcked = 0;
    for (int round = 0; round < rounds; round++) {
      List<String> cmd = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
          CrashChild.class.getName(), dir.toString(), ORIGIN,
          Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()), Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()),
          "r" + round));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
      java.util.concurrent.CountDownLatch opened = new java.util.concurrent.CountDownLatch(1);
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = in.readLine()) != null) {
            lines.add(line);
            if (line.startsWith("open ")) {
              opened.countDown();
            }
          }
        } catch (java.io.IOException e) {
          // the pipe closes when the child dies: every line printed before is already in the list
        }
      });
      reader.start();
      assertThat(opened.await(60, TimeUnit.SECONDS)).as("child started: %s", lines).isTrue();
      Thread.sleep(50 + rnd.nextInt(350));
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(30_000);
      synchronized (lines) {
        for (String line : lines) {
          String[] parts = line.split(" ");
          // A line cut by the kill has fewer parts or a short id; only whole lines count as acknowledged.
          if (parts.length == 3 && parts[0].equals("ack") && parts[2].matches("r" + round + "-[0-7]-[0-9]+")) {
            acked.put(Long.parseLong(parts[1]), parts[2]);
          }
        }
      }
      totalAcked = acked.size();
      try (Ledger l = Ledger.open(new LedgerConfig(dir, ORIGIN, signer, Duration.ofHours(1), Clock.systemUTC()))) {
        for (Map.Entry<Long, String> a : acked.entrySet()) {
          assertThat(a.getKey()).as("acknowledged index %d survives round %d", a.getKey(), round).isLessThan(l.size());
          assertThat(l.entry(a.getKey())).as("index %d holds its entry", a.getKey()).isEqualTo(entry(a.getValue()));
        }
      }
      assertThat(LogVerifier.verify(dir, key, ORIGIN).size()).isGreaterThanOrEqualTo(acked.size());
      assertThat(LogVerifier.verify(TileReader.directory(dir), key, ORIGIN).size()).isPositive();
    }
    assertThat(totalAcked).as("the child acknowledged appends before being killed").isGreaterThan(100);
  }
}

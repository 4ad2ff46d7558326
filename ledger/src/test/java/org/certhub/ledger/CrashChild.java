package org.certhub.ledger;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.certhub.ledger.checkpoint.NoteSigner;

/**
 * The process {@link CrashTest} kills: appends with 8 threads as fast as it can and prints "ack <index>"
 * the moment each append's future completes (so every printed index was acknowledged as durable).
 * Args: dir origin base64(public key X.509) base64(private key PKCS#8) round.
 */
public final class CrashChild {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    KeyFactory kf = KeyFactory.getInstance("Ed25519");
    PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(args[2])));
    PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(args[3])));
    NoteSigner signer = NoteSigner.ed25519(args[1], pub, priv);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    Ledger ledger = Ledger.open(new LedgerConfig(dir, args[1], signer, Duration.ofMillis(50), Clock.systemUTC()));
    out.println("open " + ledger.size());
    out.flush();
    Thread[] writers = new Thread[8];
    for (int t = 0; t < writers.length; t++) {
      int thread = t;
      writers[t] = new Thread(() -> {
        for (long n = 0; ; n++) {
          byte[] entry = CrashTest.entry(args[4] + "-" + thread + "-" + n);
          try {
            long index = ledger.append(entry).get().index();
            synchronized (out) {
              out.println("ack " + index + " " + args[4] + "-" + thread + "-" + n);
              out.flush();
            }
          } catch (Exception e) {
            return;
          }
        }
      });
      writers[t].start();
    }
    for (Thread w : writers) {
      w.join();
    }
  }
}

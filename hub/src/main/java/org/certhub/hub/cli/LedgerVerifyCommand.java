package org.certhub.hub.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.concurrent.Callable;
import org.certhub.ledger.LedgerException;
import org.certhub.ledger.anchor.FileAnchor;
import org.certhub.ledger.checkpoint.CheckpointFormatException;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.verify.LogVerificationException;
import org.certhub.ledger.verify.LogVerifier;
import org.certhub.ledger.verify.VerifyResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code certhub ledger verify}: an outsider's check of a ledger.
 *
 * <ul>
 *   <li>{@code --data DIR}: recomputes the Merkle tree from every journal entry, checks every checkpoint's
 *       signature and consistency with the one before, and every tile byte;
 *   <li>{@code --url URL --cert PEM --key KEY --cacert CA}: reads a running hub's checkpoint and tiles as an
 *       auditor, recomputes the tree from the entry bundles and checks the signature and every tile.
 * </ul>
 *
 * Exit 0 with the size and root when all holds; 1 with the first bad index (and the file and byte for a
 * changed tile) otherwise; 2 when the ledger cannot be read at all.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify the whole ledger, from a data directory or a hub URL.")
public final class LedgerVerifyCommand implements Callable<Integer> {
  @Option(names = "--data", defaultValue = "certhub-data", description = "data directory (default: ${DEFAULT-VALUE})")
  Path data;

  @Option(names = "--url", description = "a hub's base URL, e.g. https://hub.example:8443, to verify remotely")
  String url;

  @Option(names = "--cert", description = "with --url: the auditor's client certificate chain (PEM)")
  Path cert;

  @Option(names = "--key", description = "with --url: the auditor's private key (PEM, PKCS#8)")
  Path key;

  @Option(names = "--cacert", description = "with --url: the CA certificate(s) to trust for the hub's TLS")
  Path cacert;

  @Option(
      names = "--vkey",
      description = "checkpoint verifier key (C2SP vkey) obtained out of band. Default: DATA/ledger.vkey, or with --url the hub's"
          + " /api/v1/ledger/key (printed, so compare it with the one you trust)")
  String vkey;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      VerifyResult r;
      if (url != null) {
        if (cert == null || key == null || cacert == null) {
          err.println("--url needs --cert, --key and --cacert (an auditor's client certificate and the hub CA)");
          err.flush();
          return 2;
        }
        HttpTileReader reader = new HttpTileReader(url, cert, key, cacert);
        String k = vkey;
        if (k == null) {
          k = new String(reader.get("/api/v1/ledger/key").orElseThrow(() -> new IOException("the hub serves no ledger key")), StandardCharsets.UTF_8).strip();
          out.println("verifier key from the hub (compare with the one you trust): " + k);
        }
        r = LogVerifier.verify(reader, NoteVerifier.fromVerifierKey(k), origin(k));
        out.printf("ledger ok: size %d root %s (checkpoint and every tile verified from %s)%n", r.size(), Base64.getEncoder().encodeToString(r.root()), url);
      } else {
        String k = vkey != null ? vkey : Files.readString(data.resolve("ledger.vkey"), StandardCharsets.UTF_8).strip();
        Path anchorFile = data.resolve("anchors").resolve("ledger.anchor");
        FileAnchor anchors = new FileAnchor(anchorFile);
        r = Files.exists(anchorFile)
            ? LogVerifier.verify(data.resolve("ledger"), NoteVerifier.fromVerifierKey(k), origin(k), anchors)
            : LogVerifier.verify(data.resolve("ledger"), NoteVerifier.fromVerifierKey(k), origin(k));
        out.printf("ledger ok: size %d root %s (%d checkpoints, %d anchors, every tile verified)%n", r.size(),
            Base64.getEncoder().encodeToString(r.root()), r.checkpoints(), Files.exists(anchorFile) ? anchors.anchored().size() : 0);
      }
      out.flush();
      return 0;
    } catch (LogVerificationException e) {
      err.printf("ledger verification failed at %s %d: %s%n", e.location().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), e.badIndex(), e.getMessage());
      err.flush();
      return 1;
    } catch (CheckpointFormatException e) {
      err.printf("the verifier key is malformed: %s%n", e.getMessage());
      err.flush();
      return 2;
    } catch (LedgerException e) {
      err.printf("ledger verification failed: %s%n", e.getMessage());
      err.flush();
      return 1;
    } catch (IOException | GeneralSecurityException e) {
      err.printf("cannot read the ledger: %s%n", e.getMessage());
      err.flush();
      return 2;
    }
  }

  static String origin(String vkey) {
    int plus = vkey.indexOf('+');
    return plus < 0 ? vkey : vkey.substring(0, plus);
  }
}

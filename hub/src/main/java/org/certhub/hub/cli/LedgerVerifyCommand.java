package org.certhub.hub.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import org.certhub.ledger.LedgerException;
import org.certhub.ledger.checkpoint.CheckpointFormatException;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.verify.LogVerificationException;
import org.certhub.ledger.verify.LogVerifier;
import org.certhub.ledger.verify.VerifyResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code certhub ledger verify}: an outsider's check of a ledger directory. Recomputes the Merkle tree
 * from every stored entry, checks every checkpoint's signature against the verifier key and that each is
 * consistent with the one before. Exit 0 with the size and root when all holds; 1 with the first bad
 * index otherwise; 2 when the files cannot be read at all.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify the whole ledger offline.")
public final class LedgerVerifyCommand implements Callable<Integer> {
  @Option(names = "--data", defaultValue = "certhub-data", description = "data directory (default: ${DEFAULT-VALUE})")
  Path data;

  @Option(
      names = "--key",
      description = "checkpoint verifier key (C2SP vkey); default: the one in DATA/ledger.vkey. Pass the key you got out of band to not trust the data directory.")
  String key;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      String vkey = key != null ? key : Files.readString(data.resolve("ledger.vkey"), StandardCharsets.UTF_8).strip();
      NoteVerifier verifier = NoteVerifier.fromVerifierKey(vkey);
      String origin = vkey.substring(0, vkey.indexOf('+'));
      VerifyResult r = LogVerifier.verify(data.resolve("ledger"), verifier, origin);
      out.printf(
          "ledger ok: size %d root %s (%d checkpoints verified)%n",
          r.size(), Base64.getEncoder().encodeToString(r.root()), r.checkpoints());
      out.flush();
      return 0;
    } catch (LogVerificationException e) {
      err.printf("ledger verification failed at index %d: %s%n", e.badIndex(), e.getMessage());
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
    } catch (IOException e) {
      err.printf("cannot read the ledger under %s: %s%n", data, e);
      err.flush();
      return 2;
    }
  }
}

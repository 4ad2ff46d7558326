package org.certhub.hub.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.certhub.ledger.LedgerException;
import org.certhub.ledger.proof.ProofFile;
import org.certhub.ledger.tiles.TileReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code certhub ledger proof --data DIR --index N}: writes the C2SP tlog-proof file for one entry (its
 * inclusion proof and the signed checkpoint), from the ledger's tiles: an access receipt anyone can check
 * offline with the log's verifier key. Works while the hub runs.
 */
@Command(name = "proof", mixinStandardHelpOptions = true, description = "Write the offline proof (C2SP tlog-proof) of one ledger entry.")
public final class LedgerProofCommand implements Callable<Integer> {
  @Option(names = "--data", defaultValue = "certhub-data", description = "data directory (default: ${DEFAULT-VALUE})")
  Path data;

  @Option(names = "--index", required = true, description = "the entry's index (a receipt's index)")
  long index;

  @Option(names = "--out", description = "file to write (default: certhub-<index>.tlog-proof in the current directory; - for stdout)")
  String outFile;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      ProofFile p = ProofFile.fromTiles(TileReader.directory(data.resolve("ledger")), index);
      if ("-".equals(outFile)) {
        out.print(p.text());
      } else {
        Path target = Path.of(outFile != null ? outFile : "certhub-" + index + ".tlog-proof");
        Files.writeString(target, p.text(), StandardCharsets.UTF_8);
        out.printf("wrote %s: entry %d, %d proof hashes, checkpoint size %s%n", target, index, p.hashes().size(),
            p.signedCheckpoint().split("\n")[1]);
      }
      out.flush();
      return 0;
    } catch (LedgerException e) {
      err.printf("no proof for index %d: %s%n", index, e.getMessage());
      err.flush();
      return 1;
    } catch (IOException e) {
      err.printf("cannot write the proof: %s%n", e.getMessage());
      err.flush();
      return 2;
    }
  }
}

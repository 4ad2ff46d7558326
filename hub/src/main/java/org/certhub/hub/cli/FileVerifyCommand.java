package org.certhub.hub.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.certhub.signer.SignerException;
import org.certhub.signer.file.FileFormatException;
import org.certhub.signer.file.FilePart;
import org.certhub.signer.file.FileReport;
import org.certhub.signer.file.LicenceFileVerifier;
import org.certhub.signer.licence.Licence;
import org.certhub.signer.seal.SealStatusSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code certhub file verify FILE --trust BUNDLE.pem}: verifies a licence file (OFD or PDF) offline, part by part:
 * container, content, seal, stamp or signature, QR code, licence. The trust bundle holds the hub's root
 * certificate (it anchors seal makers, signers and the TSA alike), optionally intermediates and CRLs (the hub
 * serves one at {@code /pki/trust-bundle.pem}). Seal revocation in the hub's registry is not known offline. Exit
 * 0 when every part passed; 1 naming the parts that did not (tampered, invalid, undecided) or where an unreadable
 * file broke; 2 when the files cannot be read.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify a licence file (OFD or PDF) offline.")
public final class FileVerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "the licence file, .ofd or .pdf (GET /api/v1/licences/{id}/file)")
  Path file;

  @Option(names = "--trust", required = true, paramLabel = "PEM", description = "trusted root certificate(s), optionally intermediates and CRLs")
  Path trust;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (Files.size(file) > LicenceFileVerifier.MAX_FILE_BYTES) {
        err.printf("file invalid (MALFORMED) at file: the file must be at most %d bytes, but was: %d%n", LicenceFileVerifier.MAX_FILE_BYTES,
            Files.size(file));
        err.flush();
        return 1;
      }
      Optional<TrustBundle> bundle = TrustBundle.read(trust, err);
      if (bundle.isEmpty()) {
        return 2;
      }
      LicenceFileVerifier verifier = new LicenceFileVerifier(bundle.get().sealTrust(),
          bundle.get().revocations(bundle.get().certificates()), SealStatusSource.NONE, Clock.systemUTC());
      FileReport report = verifier.verify(Files.readAllBytes(file));
      PrintWriter to = report.verdict() == FileReport.Verdict.VALID ? out : err;
      to.printf("file %s: %s%s%n", report.verdict() == FileReport.Verdict.VALID ? "ok" : "invalid", report.format(),
          report.verdict() == FileReport.Verdict.VALID ? "" : " " + report.verdict() + " " + report.parts().stream()
              .filter(p -> p.status() != FilePart.Status.PASSED).map(p -> p.part().name()).toList());
      for (FilePart p : report.parts()) {
        to.printf("  %-9s %-13s %s%n", p.part(), p.status(), p.detail());
      }
      report.licence().ifPresent(s -> {
        Licence l = s.licence();
        to.printf("  licence   %s %s holder %s issued by %s%n", l.typeName(), l.id(), l.holder().name(), l.issuerName());
      });
      to.printf("  %s; seal registry status not checked offline%n", bundle.get().crls().isEmpty() ? "no CRL checked" : bundle.get().crls().size() + " CRL(s) checked");
      to.flush();
      return report.verdict() == FileReport.Verdict.VALID ? 0 : 1;
    } catch (FileFormatException e) {
      err.printf("file invalid (MALFORMED) at %s: %s%n", e.where(), e.getMessage());
      err.flush();
      return 1;
    } catch (SignerException e) {
      err.printf("%s holds an unusable CRL: %s%n", trust, e.getMessage());
      err.flush();
      return 2;
    } catch (IOException e) {
      err.printf("cannot read %s: %s%n", e.getMessage(), e.getClass().getSimpleName());
      err.flush();
      return 2;
    }
  }
}

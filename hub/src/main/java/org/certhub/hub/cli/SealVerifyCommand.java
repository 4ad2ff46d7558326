package org.certhub.hub.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.certhub.signer.SignerException;
import org.certhub.signer.pki.RevocationSource;
import org.certhub.signer.report.ValidationReport;
import org.certhub.signer.seal.SealFormatException;
import org.certhub.signer.seal.SealReport;
import org.certhub.signer.seal.SealStatusSource;
import org.certhub.signer.seal.SealVerifier;
import org.certhub.signer.seal.Stamp;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code certhub seal verify (FILE | --seal FILE | --stamp FILE) [--content FILE] --trust CA.pem}: checks a
 * GB/T 38540 seal or stamp offline, the ten checks of docs/seals.md. The bundle's self-signed certificates are the
 * anchors for makers, signers and timestamp authorities, the others intermediates (seals and stamps carry only
 * leaves, so the file needs the issuing CA too: the hub's {@code ca.pem}, {@code /pki/ca.pem} or {@code
 * /pki/trust-bundle.pem}); its CRLs give certificate revocation. Seal revocation is
 * the hub's knowledge and is not checked offline. A bare FILE is read as a stamp if it is one, else as a seal. Exit 0
 * when every applicable check passed, 1 naming the failed (or undecided) checks, 2 when a file cannot be read.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify a GB/T 38540 e-seal or stamp offline.")
public final class SealVerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "a DER seal or stamp (stamps need --content)")
  Path file;

  @Option(names = "--seal", paramLabel = "FILE", description = "a DER SESeal, as GET /api/v1/seals/{esID} returns it")
  Path seal;

  @Option(names = "--stamp", paramLabel = "FILE", description = "a DER SES_Signature, as POST /api/v1/stamps returns it")
  Path stamp;

  @Option(names = "--content", paramLabel = "FILE", description = "the stamped content")
  Path content;

  @Option(names = "--trust", required = true, paramLabel = "PEM", description = "trusted root certificate(s), issuing CAs and CRLs")
  Path trust;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private boolean onlyAnchors;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int given = (file == null ? 0 : 1) + (seal == null ? 0 : 1) + (stamp == null ? 0 : 1);
    if (given != 1) {
      err.println("give exactly one of FILE, --seal FILE and --stamp FILE");
      err.flush();
      return 2;
    }
    try {
      SealVerifier verifier = verifier(err);
      if (verifier == null) {
        return 2;
      }
      Path input = file != null ? file : seal != null ? seal : stamp;
      byte[] der = Files.readAllBytes(input);
      boolean isStamp = stamp != null || (file != null && readsAsStamp(der));
      if (isStamp && content == null) {
        err.printf("%s is a stamp: give the stamped bytes with --content FILE%n", input);
        err.flush();
        return 2;
      }
      if (!isStamp && content != null) {
        err.println("--content goes with a stamp, not a seal");
        err.flush();
        return 2;
      }
      SealReport report = isStamp ? verifier.verifyStamp(der, Files.readAllBytes(content)) : verifier.verifySeal(der);
      int exit = print(report, isStamp ? "stamp" : "seal", out, err);
      if (exit != 0 && onlyAnchors && report.report().indication() == ValidationReport.Indication.INDETERMINATE) {
        err.printf("  (%s holds no issuing CA, and seals and stamps carry leaf certificates only: give the hub's ca.pem or /pki/ca.pem)%n",
            trust);
        err.flush();
      }
      return exit;
    } catch (IOException e) {
      err.printf("cannot read %s: %s%n", e.getMessage(), e.getClass().getSimpleName());
      err.flush();
      return 2;
    }
  }

  private static boolean readsAsStamp(byte[] der) {
    try {
      Stamp.decode(der);
      return true;
    } catch (SealFormatException e) {
      return false;
    }
  }

  private SealVerifier verifier(PrintWriter err) throws IOException {
    Optional<TrustBundle> bundle = TrustBundle.read(trust, err);
    if (bundle.isEmpty()) {
      return null;
    }
    RevocationSource revocations;
    try {
      revocations = bundle.get().revocations(bundle.get().certificates());
    } catch (SignerException e) {
      err.printf("%s is not a readable trust bundle: %s%n", trust, e.getMessage());
      err.flush();
      return null;
    }
    onlyAnchors = bundle.get().intermediates().isEmpty();
    return new SealVerifier(bundle.get().sealTrust(), revocations, SealStatusSource.NONE, Clock.systemUTC());
  }

  private static int print(SealReport sealReport, String what, PrintWriter out, PrintWriter err) {
    ValidationReport report = sealReport.report();
    boolean passed = report.indication() == ValidationReport.Indication.PASSED;
    PrintWriter to = passed ? out : err;
    String id = sealReport.seal().map(s -> " " + s.version() + " " + s.info().esId() + " \"" + s.info().property().name() + "\"").orElse("");
    to.printf("%s %s%s%n", what, report.indication(), id);
    for (ValidationReport.Check c : report.checks()) {
      to.printf("  %-18s %-14s %s%n", c.name(), c.status(), c.detail());
    }
    to.println("  (seal revocation is the hub's registry: not checked offline)");
    to.flush();
    return passed ? 0 : 1;
  }
}

package org.certhub.hub.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.certhub.signer.SignerException;
import org.certhub.signer.licence.Licence;
import org.certhub.signer.licence.LicenceFormatException;
import org.certhub.signer.licence.LicenceStatusSource;
import org.certhub.signer.licence.LicenceTypes;
import org.certhub.signer.licence.LicenceVerificationException;
import org.certhub.signer.licence.LicenceVerifier;
import org.certhub.signer.licence.SignedLicence;
import org.certhub.signer.licence.VerificationContext;
import org.certhub.signer.licence.Violation;
import org.certhub.signer.pki.RevocationSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code certhub licence verify FILE --trust BUNDLE.pem}: verifies a signed licence offline. The trust
 * bundle holds the root certificate(s) and optionally CRLs (the hub serves one at {@code
 * /pki/trust-bundle.pem}); {@code --catalogue} adds the type rules (the hub serves them at {@code
 * /catalogue/licence-types}). Exit 0 with a one-line summary when valid; 1 with the reason when not; 2
 * when the files cannot be read.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify a signed licence file offline.")
public final class LicenceVerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "the signed licence (JSON, as GET /api/v1/licences/{id} returns it)")
  Path file;

  @Option(names = "--trust", required = true, paramLabel = "PEM", description = "trusted root certificate(s), optionally with CRLs")
  Path trust;

  @Option(names = "--catalogue", paramLabel = "JSON", description = "licence-type catalogue; without it the type rules are not checked")
  Path catalogue;

  @Option(names = "--date", paramLabel = "yyyy-MM-dd", description = "check validity on this day (default: today)")
  LocalDate date;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Optional<TrustBundle> bundle = TrustBundle.read(trust, err);
      if (bundle.isEmpty()) {
        return 2;
      }
      SignedLicence signed = SignedLicence.parse(Files.readString(file, StandardCharsets.UTF_8));
      List<X509Certificate> issuers = new java.util.ArrayList<>(bundle.get().certificates());
      issuers.addAll(signed.chain());
      RevocationSource revocations = bundle.get().revocations(issuers);
      LicenceTypes types = catalogue == null ? null : LicenceTypes.fromJson(Files.readString(catalogue, StandardCharsets.UTF_8));
      VerificationContext context =
          new VerificationContext(bundle.get().anchors(), types, revocations, LicenceStatusSource.UNKNOWN, date != null ? date : LocalDate.now());
      LicenceVerifier.verify(signed, context);
      Licence l = signed.licence();
      out.printf(
          "licence ok: %s %s (%s) holder %s issued by %s at %s, valid %s to %s, %s%s%n",
          l.typeName(), l.id(), signed.algorithm(), l.holder().name(), l.issuerName(), l.issuedAt(), l.validFrom(),
          l.validUntil() == null ? "long-term" : l.validUntil(),
          bundle.get().crls().isEmpty() ? "no CRL checked" : bundle.get().crls().size() + " CRL(s) checked",
          types == null ? ", type rules not checked (no --catalogue)" : "");
      out.flush();
      return 0;
    } catch (LicenceVerificationException e) {
      err.printf("licence invalid (%s): %s%n", e.reason(), e.getMessage());
      for (Violation v : e.violations()) {
        err.printf("  %s: %s%n", v.path(), v.message());
      }
      err.flush();
      return 1;
    } catch (LicenceFormatException e) {
      err.printf("licence invalid (MALFORMED): %s%n", e.getMessage());
      err.flush();
      return 1;
    } catch (SignerException e) {
      err.printf("licence invalid: %s%n", e.getMessage());
      err.flush();
      return 1;
    } catch (IOException e) {
      err.printf("cannot read %s: %s%n", e.getMessage(), e.getClass().getSimpleName());
      err.flush();
      return 2;
    }
  }
}

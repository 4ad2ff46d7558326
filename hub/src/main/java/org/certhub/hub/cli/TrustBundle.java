package org.certhub.hub.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.certhub.signer.SignerException;
import org.certhub.signer.pki.CrlRevocationSource;
import org.certhub.signer.pki.Pem;
import org.certhub.signer.pki.RevocationSource;
import org.certhub.signer.seal.SealTrust;

/**
 * The {@code --trust} file of the offline verify commands: PEM certificates (self-signed ones are the anchors, the
 * others intermediates; with no self-signed one, all are anchors) and optional CRLs, as {@code /pki/trust-bundle.pem}
 * serves them.
 *
 * @param certificates every certificate in the file
 * @param anchors the trust anchors
 * @param intermediates the certificates that are not anchors
 * @param crls the CRLs in the file
 */
record TrustBundle(List<X509Certificate> certificates, Set<X509Certificate> anchors, List<X509Certificate> intermediates,
    List<X509CRL> crls) {

  /**
   * Reads {@code file}, or explains on {@code err} why it cannot be used (the caller exits with 2).
   *
   * @throws IOException if the file cannot be read
   */
  static Optional<TrustBundle> read(Path file, PrintWriter err) throws IOException {
    String bundle = Files.readString(file, StandardCharsets.US_ASCII);
    String certText = blocks(bundle, "CERTIFICATE");
    String crlText = blocks(bundle, "X509 CRL");
    if (certText.isEmpty()) {
      err.printf("%s holds no certificate: a trust bundle needs the root certificate%n", file);
      err.flush();
      return Optional.empty();
    }
    List<X509Certificate> certs;
    List<X509CRL> crls;
    try {
      certs = Pem.parseCertificates(certText);
      crls = crlText.isEmpty() ? List.of() : Pem.parseCrls(crlText);
    } catch (SignerException e) {
      err.printf("%s is not a readable trust bundle: %s%n", file, e.getMessage());
      err.flush();
      return Optional.empty();
    }
    Set<X509Certificate> anchors = new HashSet<>();
    List<X509Certificate> intermediates = new ArrayList<>();
    for (X509Certificate c : certs) {
      (c.getSubjectX500Principal().equals(c.getIssuerX500Principal()) ? anchors : intermediates).add(c);
    }
    if (anchors.isEmpty()) {
      anchors.addAll(certs);
    }
    return Optional.of(new TrustBundle(List.copyOf(certs), Set.copyOf(anchors), List.copyOf(intermediates), crls));
  }

  /** Certificate revocation from the bundle's CRLs, whose issuers are among {@code issuers}. */
  RevocationSource revocations(List<X509Certificate> issuers) throws SignerException {
    return crls.isEmpty() ? RevocationSource.NONE : CrlRevocationSource.of(crls, issuers);
  }

  /** Seal trust: the anchors for makers, signers and timestamp authorities, with the intermediates. */
  SealTrust sealTrust() {
    return new SealTrust(anchors, anchors, anchors, intermediates);
  }

  /** The PEM blocks of one label in {@code pem}, each on its own lines. */
  static String blocks(String pem, String label) {
    Matcher m = Pattern.compile("-----BEGIN " + label + "-----.*?-----END " + label + "-----", Pattern.DOTALL).matcher(pem);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      out.append(m.group()).append('\n');
    }
    return out.toString();
  }
}

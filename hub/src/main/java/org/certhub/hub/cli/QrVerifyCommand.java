package org.certhub.hub.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.certhub.exchange.licence.StatusListPublisher;
import org.certhub.signer.SignerException;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.CertificateVerificationException;
import org.certhub.signer.pki.ChainValidator;
import org.certhub.signer.pki.Pem;
import org.certhub.signer.qr.QrImages;
import org.certhub.signer.qr.QrVerificationException;
import org.certhub.signer.qr.QrVerifier;
import org.certhub.signer.qr.SignedTrustList;
import org.certhub.signer.qr.StatusList;
import org.certhub.signer.qr.TrustList;
import org.certhub.signer.qr.TrustedKey;
import org.certhub.signer.qr.VerifiedPresentation;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code certhub qr verify (--text T | --image PNG) --trust URL|FILE --anchor PEM}: checks a QR presentation
 * as a verifier app would. The hub-signed trust list (and status list) come from the hub over HTTPS, trusting
 * only {@code --anchor} (the hub CA, or the hub's signing certificate itself), or from files saved earlier
 * ({@code --save-trust}); both are checked against the anchor. With a trust-list URL the status list defaults to
 * its sibling {@code status-list}. Exit 0 and one {@code VALID} line; 1 and {@code INVALID <reason>} when the
 * presentation must be refused; 2 when an input (text source, image, anchor, lists) cannot be read or checked.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify a QR presentation against the hub's signed trust and status lists.")
public final class QrVerifyCommand implements Callable<Integer> {
  /** Bounds on what is read from a URL or file: the signer's own CBOR limits for each list. */
  private static final int MAX_TRUST_LIST_BYTES = 4 << 20;
  private static final int MAX_STATUS_LIST_BYTES = 1 << 20;
  private static final String TRUST_FILE = "trust-list.cose";
  private static final String STATUS_FILE = "status-list.cwt";

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--text", required = true, paramLabel = "TEXT", description = "the scanned text, CH1:...")
    String text;

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "a photo or screenshot of the QR code (PNG or JPEG)")
    Path image;
  }

  @Option(names = "--trust", required = true, paramLabel = "URL|FILE",
      description = "the hub's signed trust list: https://HUB/api/v1/trust-list, or a file saved with --save-trust")
  String trust;

  @Option(names = "--status", paramLabel = "URL|FILE",
      description = "the hub's signed status list (default with a trust-list URL: its sibling status-list; without, status is not checked)")
  String status;

  @Option(names = "--anchor", required = true, paramLabel = "PEM",
      description = "the hub CA (e.g. DATA/ca.pem) or the hub's signing certificate: trusted for HTTPS and to check both lists")
  Path anchor;

  @Option(names = "--save-trust", paramLabel = "DIR",
      description = "after they verify, save the lists to DIR/" + TRUST_FILE + " and DIR/" + STATUS_FILE + " for offline use")
  Path saveDir;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** An input that cannot be read or checked: exit 2 with the message. */
  private static final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message);
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant now = Instant.now();
    String text;
    SignedTrustList.Verified trustList;
    StatusList.Verified statusList = null;
    String statusSource = status != null ? status : isUrl(trust) ? URI.create(trust).resolve("status-list").toString() : null;
    try {
      text = input.text != null ? input.text.strip() : readImage(input.image);
      List<X509Certificate> anchors = anchors();
      X509Certificate root = anchors.stream().filter(QrVerifyCommand::selfSigned).findFirst().orElse(anchors.get(0));
      HttpClient http = isUrl(trust) || isUrl(statusSource) ? client(anchors) : null;

      byte[] trustBytes = load(trust, "trust list", MAX_TRUST_LIST_BYTES, http);
      try {
        trustList = SignedTrustList.verify(trustBytes, root, now);
      } catch (QrVerificationException e) {
        throw new Unreadable("the trust list from " + trust + " does not verify against " + anchor + ": " + e.getMessage());
      }
      byte[] statusBytes = null;
      if (statusSource != null) {
        statusBytes = load(statusSource, "status list", MAX_STATUS_LIST_BYTES, http);
        try {
          TrustList hub = TrustList.of(new TrustedKey(StatusListPublisher.ISSUER, hubSigner(root, trustBytes, now)));
          statusList = StatusList.verify(statusBytes, hub, now);
        } catch (QrVerificationException e) {
          throw new Unreadable("the status list from " + statusSource + " does not verify against " + anchor + ": " + e.getMessage()
              + (e.reason() == QrVerificationException.Reason.EXPIRED ? " (fetch a fresh one)" : ""));
        }
      }
      if (saveDir != null) {
        save(trustBytes, statusBytes, err);
      }
    } catch (Unreadable e) {
      return QrMakeCommand.fail(err, 2, "%s", e.getMessage());
    }

    VerifiedPresentation p;
    try {
      p = QrVerifier.verify(text, trustList.trust(), now);
    } catch (QrVerificationException e) {
      return invalid(err, e.reason(), detail(e));
    }
    String statusNote = "status not checked (no status list)";
    if (statusList != null) {
      String listAge = Durations.format(statusList.age(now));
      try {
        QrVerifier.checkStatus(p, statusList, now);
      } catch (QrVerificationException e) {
        return invalid(err, e.reason(), detail(e));
      }
      statusNote = "status checked " + listAge + " ago";
    }
    String fields = p.disclosed().isEmpty() ? "none"
        : p.disclosed().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    out.printf("VALID %s %s holder %s issuer %s; fields: %s; %s%n", p.typeCode(), p.licenceId(), p.holderName(), p.issuerCode(),
        fields, statusNote);
    out.flush();
    return 0;
  }

  private static final Map<QrVerificationException.Reason, String> MEANING = Map.of(
      QrVerificationException.Reason.BAD_SIGNATURE, "forged or altered",
      QrVerificationException.Reason.UNKNOWN_ISSUER, "not signed by an issuer the hub lists",
      QrVerificationException.Reason.MALFORMED, "not a readable CertHub presentation",
      QrVerificationException.Reason.TAMPERED_DISCLOSURE, "a shown field was altered");

  private static int invalid(PrintWriter err, QrVerificationException.Reason reason, String detail) {
    String meaning = MEANING.get(reason);
    return QrMakeCommand.fail(err, 1, "INVALID %s%s: %s", reason, meaning == null ? "" : " (" + meaning + ")", detail);
  }

  /** The message without the reason the exception puts in front. */
  private static String detail(QrVerificationException e) {
    String prefix = e.reason() + ": ";
    return e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
  }

  private String readImage(Path image) throws Unreadable {
    try {
      if (Files.size(image) > QrImages.MAX_BYTES) {
        throw new Unreadable(image + " must be at most " + QrImages.MAX_BYTES + " bytes, but is " + Files.size(image));
      }
      return QrImages.read(Files.readAllBytes(image));
    } catch (IOException e) {
      throw new Unreadable("cannot read " + image + ": " + e.getMessage());
    } catch (QrImages.QrImageException e) {
      throw new Unreadable(image + ": " + e.reason() + ": " + e.getMessage());
    }
  }

  private List<X509Certificate> anchors() throws Unreadable {
    try {
      String pem = TrustBundle.blocks(Files.readString(anchor, StandardCharsets.US_ASCII), "CERTIFICATE");
      if (pem.isEmpty()) {
        throw new Unreadable(anchor + " holds no PEM certificate: --anchor needs the hub CA (DATA/ca.pem) or its signing certificate");
      }
      return Pem.parseCertificates(pem);
    } catch (IOException e) {
      throw new Unreadable("cannot read --anchor " + anchor + ": " + e.getMessage());
    } catch (SignerException e) {
      throw new Unreadable(anchor + " is not a readable PEM certificate: " + e.getMessage());
    }
  }

  /**
   * The certificate that signs the hub's lists: the anchor itself when it is that certificate (pinned), else the
   * trust list's x5chain leaf, which must validate to the anchor as the status list carries no chain of its own.
   */
  private X509Certificate hubSigner(X509Certificate root, byte[] trustBytes, Instant now) throws Unreadable {
    if (root.getBasicConstraints() < 0) {
      return root;
    }
    try {
      List<X509Certificate> chain = X5Chain.of(trustBytes);
      ChainValidator.validate(chain, Set.of(root), now, CertificateProfile.DOCUMENT_SIGNING);
      return chain.get(0);
    } catch (IllegalArgumentException | CertificateVerificationException e) {
      throw new Unreadable("the trust list's signer certificate (x5chain) does not validate to " + anchor + ", so the status list"
          + " cannot be checked: " + e.getMessage());
    }
  }

  private byte[] load(String source, String what, int max, HttpClient http) throws Unreadable {
    if (source.startsWith("http://")) {
      throw new Unreadable("the " + what + " URL must be https, but was: " + source);
    }
    try (InputStream in = isUrl(source) ? fetch(URI.create(source), what, http) : Files.newInputStream(Path.of(source))) {
      byte[] b = in.readNBytes(max + 1);
      if (b.length > max) {
        throw new Unreadable("the " + what + " from " + source + " must be at most " + max + " bytes, but was longer");
      }
      return b;
    } catch (IOException e) {
      throw new Unreadable("cannot read the " + what + " from " + source + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
    }
  }

  private static InputStream fetch(URI uri, String what, HttpClient http) throws IOException, Unreadable {
    try {
      HttpResponse<InputStream> r =
          http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() != 200) {
        r.body().close();
        throw new Unreadable("the " + what + " URL " + uri + " answered HTTP " + r.statusCode());
      }
      return r.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** An HTTPS client that trusts only the anchor certificates. */
  private HttpClient client(List<X509Certificate> anchors) throws Unreadable {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      for (int i = 0; i < anchors.size(); i++) {
        ks.setCertificateEntry("anchor" + i, anchors.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    } catch (GeneralSecurityException | IOException e) {
      throw new Unreadable("cannot set up HTTPS trusting " + anchor + ": " + e.getMessage());
    }
  }

  private void save(byte[] trustBytes, byte[] statusBytes, PrintWriter err) throws Unreadable {
    try {
      Files.createDirectories(saveDir);
      Files.write(saveDir.resolve(TRUST_FILE), trustBytes);
      err.printf("saved %s%n", saveDir.resolve(TRUST_FILE));
      if (statusBytes != null) {
        Files.write(saveDir.resolve(STATUS_FILE), statusBytes);
        err.printf("saved %s%n", saveDir.resolve(STATUS_FILE));
      }
      err.flush();
    } catch (IOException e) {
      throw new Unreadable("cannot save the lists to " + saveDir + ": " + e.getMessage());
    }
  }

  private static boolean isUrl(String source) {
    return source != null && source.startsWith("https://");
  }

  private static boolean selfSigned(X509Certificate c) {
    return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
  }
}

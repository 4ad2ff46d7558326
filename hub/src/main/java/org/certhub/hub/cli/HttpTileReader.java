package org.certhub.hub.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.certhub.ledger.tiles.TileReader;

/**
 * Reads a hub's ledger over HTTPS ({@code <url>/ledger/checkpoint}, {@code <url>/ledger/tile/…}) as an
 * auditor: a client certificate and key (PEM, PKCS#8) and the CA to trust, nothing else.
 */
final class HttpTileReader implements TileReader {
  private final HttpClient client;
  private final String base;

  HttpTileReader(String base, Path cert, Path key, Path cacert) throws IOException, GeneralSecurityException {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int n = 0;
    try (var in = Files.newInputStream(cacert)) {
      for (Certificate c : cf.generateCertificates(in)) {
        trust.setCertificateEntry("ca" + n++, c);
      }
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    Certificate[] chain;
    try (var in = Files.newInputStream(cert)) {
      chain = cf.generateCertificates(in).toArray(new Certificate[0]);
    }
    String pem = Files.readString(key, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PrivateKey pk = KeyFactory.getInstance(chain[0].getPublicKey().getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    ks.setKeyEntry("me", pk, new char[0], chain);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    this.client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  public Optional<byte[]> read(String path) throws IOException {
    return get("/ledger/" + path);
  }

  /** A resource of the hub by absolute path; empty on 404. */
  Optional<byte[]> get(String path) throws IOException {
    try {
      HttpResponse<byte[]> r =
          client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() == 404) {
        return Optional.empty();
      }
      if (r.statusCode() != 200) {
        throw new IOException(path + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
      }
      return Optional.of(r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted reading " + path, e);
    }
  }
}

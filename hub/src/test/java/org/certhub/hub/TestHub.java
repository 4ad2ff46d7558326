package org.certhub.hub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A demo hub on a random port in a temporary data directory, and HTTPS clients that present the demo
 * identities ({@code issuer}, {@code consumer}, {@code auditor}, {@code admin}) over real mTLS.
 */
final class TestHub implements AutoCloseable {
  final Path data;
  final TestDatabase database;
  final ConfigurableApplicationContext context;
  final String base;

  private TestHub(Path data, TestDatabase database, ConfigurableApplicationContext context) {
    this.data = data;
    this.database = database;
    this.context = context;
    this.base = "https://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  /** Starts a demo hub on a fresh database: H2 in {@code data}, or PostgreSQL under {@code -Dcerthub.test.db=postgres}. */
  static TestHub start(Path data, Map<String, String> props) {
    return start(data, 0, props);
  }

  /** On a given port, for settings that must name the hub's own URL (an OIDC redirect URI). */
  static TestHub start(Path data, int port, Map<String, String> props) {
    TestDatabase database = TestDatabase.create();
    try {
      return new TestHub(data, database, HubApplication.start(data, port, true, withDatabase(database, props)));
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** The properties with the database's added (the test's own win). */
  static Map<String, String> withDatabase(TestDatabase database, Map<String, String> props) {
    Map<String, String> all = new java.util.LinkedHashMap<>(database.props());
    all.putAll(props);
    return all;
  }

  Path demo(String file) {
    return data.resolve("demo").resolve(file);
  }

  @Override
  public void close() {
    try {
      context.close();
    } finally {
      database.close();
    }
  }

  HttpResponse<String> get(HttpClient c, String path) throws Exception {
    return c.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> getBytes(HttpClient c, String path) throws Exception {
    return c.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> post(HttpClient c, String path, String json) throws Exception {
    return post(c, path, "application/json", json);
  }

  HttpResponse<String> post(HttpClient c, String path, String contentType, String body) throws Exception {
    return c.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(HttpClient c, HttpRequest request) throws Exception {
    return c.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** An HTTPS client that trusts only the demo CA and presents the named demo identity (null: none). */
  HttpClient client(String identity) throws Exception {
    return client(data.resolve("demo"), identity);
  }

  /** Like a browser: trusts the demo CA, keeps cookies, presents no certificate and follows no redirects (tests follow them). */
  HttpClient browser() throws Exception {
    return HttpClient.newBuilder()
        .sslContext(sslContext(data.resolve("demo"), null))
        .cookieHandler(new java.net.CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** The same for any demo directory (a hub this class did not start). */
  static HttpClient client(Path demoDir, String identity) throws Exception {
    return HttpClient.newBuilder().sslContext(sslContext(demoDir, identity)).connectTimeout(Duration.ofSeconds(10)).build();
  }

  private static SSLContext sslContext(Path demoDir, String identity) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(Files.newInputStream(demoDir.resolve("ca.pem"))));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    KeyManagerFactory kmf = null;
    if (identity != null) {
      java.util.Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(Files.newInputStream(demoDir.resolve(identity + ".pem")));
      String pem = Files.readString(demoDir.resolve(identity + ".key")).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("me", key, "pw".toCharArray(), certs.toArray(new Certificate[0]));
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, "pw".toCharArray());
    }
    ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ssl;
  }

  X509Certificate ca() throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(Files.newInputStream(demo("ca.pem")));
  }
}

package org.certhub.bench.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.certhub.bench.load.DemoTls;

/**
 * A demo hub as its own OS process ({@code java -jar certhub.jar demo --data D --port 0}), so that a fault can kill it
 * with SIGKILL and start it again on the same data directory; with mTLS clients from the demo's files.
 */
final class HubProcess implements AutoCloseable {
  private static final Pattern RUNNING = Pattern.compile("CertHub demo is running at (https://localhost:[0-9]+)");

  final Path data;
  final Process process;
  final URI base;
  final Path log;

  private HubProcess(Path data, Process process, URI base, Path log) {
    this.data = data;
    this.process = process;
    this.base = base;
    this.log = log;
  }

  /** Starts the hub (its output to {@code log}, a new file per start) and waits up to 180 s for its "running at" line. */
  static HubProcess start(Path jar, Path data, Path log, List<String> systemProperties) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx512m"));
    cmd.addAll(systemProperties);
    cmd.addAll(List.of("-jar", jar.toString(), "demo", "--data", data.toString(), "--port", "0"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      Matcher m = RUNNING.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (m.find()) {
        return new HubProcess(data, p, URI.create(m.group(1)), log);
      }
      if (!p.isAlive()) {
        throw new IOException("the hub exited during start-up with code " + p.exitValue() + "; see " + log);
      }
      Thread.sleep(250);
    }
    p.destroyForcibly();
    throw new IOException("the hub did not start within 180 s; see " + log);
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** SIGKILL: no shutdown hook, no flush, no close. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM and wait: the hub closes its ledger (a last checkpoint) and database. */
  void stop() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  Path demo(String file) {
    return data.resolve("demo").resolve(file);
  }

  /** An HTTP/1.1 client presenting the demo identity {@code identity} (consumer, auditor, …), or none for null. */
  HttpClient client(String identity) throws Exception {
    SSLContext ssl = identity == null ? anonymousContext() : DemoTls.context(data.resolve("demo"), identity);
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
  }

  private SSLContext anonymousContext() throws Exception {
    java.security.cert.CertificateFactory x509 = java.security.cert.CertificateFactory.getInstance("X.509");
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (var in = Files.newInputStream(demo("ca.pem"))) {
      trust.setCertificateEntry("ca", x509.generateCertificate(in));
    }
    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  HttpResponse<byte[]> getBytes(HttpClient client, String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> post(HttpClient client, String path, String json) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** The size of the latest signed checkpoint (its second line), from the public endpoint. */
  long checkpointSize() throws Exception {
    HttpResponse<String> r = get(client(null), "/ledger/checkpoint");
    if (r.statusCode() != 200) {
      throw new IOException("GET /ledger/checkpoint answered " + r.statusCode());
    }
    return Long.parseLong(r.body().split("\n")[1].strip());
  }

  /** {@code certhub ledger verify} with {@code args}; returns {exit code as text, output}. */
  static String[] cli(Path jar, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    int rc = p.waitFor();
    return new String[] {String.valueOf(rc), out};
  }
}

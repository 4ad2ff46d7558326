package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.security.auth.x500.X500Principal;
import org.certhub.exchange.department.DepartmentRepository;
import org.certhub.hub.config.HubConfig;
import org.certhub.hub.keys.HubKeys;
import org.certhub.signer.pki.CertificateAuthority;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.CertificateRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hub's TLS against a real demo hub: only TLS 1.2 and 1.3 with forward-secret AEAD suites, and client
 * certificates that are expired, from a foreign CA with the hub CA's names, or revoked get no data. The test
 * JVM has the JDK's own TLS bans lifted (tls-permissive.security), so each refusal is the hub's configuration;
 * a plain JSSE server in the same JVM shows the client really can speak what the hub refuses.
 */
class TlsIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String CONSUMER = "11330100MB23456780";

  @TempDir static Path data;
  static TestHub hub;
  static int port;
  static X509Certificate ca;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(data, Map.of());
    port = URI.create(hub.base).getPort();
    ca = hub.ca();
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void jdkBansAreLifted_soTheClientCanSpeakOldProtocolsAndWeakSuites_toAPlainServer() throws Exception {
    assertThat(Security.getProperty("jdk.tls.disabledAlgorithms")).as("failsafe argLine tls-permissive.security").isBlank();
    HubKeys keys = hub.context.getBean(HubKeys.class);
    SSLContext server = SSLContext.getInstance("TLS");
    javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
    kmf.init(keys.tlsKeyStore(), keys.tlsKeyPassword().toCharArray());
    server.init(kmf.getKeyManagers(), null, null);
    try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0)) {
      ss.setEnabledProtocols(new String[] {"TLSv1", "TLSv1.1", "TLSv1.2"});
      ss.setEnabledCipherSuites(ss.getSupportedCipherSuites());
      Thread accept = new Thread(() -> {
        for (int i = 0; i < 3; i++) {
          try (SSLSocket s = (SSLSocket) ss.accept()) {
            s.startHandshake();
            s.getOutputStream().write('x');
            s.getOutputStream().flush();
          } catch (IOException e) {
            // the client side asserts
          }
        }
      });
      accept.setDaemon(true);
      accept.start();
      assertThat(handshake(ss.getLocalPort(), new String[] {"TLSv1"}, new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"}, null))
          .isEqualTo("TLSv1 TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
      assertThat(handshake(ss.getLocalPort(), new String[] {"TLSv1.1"}, new String[] {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"}, null))
          .isEqualTo("TLSv1.1 TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA");
      assertThat(handshake(ss.getLocalPort(), new String[] {"TLSv1.2"}, new String[] {"TLS_ECDH_anon_WITH_AES_128_CBC_SHA"}, null))
          .isEqualTo("TLSv1.2 TLS_ECDH_anon_WITH_AES_128_CBC_SHA");
    }
  }

  @Test
  void tls10And11_areRefused_tls12AeadAnd13_areAccepted() throws Exception {
    for (String old : List.of("TLSv1", "TLSv1.1")) {
      String r = handshake(port, new String[] {old}, null, null);
      assertThat(r).as(old).startsWith("refused");
    }
    assertThat(handshake(port, new String[] {"TLSv1.2"}, new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"}, null))
        .isEqualTo("TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    assertThat(handshake(port, new String[] {"TLSv1.2"}, new String[] {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"}, null))
        .isEqualTo("TLSv1.2 TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    assertThat(handshake(port, new String[] {"TLSv1.3"}, null, null)).startsWith("TLSv1.3 TLS_AES_");
  }

  @Test
  void tls12WeakSuites_areRefused() throws Exception {
    List<String> supported = List.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
    int tried = 0;
    for (String weak : List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "TLS_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", "SSL_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
        "SSL_RSA_WITH_RC4_128_SHA", "TLS_ECDHE_ECDSA_WITH_NULL_SHA", "SSL_RSA_WITH_NULL_SHA256", "TLS_ECDH_anon_WITH_AES_128_CBC_SHA",
        "SSL_DH_anon_WITH_3DES_EDE_CBC_SHA", "SSL_RSA_EXPORT_WITH_RC4_40_MD5", "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256")) {
      if (!supported.contains(weak)) {
        continue; // this JDK cannot even offer it (export suites are gone from JDK 17)
      }
      tried++;
      assertThat(handshake(port, new String[] {"TLSv1.2"}, new String[] {weak}, null)).as(weak).startsWith("refused");
    }
    assertThat(tried).as("CBC, static RSA, 3DES, RC4, NULL and anon are all offered").isGreaterThanOrEqualTo(12);
  }

  /** Every suite the client JVM knows, one at a time: the hub accepts exactly allow-listed ones, and at least one per protocol. */
  @Test
  void everySuiteTheHubAccepts_isOnTheAllowList() throws Exception {
    SSLEngine e = SSLContext.getDefault().createSSLEngine();
    Map<String, String> accepted = new TreeMap<>();
    int tried = 0;
    for (String suite : e.getSupportedCipherSuites()) {
      if (suite.endsWith("_SCSV")) {
        continue;
      }
      for (String protocol : suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_") ? List.of("TLSv1.3")
          : List.of("TLSv1", "TLSv1.1", "TLSv1.2")) {
        tried++;
        String r = handshake(port, new String[] {protocol}, new String[] {suite}, null);
        if (!r.startsWith("refused")) {
          accepted.put(protocol + " " + suite, r);
        }
      }
    }
    System.out.println("TlsIT: " + tried + " protocol × suite handshakes; the hub accepted: " + accepted.keySet());
    assertThat(tried).isGreaterThan(40);
    for (String k : accepted.keySet()) {
      String[] ps = k.split(" ");
      assertThat(HubConfig.TLS_PROTOCOLS).as(k).contains(ps[0]);
      assertThat(HubConfig.TLS_CIPHERS).as(k).contains(ps[1]);
      assertThat(ps[1]).as(k).matches("TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256|ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256))");
    }
    assertThat(accepted.keySet()).contains("TLSv1.3 TLS_AES_128_GCM_SHA256", "TLSv1.3 TLS_AES_256_GCM_SHA384", "TLSv1.3 TLS_CHACHA20_POLY1305_SHA256",
        "TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
  }

  /** An independent client: openssl s_client, with its own security level lowered so only the hub can refuse. */
  @Test
  void openssl_oldProtocolsAndCbcRefused_modernAccepted() throws Exception {
    assertThat(openssl("-tls1", "-cipher", "ALL:@SECLEVEL=0")).as("TLS 1.0").doesNotContain("Cipher is ECDHE").contains(":error:").contains("alert");
    assertThat(openssl("-tls1_1", "-cipher", "ALL:@SECLEVEL=0")).as("TLS 1.1").doesNotContain("Cipher is ECDHE").contains(":error:").contains("alert");
    assertThat(openssl("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:AES128-SHA:@SECLEVEL=0")).as("CBC")
        .doesNotContain("Cipher is ECDHE").contains(":error:").contains("alert");
    assertThat(openssl("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256")).contains("Cipher is ECDHE-ECDSA-AES128-GCM-SHA256");
    assertThat(openssl("-tls1_3")).contains("TLSv1.3, Cipher is TLS_AES_");
  }

  @Test
  void expiredClientCertificate_fromTheHubCa_andRegistered_isRefusedAtTheHandshake() throws Exception {
    KeyPair kp = ecKeyPair();
    HubKeys keys = hub.context.getBean(HubKeys.class);
    Instant now = Instant.now();
    X509Certificate expired = keys.issuingCa().issue(new CertificateRequest("CN=过期证书,organizationIdentifier=" + CONSUMER + ",O=expired",
        kp.getPublic(), CertificateProfile.TLS_CLIENT, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)), List.of(), List.of()));
    hub.context.getBean(DepartmentRepository.class).addCredential(CONSUMER, expired);
    List<X509Certificate> chain = List.of(expired, keys.issuingCertificate());

    String r = request(chain, kp.getPrivate(), "GET /api/v1/whoami");
    System.out.println("TlsIT: " + chain.get(0).getSubjectX500Principal() + " → " + r);
    assertThat(r).as("no HTTP answer, a TLS alert").matches(REFUSED_AT_HANDSHAKE);
    assertThat(request(chain, kp.getPrivate(), "POST /api/v1/pulls")).startsWith("refused");
  }

  @Test
  void foreignCaWithTheHubCasNames_isRefusedAtTheHandshake() throws Exception {
    X509Certificate consumerLeaf = pem("consumer.pem").get(0);
    X509Certificate issuing = pem("consumer.pem").get(1);
    Instant now = Instant.now();
    CertificateAuthority root = CertificateAuthority.createRoot(ca.getSubjectX500Principal().getName(X500Principal.RFC2253), ecKeyPair(),
        now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
    CertificateAuthority sub = root.createSubordinate(issuing.getSubjectX500Principal().getName(X500Principal.RFC2253), ecKeyPair(),
        now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
    KeyPair kp = ecKeyPair();
    X509Certificate leaf = sub.issue(new CertificateRequest(consumerLeaf.getSubjectX500Principal().getName(X500Principal.RFC2253), kp.getPublic(),
        CertificateProfile.TLS_CLIENT, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(30)), List.of(), List.of()));
    assertThat(leaf.getIssuerX500Principal()).isEqualTo(consumerLeaf.getIssuerX500Principal());
    List<X509Certificate> chain = new ArrayList<>(List.of(leaf));
    chain.addAll(sub.chain());

    String r = request(chain, kp.getPrivate(), "GET /api/v1/whoami");
    System.out.println("TlsIT: " + chain.get(0).getSubjectX500Principal() + " → " + r);
    assertThat(r).as("no HTTP answer, a TLS alert").matches(REFUSED_AT_HANDSHAKE);
    assertThat(request(chain, kp.getPrivate(), "POST /api/v1/pulls")).startsWith("refused");
  }

  @Test
  void revokedClientCertificate_passesTheHandshake_butEveryCallIs401CredentialRevoked_withoutData() throws Exception {
    KeyPair kp = ecKeyPair();
    var admin = hub.client("admin");
    var issued = hub.post(admin, "/api/v1/admin/departments/" + CONSUMER + "/credentials",
        "{\"publicKey\":\"" + Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()) + "\"}");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    List<X509Certificate> chain = new ArrayList<>();
    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new java.io.ByteArrayInputStream(issued.body().getBytes(StandardCharsets.US_ASCII)))) {
      chain.add((X509Certificate) c);
    }
    String before = request(chain, kp.getPrivate(), "GET /api/v1/whoami");
    assertThat(before).startsWith("HTTP/1.1 200").contains(CONSUMER);

    var revoked = hub.post(admin, "/api/v1/admin/certificates/" + chain.get(0).getSerialNumber().toString(16) + "/revocation", "{\"reason\":\"keyCompromise\"}");
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

    String demo = Files.readString(hub.demo("demo.json"));
    for (String call : List.of("GET /api/v1/whoami", "POST /api/v1/pulls")) {
      String r = request(chain, kp.getPrivate(), call);
      assertThat(r).as(call).startsWith("HTTP/1.1 401").containsIgnoringCase("Content-Type: application/problem+json");
      JsonNode p = JSON.readTree(r.substring(r.indexOf('{'), r.lastIndexOf('}') + 1)); // the body may come chunked
      assertThat(p.get("code").asString()).isEqualTo("credential_revoked");
      assertThat(p.get("status").asInt()).isEqualTo(401);
      assertThat(r).doesNotContain("licence").doesNotContain(JSON.readTree(demo).get("holder").asString());
    }
  }

  // --- helpers

  private static KeyPair ecKeyPair() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static List<X509Certificate> pem(String file) throws Exception {
    List<X509Certificate> out = new ArrayList<>();
    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(Files.newInputStream(hub.demo(file)))) {
      out.add((X509Certificate) c);
    }
    return out;
  }

  /**
   * The server's certificate_unknown alert, or, in TLS 1.3, where the client's handshake ends before the server has
   * checked its certificate, a broken pipe or reset when the request is written after the server sent the alert and
   * closed: either way no HTTP answer.
   */
  private static final String REFUSED_AT_HANDSHAKE = "refused: (Received fatal alert: certificate_unknown|Broken pipe.*|Connection reset.*)";

  /** A handshake with exactly these protocols and suites (null: the JVM's): "PROTOCOL SUITE", or "refused: why". */
  private static String handshake(int port, String[] protocols, String[] suites, KeyManager[] keys) throws Exception {
    try (SSLSocket s = socket(port, protocols, suites, keys)) {
      s.startHandshake();
      // TLS 1.3 finishes the client's side before the server has judged it; one read shows the server's verdict.
      s.getOutputStream().write("HEAD /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      int b = s.getInputStream().read();
      return b < 0 ? "refused: closed" : s.getSession().getProtocol() + " " + s.getSession().getCipherSuite();
    } catch (SSLException | java.net.SocketException e) {
      return "refused: " + e.getMessage();
    }
  }

  /** "METHOD PATH" with an empty JSON body over a socket presenting this chain: the raw HTTP answer or "refused: why". */
  private static String request(List<X509Certificate> chain, PrivateKey key, String call) throws Exception {
    KeyManager[] km = {fixedKeyManager(chain, key)};
    String[] mp = call.split(" ");
    String body = mp[0].equals("POST") ? Files.readString(hub.demo("demo.json")) : "";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (SSLSocket s = socket(port, null, null, km)) {
      s.startHandshake();
      s.getOutputStream().write((mp[0] + " " + mp[1] + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
          + (bytes.length > 0 ? "Content-Type: application/json\r\n" : "") + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      String answer = new String(readAll(s.getInputStream()), StandardCharsets.UTF_8);
      return answer.isEmpty() ? "refused: closed without an answer" : answer;
    } catch (SSLException | java.net.SocketException e) {
      return "refused: " + e.getMessage();
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  private static SSLSocket socket(int port, String[] protocols, String[] suites, KeyManager[] keys) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(keys, tmf.getTrustManagers(), null);
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(new Socket("localhost", port), "localhost", port, true);
    s.setSoTimeout(10_000);
    if (protocols != null) {
      s.setEnabledProtocols(protocols);
    }
    if (suites != null) {
      s.setEnabledCipherSuites(suites);
    }
    return s;
  }

  /** Presents this chain whatever the server asks for (the JDK's own key manager would skip an expired or foreign one). */
  private static X509ExtendedKeyManager fixedKeyManager(List<X509Certificate> chain, PrivateKey key) {
    return new X509ExtendedKeyManager() {
      @Override
      public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {"me"};
      }

      @Override
      public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return "me";
      }

      @Override
      public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
      }

      @Override
      public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
      }

      @Override
      public X509Certificate[] getCertificateChain(String alias) {
        return chain.toArray(new X509Certificate[0]);
      }

      @Override
      public PrivateKey getPrivateKey(String alias) {
        return key;
      }
    };
  }

  private static String openssl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "localhost:" + port, "-CAfile", hub.demo("ca.pem").toString()));
    cmd.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return "exit " + p.exitValue() + "\n" + out;
  }
}

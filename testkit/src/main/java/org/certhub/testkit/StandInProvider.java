package org.certhub.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * A protocol-level stand-in for an OpenID Connect provider on plain HTTP (loopback only): discovery, a JWKS
 * with an RSA and an EC P-256 key generated at start, an authorize endpoint that signs the configured user in
 * at once and redirects back with a code, and a token endpoint that checks the client secret (Basic), the code,
 * the redirect URI and the PKCE verifier before it returns an ID token. Tests choose how the token is signed
 * and may override any claim, to play a faulty or hostile provider.
 */
public final class StandInProvider implements AutoCloseable {
  /** How the next ID token is signed. */
  public enum Signing {
    RS256, ES256,
    /** RS256 by a key the JWKS does not hold, under the kid of one it does. */
    FOREIGN_KEY,
    /** {@code alg: none}, no signature. */
    NONE,
    /** HS256 keyed with the RSA public key's bytes: the classic algorithm-confusion attack. */
    HS256_WITH_RSA_PUBLIC_KEY
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  public final String clientId = "certhub-wallet";
  public final String clientSecret = "secret-" + UUID.randomUUID();
  /** Claims of the signed-in user, and overrides of the standard ones (iss, aud, exp, nonce...). */
  public final Map<String, Object> claims = new ConcurrentHashMap<>();
  public volatile Signing signing = Signing.RS256;
  public volatile boolean tokenEndpointFails;
  public final AtomicInteger jwksFetches = new AtomicInteger();

  private final HttpServer server;
  private final Map<String, Grant> grants = new ConcurrentHashMap<>();
  private volatile KeyPair rsa = generate("RSA", null);
  private volatile String rsaKid = "rsa-1";
  private volatile String signingKidOverride;
  private final KeyPair ec = generate("EC", "secp256r1");
  private final KeyPair foreign = generate("RSA", null);

  private record Grant(String redirectUri, String challenge, String nonce) {}

  private StandInProvider(HttpServer server) {
    this.server = server;
  }

  /** Starts on a free loopback port. */
  public static StandInProvider start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    StandInProvider p = new StandInProvider(server);
    server.createContext("/.well-known/openid-configuration", p::discovery);
    server.createContext("/jwks", p::jwks);
    server.createContext("/authorize", p::authorize);
    server.createContext("/token", p::token);
    server.start();
    return p;
  }

  public String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Publishes a new RSA key under a new kid and signs with it from now on; the old key disappears. */
  public void rotateRsaKey() {
    rsa = generate("RSA", null);
    rsaKid = "rsa-" + UUID.randomUUID();
  }

  /** Signs under a kid the JWKS does not hold (with FOREIGN_KEY: a key nobody published). */
  public void rotateRsaKeyIdOnly() {
    signingKidOverride = "unpublished-" + UUID.randomUUID();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void discovery(HttpExchange x) throws IOException {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("issuer", issuer());
    d.put("authorization_endpoint", issuer() + "/authorize");
    d.put("token_endpoint", issuer() + "/token");
    d.put("jwks_uri", issuer() + "/jwks");
    d.put("response_types_supported", List.of("code"));
    d.put("id_token_signing_alg_values_supported", List.of("RS256", "ES256"));
    d.put("code_challenge_methods_supported", List.of("S256"));
    d.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
    json(x, 200, d);
  }

  private void jwks(HttpExchange x) throws IOException {
    jwksFetches.incrementAndGet();
    RSAPublicKey r = (RSAPublicKey) rsa.getPublic();
    ECPublicKey e = (ECPublicKey) ec.getPublic();
    List<Map<String, Object>> keys = new ArrayList<>();
    keys.add(Map.of("kty", "RSA", "kid", rsaKid, "use", "sig", "alg", "RS256", "n", b64(r.getModulus(), 0), "e", b64(r.getPublicExponent(), 0)));
    keys.add(Map.of("kty", "EC", "kid", "ec-1", "use", "sig", "crv", "P-256", "x", b64(e.getW().getAffineX(), 32), "y", b64(e.getW().getAffineY(), 32)));
    json(x, 200, Map.of("keys", keys));
  }

  /** Signs the user in at once: a fresh code for the PKCE challenge and nonce, and back to the client. */
  private void authorize(HttpExchange x) throws IOException {
    Map<String, String> q = form(x.getRequestURI().getRawQuery());
    if (!"code".equals(q.get("response_type")) || !clientId.equals(q.get("client_id")) || !"S256".equals(q.get("code_challenge_method"))
        || q.get("code_challenge") == null || q.get("scope") == null || !q.get("scope").contains("openid")) {
      json(x, 400, Map.of("error", "invalid_request"));
      return;
    }
    String code = UUID.randomUUID().toString();
    grants.put(code, new Grant(q.get("redirect_uri"), q.get("code_challenge"), q.get("nonce")));
    x.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state=" + enc(q.get("state")));
    x.sendResponseHeaders(302, -1);
    x.close();
  }

  private void token(HttpExchange x) throws IOException {
    if (tokenEndpointFails) {
      json(x, 500, Map.of("error", "server_error"));
      return;
    }
    String expected = "Basic " + Base64.getEncoder().encodeToString((enc(clientId) + ":" + enc(clientSecret)).getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(x.getRequestHeaders().getFirst("Authorization"))) {
      json(x, 401, Map.of("error", "invalid_client"));
      return;
    }
    Map<String, String> f = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Grant g = f.get("code") == null ? null : grants.remove(f.get("code"));
    if (!"authorization_code".equals(f.get("grant_type")) || g == null || !g.redirectUri().equals(f.get("redirect_uri"))
        || f.get("code_verifier") == null || !g.challenge().equals(s256(f.get("code_verifier")))) {
      json(x, 400, Map.of("error", "invalid_grant"));
      return;
    }
    long now = Instant.now().getEpochSecond();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", issuer());
    c.put("sub", "user-42");
    c.put("aud", clientId);
    c.put("iat", now);
    c.put("exp", now + 300);
    c.put("nonce", g.nonce());
    c.putAll(claims);
    json(x, 200, Map.of("access_token", UUID.randomUUID().toString(), "token_type", "Bearer", "expires_in", 300, "id_token", sign(c)));
  }

  private String sign(Map<String, Object> claims) {
    try {
      Signing s = signing;
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("alg", switch (s) {
        case RS256, FOREIGN_KEY -> "RS256";
        case ES256 -> "ES256";
        case NONE -> "none";
        case HS256_WITH_RSA_PUBLIC_KEY -> "HS256";
      });
      header.put("typ", "JWT");
      if (s != Signing.NONE) {
        header.put("kid", signingKidOverride != null ? signingKidOverride : s == Signing.ES256 ? "ec-1" : rsaKid);
      }
      String input = B64.encodeToString(JSON.writeValueAsBytes(header)) + "." + B64.encodeToString(JSON.writeValueAsBytes(claims));
      byte[] data = input.getBytes(StandardCharsets.US_ASCII);
      byte[] sig = switch (s) {
        case RS256 -> jca("SHA256withRSA", rsa, data);
        case FOREIGN_KEY -> jca("SHA256withRSA", foreign, data);
        case ES256 -> joseEcdsa(jca("SHA256withECDSA", ec, data));
        case NONE -> new byte[0];
        case HS256_WITH_RSA_PUBLIC_KEY -> {
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(new SecretKeySpec(rsa.getPublic().getEncoded(), "HmacSHA256"));
          yield mac.doFinal(data);
        }
      };
      return input + "." + B64.encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] jca(String alg, KeyPair k, byte[] data) throws GeneralSecurityException {
    Signature s = Signature.getInstance(alg);
    s.initSign(k.getPrivate());
    s.update(data);
    return s.sign();
  }

  /** DER SEQUENCE { INTEGER r, INTEGER s } to JOSE's fixed-width r||s. */
  private static byte[] joseEcdsa(byte[] der) {
    int offset = 2;
    int rLen = der[offset + 1];
    byte[] r = Arrays.copyOfRange(der, offset + 2, offset + 2 + rLen);
    offset += 2 + rLen;
    int sLen = der[offset + 1];
    byte[] s = Arrays.copyOfRange(der, offset + 2, offset + 2 + sLen);
    byte[] out = new byte[64];
    byte[] rf = fixed(new BigInteger(1, r), 32);
    byte[] sf = fixed(new BigInteger(1, s), 32);
    System.arraycopy(rf, 0, out, 0, 32);
    System.arraycopy(sf, 0, out, 32, 32);
    return out;
  }

  private static byte[] fixed(BigInteger v, int len) {
    byte[] b = v.toByteArray();
    if (b.length == len) {
      return b;
    }
    byte[] out = new byte[len];
    if (b.length > len) {
      System.arraycopy(b, b.length - len, out, 0, len);
    } else {
      System.arraycopy(b, 0, out, len - b.length, b.length);
    }
    return out;
  }

  private static String b64(BigInteger v, int len) {
    byte[] b = v.toByteArray();
    if (b[0] == 0 && b.length > 1) {
      b = Arrays.copyOfRange(b, 1, b.length);
    }
    return B64.encodeToString(len > 0 ? fixed(new BigInteger(1, b), len) : b);
  }

  private static String s256(String verifier) {
    try {
      return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair generate(String alg, String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
      if (curve == null) {
        g.initialize(2048);
      } else {
        g.initialize(new ECGenParameterSpec(curve));
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return m;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      m.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void json(HttpExchange x, int status, Object body) throws IOException {
    byte[] b = JSON.writeValueAsBytes(body);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
    x.close();
  }
}

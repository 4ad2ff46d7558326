package org.certhub.adapters.oidc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.certhub.exchange.me.IdentityProviderException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies an ID token (a JWS in compact form) as OpenID Connect Core §3.1.3.7 asks: signature by a key of the
 * provider's JWKS with the algorithm that key fixes (RS256 or ES256; never {@code none} or HMAC), issuer,
 * audience and authorized party, expiry and issue time with 60 s clock skew, and the nonce.
 */
final class IdTokenVerifier {
  /** Clocks at the provider and here may differ by this much. */
  static final Duration SKEW = Duration.ofSeconds(60);
  private static final Set<String> ALGORITHMS = Set.of("RS256", "ES256");
  private static final int MAX_LENGTH = 16 * 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Finds the key for a token's {@code kid} (null: the token names none). */
  interface KeySource {
    /** The key, refetching the JWKS at most once when the kid is unknown. */
    Optional<Jwks.Key> find(String kid) throws IdentityProviderException;
  }

  private final String issuer;
  private final String clientId;
  private final Clock clock;

  IdTokenVerifier(String issuer, String clientId, Clock clock) {
    this.issuer = issuer;
    this.clientId = clientId;
    this.clock = clock;
  }

  /** The token's claims once everything checks out. */
  JsonNode verify(String jwt, String expectedNonce, KeySource keys) throws IdentityProviderException {
    if (jwt.length() > MAX_LENGTH) {
      throw rejected("the ID token is too long");
    }
    String[] parts = jwt.split("\\.", -1);
    if (parts.length != 3) {
      throw rejected("the ID token is not a signed JWT (three dot-separated parts)");
    }
    JsonNode header = json(parts[0], "header");
    String alg = Jwks.text(header, "alg");
    // The header is the attacker's: decide only from the allow-list, then from the key itself.
    if (alg == null || !ALGORITHMS.contains(alg)) {
      throw rejected("the ID token's algorithm " + safe(alg) + " is not accepted (RS256 or ES256 only)");
    }
    if (header.has("crit")) {
      throw rejected("the ID token names critical header parameters this hub does not understand");
    }
    String kid = Jwks.text(header, "kid");
    Jwks.Key key = keys.find(kid).orElseThrow(() -> rejected("the ID token is signed with a key (kid " + safe(kid) + ") the provider does not publish"));
    if (!key.alg().equals(alg)) {
      throw rejected("the ID token says " + alg + " but its key (kid " + safe(kid) + ") is for " + key.alg());
    }
    if (!signatureValid(key, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), decode(parts[2]))) {
      throw rejected("the ID token's signature does not verify");
    }
    JsonNode claims = json(parts[1], "claims");
    checkClaims(claims, expectedNonce);
    return claims;
  }

  private void checkClaims(JsonNode claims, String expectedNonce) throws IdentityProviderException {
    if (!issuer.equals(Jwks.text(claims, "iss"))) {
      throw rejected("the ID token was issued by " + safe(Jwks.text(claims, "iss")) + ", not " + issuer);
    }
    JsonNode aud = claims.get("aud");
    List<String> audiences = aud == null ? List.of()
        : aud.isString() ? List.of(aud.asString())
        : aud.isArray() ? aud.valueStream().filter(JsonNode::isString).map(JsonNode::asString).toList() : List.of();
    if (!audiences.contains(clientId)) {
      throw rejected("the ID token is not meant for this hub (aud does not contain " + clientId + ")");
    }
    String azp = Jwks.text(claims, "azp");
    if ((audiences.size() > 1 || azp != null) && !clientId.equals(azp)) {
      throw rejected("the ID token has several audiences and was not authorized for this hub (azp)");
    }
    Instant now = clock.instant();
    Instant exp = time(claims, "exp");
    Instant iat = time(claims, "iat");
    if (exp == null || iat == null) {
      throw rejected("the ID token lacks exp or iat");
    }
    if (!now.isBefore(exp.plus(SKEW))) {
      throw rejected("the ID token expired at " + exp);
    }
    if (iat.isAfter(now.plus(SKEW))) {
      throw rejected("the ID token was issued in the future (" + iat + ")");
    }
    Instant nbf = time(claims, "nbf");
    if (nbf != null && nbf.isAfter(now.plus(SKEW))) {
      throw rejected("the ID token is not valid before " + nbf);
    }
    String nonce = Jwks.text(claims, "nonce");
    if (nonce == null || !MessageDigest.isEqual(nonce.getBytes(StandardCharsets.UTF_8), expectedNonce.getBytes(StandardCharsets.UTF_8))) {
      throw rejected("the ID token's nonce is not the one this sign-in sent (a replayed or swapped token)");
    }
  }

  private static boolean signatureValid(Jwks.Key key, byte[] input, byte[] signature) throws IdentityProviderException {
    try {
      Signature s;
      byte[] sig = signature;
      if (key.alg().equals("RS256")) {
        s = Signature.getInstance("SHA256withRSA");
      } else {
        // JOSE sends ECDSA as r||s (32 bytes each for P-256); the JDK wants DER.
        if (signature.length != 64) {
          return false;
        }
        sig = Der.ecdsaSignature(signature);
        s = Signature.getInstance("SHA256withECDSA");
      }
      s.initVerify(key.publicKey());
      s.update(input);
      return s.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static Instant time(JsonNode claims, String name) throws IdentityProviderException {
    JsonNode v = claims.get(name);
    if (v == null) {
      return null;
    }
    if (!v.isNumber()) {
      throw rejected("the ID token's " + name + " is not a number");
    }
    return Instant.ofEpochSecond(v.asLong());
  }

  private static JsonNode json(String part, String what) throws IdentityProviderException {
    try {
      JsonNode n = JSON.readTree(new String(decode(part), StandardCharsets.UTF_8));
      if (n == null || !n.isObject()) {
        throw rejected("the ID token's " + what + " is not a JSON object");
      }
      return n;
    } catch (JacksonException e) {
      throw rejected("the ID token's " + what + " is not JSON");
    }
  }

  private static byte[] decode(String part) throws IdentityProviderException {
    try {
      if (part.indexOf('=') >= 0) {
        throw new IllegalArgumentException("padding");
      }
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw rejected("the ID token is not base64url");
    }
  }

  /** Header and claim values shown in messages are the provider's (or an attacker's): short and printable only. */
  static String safe(String s) {
    if (s == null) {
      return "(none)";
    }
    String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private static IdentityProviderException rejected(String message) {
    return new IdentityProviderException(IdentityProviderException.Kind.REJECTED, message);
  }

  /** JOSE r||s to the ASN.1 DER SEQUENCE { INTEGER r, INTEGER s } that JCA verifies. */
  static final class Der {
    private Der() {}

    static byte[] ecdsaSignature(byte[] rs) {
      int half = rs.length / 2;
      byte[] r = integer(rs, 0, half);
      byte[] s = integer(rs, half, half);
      int len = r.length + s.length;
      // P-256: each INTEGER is at most 2 + 33 bytes, so the SEQUENCE length fits in one byte.
      byte[] out = new byte[2 + len];
      out[0] = 0x30;
      out[1] = (byte) len;
      System.arraycopy(r, 0, out, 2, r.length);
      System.arraycopy(s, 0, out, 2 + r.length, s.length);
      return out;
    }

    private static byte[] integer(byte[] src, int off, int len) {
      int start = off;
      while (start < off + len - 1 && src[start] == 0) {
        start++;
      }
      boolean pad = (src[start] & 0x80) != 0; // keep it positive
      int n = off + len - start + (pad ? 1 : 0);
      byte[] out = new byte[2 + n];
      out[0] = 0x02;
      out[1] = (byte) n;
      System.arraycopy(src, start, out, 2 + (pad ? 1 : 0), off + len - start);
      return out;
    }
  }
}

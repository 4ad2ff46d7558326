package org.certhub.adapters.oidc;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The signing keys of a JWKS (RFC 7517) the hub can use: RSA (RS256) and EC P-256 (ES256); everything else is skipped. */
final class Jwks {
  private Jwks() {}

  /**
   * One usable key. The algorithm follows from the key (and must agree with its {@code alg} if it has one),
   * so a token's header can never make the hub use a key with another algorithm.
   */
  record Key(String kid, String alg, PublicKey publicKey) {}

  /** The usable signing keys of a JWKS document. */
  static List<Key> parse(JsonNode jwks) {
    List<Key> keys = new ArrayList<>();
    JsonNode array = jwks.get("keys");
    if (array == null || !array.isArray()) {
      return keys;
    }
    for (JsonNode jwk : array) {
      Key k = key(jwk);
      if (k != null) {
        keys.add(k);
      }
    }
    return keys;
  }

  private static Key key(JsonNode jwk) {
    String use = text(jwk, "use");
    if (use != null && !use.equals("sig")) {
      return null;
    }
    String kty = text(jwk, "kty");
    String declared = text(jwk, "alg");
    try {
      if ("RSA".equals(kty)) {
        PublicKey k = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(big(jwk, "n"), big(jwk, "e")));
        // Shorter RSA keys are breakable; a provider that still uses one is refused, not trusted.
        return (declared == null || declared.equals("RS256")) && ((RSAPublicKey) k).getModulus().bitLength() >= 2048
            ? new Key(text(jwk, "kid"), "RS256", k) : null;
      }
      if ("EC".equals(kty) && "P-256".equals(text(jwk, "crv")) && (declared == null || declared.equals("ES256"))) {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
        PublicKey k = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(big(jwk, "x"), big(jwk, "y")), spec));
        return new Key(text(jwk, "kid"), "ES256", k);
      }
    } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
      // A malformed key in the set is skipped; a token that needs it then fails as "unknown key".
      return null;
    }
    return null; // oct (HMAC) keys, other curves and types: never used to verify an ID token
  }

  private static BigInteger big(JsonNode jwk, String member) {
    return new BigInteger(1, Base64.getUrlDecoder().decode(text(jwk, member)));
  }

  static String text(JsonNode node, String member) {
    JsonNode v = node.get(member);
    return v != null && v.isString() ? v.asString() : null;
  }
}

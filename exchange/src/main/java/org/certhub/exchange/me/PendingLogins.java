package org.certhub.exchange.me;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * A started OpenID Connect sign-in, kept in the citizen's browser rather than in the hub: a cookie
 * {@code base64url(state|nonce|verifier|expiry).base64url(HMAC-SHA256)}, HttpOnly, Secure, SameSite=Lax,
 * valid 10 minutes. The hub stays stateless (any instance can take the callback), and the MAC stops a
 * browser or attacker from choosing the nonce or verifier.
 */
public final class PendingLogins {
  /** The cookie's name; {@code __Host-} makes browsers insist on Secure, no Domain and Path=/. */
  public static final String COOKIE = "__Host-certhub-oidc";
  /** How long a citizen has at the identity provider before the sign-in must start again. */
  public static final Duration LIFETIME = Duration.ofMinutes(10);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final SecretKey key;
  private final Clock clock;

  /** @param key HMAC key for the cookie, derived from the hub's secret */
  public PendingLogins(SecretKey key, Clock clock) {
    this.key = key;
    this.clock = clock;
  }

  /**
   * One sign-in in flight.
   *
   * @param state echoed by the provider to the callback
   * @param nonce expected in the ID token
   * @param verifier the PKCE code verifier
   * @param expires when this sign-in lapses
   */
  public record Pending(String state, String nonce, String verifier, Instant expires) {
    /** The PKCE S256 challenge of the verifier. */
    public String challenge() {
      try {
        return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 must be available", e);
      }
    }
  }

  /** A new sign-in with fresh 256-bit state, nonce and verifier (the verifier is 43 base64url characters, RFC 7636). */
  public Pending start() {
    return new Pending(random(), random(), random(), clock.instant().plus(LIFETIME));
  }

  /** The cookie value for a pending sign-in. */
  public String encode(Pending p) {
    String payload = p.state() + "|" + p.nonce() + "|" + p.verifier() + "|" + p.expires().getEpochSecond();
    return B64.encodeToString(payload.getBytes(StandardCharsets.US_ASCII)) + "." + B64.encodeToString(mac(payload));
  }

  /** The pending sign-in in a cookie value, or empty if it is missing, malformed, forged or lapsed. */
  public Optional<Pending> decode(String cookie) {
    if (cookie == null || cookie.length() > 512) {
      return Optional.empty();
    }
    int dot = cookie.indexOf('.');
    if (dot < 1 || dot != cookie.lastIndexOf('.')) {
      return Optional.empty();
    }
    try {
      String payload = new String(Base64.getUrlDecoder().decode(cookie.substring(0, dot)), StandardCharsets.US_ASCII);
      if (!MessageDigest.isEqual(Base64.getUrlDecoder().decode(cookie.substring(dot + 1)), mac(payload))) {
        return Optional.empty();
      }
      String[] parts = payload.split("\\|", -1);
      if (parts.length != 4) {
        return Optional.empty();
      }
      Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[3]));
      return clock.instant().isBefore(expires) ? Optional.of(new Pending(parts[0], parts[1], parts[2], expires)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return B64.encodeToString(b);
  }

  private byte[] mac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update("certhub-oidc-pending-login\n".getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 with the login key must work", e);
    }
  }
}

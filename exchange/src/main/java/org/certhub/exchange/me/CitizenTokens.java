package org.certhub.exchange.me;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Citizen session tokens: {@code base64url(pseudonym|name|expiry).base64url(HMAC-SHA256)}. A token carries
 * the holder's pseudonym, never the clear identifier, so a leaked token or log line reveals no ID number.
 * The key is derived from the hub's pseudonym secret and never leaves the hub.
 */
public final class CitizenTokens {
  /** A wallet session lasts 30 minutes; the citizen signs in again after. */
  public static final Duration LIFETIME = Duration.ofMinutes(30);
  private final SecretKey key;
  private final Clock clock;
  private final boolean demoSignIn;

  /**
   * @param key HMAC key for the tokens
   * @param demoSignIn whether the demo sign-in (identifier and name, no credential) is open; production
   *     deployments sign citizens in through their identity provider instead
   */
  public CitizenTokens(SecretKey key, Clock clock, boolean demoSignIn) {
    this.key = key;
    this.clock = clock;
    this.demoSignIn = demoSignIn;
  }

  /** A signed-in citizen. */
  public record Citizen(String pseudonym, String name, Instant expires) {}

  public boolean demoSignIn() {
    return demoSignIn;
  }

  /** Issues a token for a holder already identified (by the demo sign-in or an identity provider). */
  public String issue(String pseudonym, String name) {
    Instant expires = clock.instant().plus(LIFETIME);
    String payload = pseudonym + "|" + name.replace("|", " ") + "|" + expires.getEpochSecond();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(mac(payload));
  }

  /**
   * The citizen behind an {@code Authorization: Bearer} header.
   *
   * @throws org.certhub.exchange.web.ProblemException 401 when the header is missing or its token malformed, forged or expired
   */
  public Citizen require(String authorization) {
    return verify(authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null)
        .orElseThrow(() -> org.certhub.exchange.web.ProblemException.of(
            org.certhub.exchange.web.ErrorCode.UNAUTHENTICATED, "sign in first: a valid, unexpired citizen session token is needed"));
  }

  /** The citizen behind a token, or empty if the token is malformed, forged or expired. */
  public Optional<Citizen> verify(String token) {
    if (token == null || token.length() > 1024) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot < 1 || dot != token.lastIndexOf('.')) {
      return Optional.empty();
    }
    try {
      String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      byte[] tag = Base64.getUrlDecoder().decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(tag, mac(payload))) {
        return Optional.empty();
      }
      String[] parts = payload.split("\\|", -1);
      if (parts.length != 3) {
        return Optional.empty();
      }
      Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
      return clock.instant().isBefore(expires) ? Optional.of(new Citizen(parts[0], parts[1], expires)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update("certhub-citizen-session\n".getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 with the session key must work", e);
    }
  }
}

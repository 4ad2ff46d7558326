package org.certhub.exchange.consent;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.certhub.exchange.matter.Matter;
import org.certhub.exchange.policy.Decision;
import org.certhub.exchange.web.ErrorCode;

/**
 * Grants, lists and revokes holders' consents, and decides whether a pull may rely on one.
 *
 * <p>A consent QR carries {@code CHC1:<id>.<tag>}: the tag is an HMAC of the id under a hub key, so a clerk's
 * system can only present consents a holder actually showed it; the consent's terms stay in the hub.
 */
public class ConsentService {
  /** Prefix of a consent token as printed in a consent QR. */
  public static final String TOKEN_PREFIX = "CHC1:";
  /** The longest consent a holder can give in one go. */
  public static final Duration MAX_LIFETIME = Duration.ofDays(365);

  private final ConsentRepository consents;
  private final SecretKey tokenKey;
  private final Clock clock;

  public ConsentService(ConsentRepository consents, SecretKey tokenKey, Clock clock) {
    this.consents = consents;
    this.tokenKey = tokenKey;
    this.clock = clock;
  }

  /** Whether a pull may rely on consent: the consent it relies on (or null if none is needed), or the refusal. */
  public record Outcome(String consentId, Decision.Refused refusal) {}

  /** Records a new consent; the caller has checked that the department handles the matter. */
  public Consent grant(String holder, String department, String matter, Duration lifetime, String channel) {
    if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw new IllegalArgumentException("a consent lasts between 1 second and " + MAX_LIFETIME.toDays() + " days");
    }
    Instant now = clock.instant();
    Consent c = new Consent("cst-" + UUID.randomUUID(), holder, department, matter, channel, now, now.plus(lifetime), null);
    consents.add(c);
    return c;
  }

  /** The holder's consents, newest first. */
  public List<Consent> of(String holder, int limit) {
    return consents.byHolder(holder, limit);
  }

  /** One of the holder's own consents; someone else's is not found (no leak of its existence). */
  public java.util.Optional<Consent> find(String holder, String id) {
    return consents.find(id).filter(c -> c.holder().equals(holder));
  }

  /** Revokes one of the holder's own consents; false if it is not theirs, unknown or already revoked. */
  public boolean revoke(String holder, String id) {
    return consents.revoke(id, holder, clock.instant());
  }

  /** The consent QR text for one of the holder's consents. */
  public String token(Consent c) {
    return TOKEN_PREFIX + c.id() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(tag(c.id()));
  }

  /**
   * Decides whether a pull by {@code department} of {@code holder}'s data for {@code matter} has the consent it
   * needs. A presented token must be genuine and match holder, department and matter whether or not the matter
   * requires consent (a clerk who presents one relies on it). Without a token, a matter that requires consent
   * uses the holder's newest active consent from the wallet.
   */
  public Outcome decide(String holder, String department, Matter matter, String token) {
    Instant now = clock.instant();
    if (token != null) {
      String id = idOf(token);
      if (id == null) {
        return refuse("consent.token", "the consent token is not one the hub issued (expected " + TOKEN_PREFIX + "<id>.<tag>)");
      }
      Consent c = consents.find(id).orElse(null);
      if (c == null || !c.holder().equals(holder) || !c.department().equals(department) || !c.matter().equals(matter.code())) {
        // One answer for unknown and for someone else's consent: the token reveals nothing about other holders.
        return refuse("consent.mismatch", "consent " + id + " was not given by this holder to department " + department
            + " for matter " + matter.code());
      }
      String state = c.state(now);
      if (!"active".equals(state)) {
        return refuse("consent." + state, "consent " + id + " is " + state
            + ("expired".equals(state) ? " since " + c.expiresAt() : " since " + c.revokedAt()));
      }
      return new Outcome(c.id(), null);
    }
    if (!matter.consentRequired()) {
      return new Outcome(null, null);
    }
    return consents.active(holder, department, matter.code(), now)
        .map(c -> new Outcome(c.id(), null))
        .orElseGet(() -> refuse("consent.required", "matter " + matter.code() + " needs the holder's consent for department "
            + department + ": the holder grants it in the wallet, or shows a consent QR whose text goes in /consent"));
  }

  private static Outcome refuse(String rule, String detail) {
    return new Outcome(null, new Decision.Refused(ErrorCode.CONSENT_MISSING, rule, detail));
  }

  private String idOf(String token) {
    if (token.length() > 200 || !token.startsWith(TOKEN_PREFIX)) {
      return null;
    }
    int dot = token.lastIndexOf('.');
    if (dot <= TOKEN_PREFIX.length()) {
      return null;
    }
    String id = token.substring(TOKEN_PREFIX.length(), dot);
    byte[] presented;
    try {
      presented = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
    return MessageDigest.isEqual(presented, tag(id)) ? id : null;
  }

  private byte[] tag(String id) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(tokenKey);
      mac.update("certhub consent token v1\n".getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(id.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 with the consent key must work", e);
    }
  }
}

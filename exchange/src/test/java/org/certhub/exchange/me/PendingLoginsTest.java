package org.certhub.exchange.me;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The sign-in cookie: round trip, and nothing a browser changed, another hub made, or time outran is accepted. */
class PendingLoginsTest {
  private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
  private final PendingLogins logins = new PendingLogins(key(1), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void roundTrip_keepsStateNonceAndVerifier_andTheChallengeIsS256() throws Exception {
    PendingLogins.Pending p = logins.start();
    assertThat(p.verifier()).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(p.state()).isNotEqualTo(p.nonce()).isNotEqualTo(p.verifier());
    assertThat(logins.decode(logins.encode(p))).contains(p);
    assertThat(p.challenge()).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(p.verifier().getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  void changedForeignOrLapsedCookies_areRefused() {
    PendingLogins.Pending p = logins.start();
    String cookie = logins.encode(p);
    String payload = new String(Base64.getUrlDecoder().decode(cookie.substring(0, cookie.indexOf('.'))), StandardCharsets.US_ASCII);
    String chosenNonce = Base64.getUrlEncoder().withoutPadding().encodeToString(
        payload.replace(p.nonce(), "attacker-chosen").getBytes(StandardCharsets.US_ASCII)) + cookie.substring(cookie.indexOf('.'));
    assertThat(logins.decode(chosenNonce)).isEmpty();
    assertThat(new PendingLogins(key(2), Clock.fixed(NOW, ZoneOffset.UTC)).decode(cookie)).isEmpty();
    assertThat(new PendingLogins(key(1), Clock.fixed(NOW.plus(PendingLogins.LIFETIME), ZoneOffset.UTC)).decode(cookie)).isEmpty();
    assertThat(logins.decode(null)).isEmpty();
    assertThat(logins.decode("not.a.cookie")).isEmpty();
    assertThat(logins.decode("%%%.###")).isEmpty();
  }

  private static SecretKeySpec key(int b) {
    byte[] k = new byte[32];
    k[0] = (byte) b;
    return new SecretKeySpec(k, "HmacSHA256");
  }
}

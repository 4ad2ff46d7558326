package org.certhub.adapters.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.certhub.exchange.me.IdentityProvider.VerifiedIdentity;
import org.certhub.exchange.me.IdentityProviderException;
import org.certhub.exchange.me.IdentityProviderException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.certhub.testkit.StandInProvider;

/** The adapter against a protocol-level stand-in provider: the happy paths, and each way a sign-in must fail. */
class OidcIdentityProviderTest {
  private static final URI REDIRECT = URI.create("https://hub.example/api/v1/me/oidc/callback");
  private static final String CITIZEN = "330106199003071236";
  private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private StandInProvider idp;
  private OidcIdentityProvider client;

  @BeforeEach
  void start() throws Exception {
    idp = StandInProvider.start();
    idp.claims.put("sub", CITIZEN);
    idp.claims.put("name", "王强");
    client = new OidcIdentityProvider(OidcSettings.of(URI.create(idp.issuer()), idp.clientId, idp.clientSecret, REDIRECT), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  @Test
  void signIn_rs256_givesTheIdentity_andTheLoginUrlAsksForCodeWithPkce() throws Exception {
    String verifier = random();
    URI url = client.loginUrl("st", "n-1", challenge(verifier));
    assertThat(url.toString()).startsWith(idp.issuer() + "/authorize?")
        .contains("response_type=code", "scope=openid%20profile", "code_challenge=" + challenge(verifier), "code_challenge_method=S256",
            "state=st", "nonce=n-1", "client_id=certhub-wallet", "redirect_uri=https%3A%2F%2Fhub.example%2Fapi%2Fv1%2Fme%2Foidc%2Fcallback");
    VerifiedIdentity id = client.finish(authorize(url, "st"), verifier, "n-1");
    assertThat(id).isEqualTo(new VerifiedIdentity(CITIZEN, "111", "王强"));
    assertThat(id.toString()).doesNotContain(CITIZEN).contains("33**************36");
  }

  @Test
  void signIn_es256_manyTimes_coversEverySignatureShape() throws Exception {
    // r or s with the high bit set or a leading zero byte take other DER encodings; 32 runs hit the first surely.
    idp.signing = StandInProvider.Signing.ES256;
    for (int i = 0; i < 32; i++) {
      assertThat(signIn().holderId()).isEqualTo(CITIZEN);
    }
  }

  @Test
  void customClaims_giveTheIdNumberAndType() throws Exception {
    idp.claims.put("sub", "opaque-7");
    idp.claims.put("id_card_no", "91330106ma2b3c4d5d");
    idp.claims.put("subject_type", "001");
    idp.claims.put("org_name", "杭州示例科技有限公司");
    OidcSettings d = OidcSettings.of(URI.create(idp.issuer()), idp.clientId, idp.clientSecret, REDIRECT);
    client = new OidcIdentityProvider(
        new OidcSettings(d.issuer(), d.clientId(), d.clientSecret(), d.redirectUri(), d.scope(), "id_card_no", "subject_type", "111", "org_name", d.timeout()),
        Clock.systemUTC());
    assertThat(signIn()).isEqualTo(new VerifiedIdentity("91330106MA2B3C4D5D", "001", "杭州示例科技有限公司"));
  }

  @Test
  void wrongPkceVerifier_isRefusedByTheTokenEndpoint() throws Exception {
    URI url = client.loginUrl("st", "n", challenge(random()));
    String code = authorize(url, "st");
    assertRejected(() -> client.finish(code, random(), "n"), Kind.REJECTED, "400 invalid_grant");
  }

  @Test
  void codeUsedTwice_isRefused() throws Exception {
    String verifier = random();
    String code = authorize(client.loginUrl("st", "n", challenge(verifier)), "st");
    client.finish(code, verifier, "n");
    assertRejected(() -> client.finish(code, verifier, "n"), Kind.REJECTED, "invalid_grant");
  }

  @Test
  void wrongNonce_isRefused() throws Exception {
    idp.claims.put("nonce", "someone-elses");
    assertRejected(this::signIn, Kind.REJECTED, "nonce");
  }

  @Test
  void wrongAudience_isRefused() throws Exception {
    idp.claims.put("aud", "another-client");
    assertRejected(this::signIn, Kind.REJECTED, "aud");
  }

  @Test
  void severalAudiences_needThisHubAsAuthorizedParty() throws Exception {
    idp.claims.put("aud", List.of("another-client", idp.clientId));
    assertRejected(this::signIn, Kind.REJECTED, "azp");
    idp.claims.put("azp", "another-client");
    assertRejected(this::signIn, Kind.REJECTED, "azp");
    idp.claims.put("azp", idp.clientId);
    assertThat(signIn().holderId()).isEqualTo(CITIZEN);
  }

  @Test
  void wrongIssuer_isRefused() throws Exception {
    idp.claims.put("iss", "https://evil.example");
    assertRejected(this::signIn, Kind.REJECTED, "issued by https://evil.example");
  }

  @Test
  void expired_isRefused_butSixtySecondsOfSkewAreForgiven() throws Exception {
    long now = Instant.now().getEpochSecond();
    idp.claims.put("iat", now - 600);
    idp.claims.put("exp", now - 30);
    assertThat(signIn().holderId()).isEqualTo(CITIZEN);
    idp.claims.put("exp", now - 120);
    assertRejected(this::signIn, Kind.REJECTED, "expired");
  }

  @Test
  void issuedInTheFuture_isRefused() throws Exception {
    idp.claims.put("iat", Instant.now().getEpochSecond() + 600);
    assertRejected(this::signIn, Kind.REJECTED, "future");
  }

  @Test
  void signatureByAKeyNotInTheJwks_isRefused() throws Exception {
    idp.signing = StandInProvider.Signing.FOREIGN_KEY;
    assertRejected(this::signIn, Kind.REJECTED, "signature does not verify");
  }

  @Test
  void algNone_isRefused() throws Exception {
    idp.signing = StandInProvider.Signing.NONE;
    assertRejected(this::signIn, Kind.REJECTED, "algorithm none is not accepted");
  }

  @Test
  void hs256KeyedWithTheRsaPublicKey_isRefused() throws Exception {
    idp.signing = StandInProvider.Signing.HS256_WITH_RSA_PUBLIC_KEY;
    assertRejected(this::signIn, Kind.REJECTED, "algorithm HS256 is not accepted");
  }

  @Test
  void keyRotation_anUnknownKidRefetchesTheJwksOnce() throws Exception {
    signIn();
    signIn();
    assertThat(idp.jwksFetches.get()).isEqualTo(1);
    idp.rotateRsaKey();
    assertThat(signIn().holderId()).isEqualTo(CITIZEN);
    assertThat(idp.jwksFetches.get()).isEqualTo(2);
    // A kid the provider really does not publish: one refetch, then refused (no loop).
    idp.signing = StandInProvider.Signing.FOREIGN_KEY;
    idp.rotateRsaKeyIdOnly();
    assertRejected(this::signIn, Kind.REJECTED, "does not publish");
    assertThat(idp.jwksFetches.get()).isEqualTo(3);
  }

  @Test
  void tokenEndpointFailure_isTheProvidersFault() throws Exception {
    idp.tokenEndpointFails = true;
    assertRejected(this::signIn, Kind.UNAVAILABLE, "500");
  }

  @Test
  void wrongClientSecret_isAConfigurationFault() throws Exception {
    client = new OidcIdentityProvider(OidcSettings.of(URI.create(idp.issuer()), idp.clientId, "wrong", REDIRECT), Clock.systemUTC());
    assertRejected(this::signIn, Kind.UNAVAILABLE, "401 invalid_client");
  }

  @Test
  void missingHolderClaim_isAConfigurationFault() throws Exception {
    idp.claims.remove("name");
    assertRejected(this::signIn, Kind.UNAVAILABLE, "claim name");
  }

  @Test
  void providerDown_isUnavailable() throws Exception {
    idp.close();
    assertRejected(() -> client.loginUrl("s", "n", "c"), Kind.UNAVAILABLE, "cannot be reached");
  }

  @Test
  void settings_refuseAPlainHttpIssuerElsewhere_andKeepTheSecretOutOfToString() {
    assertThatThrownBy(() -> OidcSettings.of(URI.create("http://idp.example"), "c", "s", REDIRECT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    assertThat(OidcSettings.of(URI.create("https://idp.example"), "c", "very-secret", REDIRECT).toString()).doesNotContain("very-secret");
  }

  private VerifiedIdentity signIn() throws Exception {
    String verifier = random();
    String nonce = random();
    String state = random();
    return client.finish(authorize(client.loginUrl(state, nonce, challenge(verifier)), state), verifier, nonce);
  }

  /** The browser's trip to the provider: it comes back to the redirect URI with a code and our state. */
  private String authorize(URI url, String state) throws Exception {
    HttpResponse<String> r = browser.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(302);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(REDIRECT + "?code=").endsWith("&state=" + state);
    return URLDecoder.decode(location.substring(location.indexOf("code=") + 5, location.indexOf("&state=")), StandardCharsets.UTF_8);
  }

  private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Kind kind, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(IdentityProviderException.class, e -> {
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.getMessage()).contains(message);
    });
  }

  private static String random() {
    return UUID.randomUUID().toString() + UUID.randomUUID();
  }

  private static String challenge(String verifier) throws Exception {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
  }
}

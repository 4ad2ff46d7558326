package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.certhub.testkit.StandInProvider;

/**
 * The wallet's production sign-in end to end: a browser-like client starts at the hub, goes to a stand-in
 * OpenID Connect provider (which signs the demo company in and redirects back), lands on the callback, gets a
 * session token in the fragment and sees the company's licences with it. A forged state, a provider error, a
 * failing token endpoint and an unsigned ID token each end in problem+json, never a session. The wallet page
 * does the same in a real Chromium.
 */
class OidcSignInIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String COMPANY = "91330106MA2B3C4D5D";

  @TempDir static Path data;
  static StandInProvider idp;
  static TestHub hub;
  HttpClient browser;

  @BeforeAll
  static void start() throws Exception {
    idp = StandInProvider.start();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    hub = TestHub.start(data, port, Map.of(
        "certhub.wallet.oidc.issuer", idp.issuer(),
        "certhub.wallet.oidc.client-id", idp.clientId,
        "certhub.wallet.oidc.client-secret", idp.clientSecret,
        "certhub.wallet.oidc.redirect-uri", "https://localhost:" + port + "/api/v1/me/oidc/callback",
        // Like a government IdP: an opaque sub, the ID number and its type in custom claims.
        "certhub.wallet.oidc.holder-id-claim", "id_number",
        "certhub.wallet.oidc.id-type-claim", "id_type"));
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
    if (idp != null) {
      idp.close();
    }
  }

  @BeforeEach
  void freshBrowser() throws Exception {
    browser = hub.browser();
    idp.signing = StandInProvider.Signing.RS256;
    idp.tokenEndpointFails = false;
    idp.claims.clear();
    idp.claims.put("sub", "gov-user-000123");
    idp.claims.put("id_number", COMPANY);
    idp.claims.put("id_type", "001");
    idp.claims.put("name", "杭州示例科技有限公司");
  }

  @Test
  void signIn_throughTheProvider_givesATokenForTheHoldersOwnLicences() throws Exception {
    JsonNode status = JSON.readTree(get(hub.base + "/api/v1/me/oidc").body());
    assertThat(status.get("configured").asBoolean()).isTrue();
    assertThat(status.get("demoSignIn").asBoolean()).isTrue();

    HttpResponse<String> login = get(hub.base + "/api/v1/me/oidc/login");
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(location(login)).startsWith(idp.issuer() + "/authorize?").contains("code_challenge_method=S256", "scope=openid%20profile");
    assertThat(login.headers().firstValue("Set-Cookie").orElseThrow())
        .startsWith("__Host-certhub-oidc=").contains("Path=/", "Max-Age=600", "Secure", "HttpOnly", "SameSite=Lax");

    HttpResponse<String> back = get(location(login));
    assertThat(back.statusCode()).isEqualTo(302);
    String callback = location(back);
    assertThat(callback).startsWith(hub.base + "/api/v1/me/oidc/callback?code=");

    HttpResponse<String> done = get(callback);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
    assertThat(done.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(done.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("__Host-certhub-oidc=;").contains("Max-Age=0");
    String wallet = location(done);
    assertThat(wallet).startsWith("/wallet#token=");
    String token = wallet.substring("/wallet#token=".length());

    HttpResponse<String> licences = browser.send(
        HttpRequest.newBuilder(URI.create(hub.base + "/api/v1/me/licences")).header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(licences.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(licences.body());
    assertThat(body.get("holder").asString()).isEqualTo("杭州示例科技有限公司");
    assertThat(body.get("licences")).hasSize(2);

    // The sign-in is used up: the same callback again finds no sign-in in progress.
    assertProblem(get(callback), 400, "malformed_request");
  }

  @Test
  void walletPage_signsInThroughTheProvider_inARealBrowser() throws Exception {
    BrowserScript.Run r = BrowserScript.run("wallet-oidc.cjs", hub.base, "杭州示例科技有限公司");
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).contains("\"ok\":true").contains("token out of the address bar");
  }

  @Test
  void forgedState_is400() throws Exception {
    HttpResponse<String> back = get(location(get(hub.base + "/api/v1/me/oidc/login")));
    String callback = location(back);
    String forged = callback.replaceAll("state=[^&]+", "state=forged-by-an-attacker");
    assertProblem(get(forged), 400, "malformed_request");
    // Without the cookie (another browser, or a link an attacker sent) it is refused just the same.
    assertProblem(hub.get(hub.client(null), callback.substring(hub.base.length())), 400, "malformed_request");
  }

  @Test
  void providerError_is401() throws Exception {
    String callback = location(get(location(get(hub.base + "/api/v1/me/oidc/login"))));
    String state = callback.substring(callback.indexOf("state=") + 6);
    assertProblem(get(hub.base + "/api/v1/me/oidc/callback?error=access_denied&state=" + state), 401, "unauthenticated");
  }

  @Test
  void tokenEndpointDown_is502() throws Exception {
    idp.tokenEndpointFails = true;
    HttpResponse<String> r = get(location(get(location(get(hub.base + "/api/v1/me/oidc/login")))));
    assertProblem(r, 502, "identity_provider_failed");
  }

  @Test
  void unsignedIdToken_is401() throws Exception {
    idp.signing = StandInProvider.Signing.NONE;
    HttpResponse<String> r = get(location(get(location(get(hub.base + "/api/v1/me/oidc/login")))));
    assertProblem(r, 401, "unauthenticated");
    assertThat(r.body()).contains("algorithm none is not accepted");
  }

  @Test
  void anIdentityThatIsNoValidIdentifier_is502_andNotASession() throws Exception {
    idp.claims.put("id_number", "91330106MA2B3C4D5X"); // wrong check character
    HttpResponse<String> r = get(location(get(location(get(hub.base + "/api/v1/me/oidc/login")))));
    assertProblem(r, 502, "identity_provider_failed");
    assertThat(r.body()).doesNotContain("91330106MA2B3C4D5X");
  }

  private HttpResponse<String> get(String url) throws Exception {
    return browser.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String location(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    return r.headers().firstValue("Location").orElseThrow();
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(JSON.readTree(r.body()).get("code").asString()).isEqualTo(code);
    assertThat(r.body()).doesNotContain("Exception", "\tat ");
  }
}

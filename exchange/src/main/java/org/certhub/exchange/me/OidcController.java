package org.certhub.exchange.me;

import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.certhub.exchange.audit.Pseudonymiser;
import org.certhub.exchange.licence.HolderIds;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The wallet's production sign-in through the configured {@link IdentityProvider} (OpenID Connect, code flow
 * with PKCE): {@code GET /api/v1/me/oidc/login} sends the browser to the provider, {@code GET
 * /api/v1/me/oidc/callback} takes it back, verifies the sign-in and hands the wallet a citizen session token
 * in the URL fragment ({@code /wallet#token=...}), which never reaches a server or a Referer header.
 */
@RestController
class OidcController {
  private static final Logger log = LoggerFactory.getLogger(OidcController.class);
  private static final int MAX_NAME = 100;
  private final ObjectProvider<IdentityProvider> provider;
  private final PendingLogins pendingLogins;
  private final CitizenTokens tokens;
  private final Pseudonymiser pseudonymiser;

  OidcController(ObjectProvider<IdentityProvider> provider, PendingLogins pendingLogins, CitizenTokens tokens, Pseudonymiser pseudonymiser) {
    this.provider = provider;
    this.pendingLogins = pendingLogins;
    this.tokens = tokens;
    this.pseudonymiser = pseudonymiser;
  }

  /** Which sign-ins the wallet page should offer. */
  @GetMapping(value = "/api/v1/me/oidc", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("configured", provider.getIfAvailable() != null);
    out.put("login", "/api/v1/me/oidc/login");
    out.put("demoSignIn", tokens.demoSignIn());
    return out;
  }

  /** Starts a sign-in: a fresh state, nonce and PKCE verifier in a signed cookie, and a redirect to the provider. */
  @GetMapping("/api/v1/me/oidc/login")
  ResponseEntity<Void> login() {
    IdentityProvider idp = configured();
    PendingLogins.Pending p = pendingLogins.start();
    URI url;
    try {
      url = idp.loginUrl(p.state(), p.nonce(), p.challenge());
    } catch (IdentityProviderException e) {
      throw failed(e);
    }
    return ResponseEntity.status(HttpStatus.FOUND)
        .location(url)
        .header(HttpHeaders.SET_COOKIE, cookie(pendingLogins.encode(p), PendingLogins.LIFETIME))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .build();
  }

  /** Finishes a sign-in and sends the browser to the wallet with a session token in the fragment. */
  @GetMapping("/api/v1/me/oidc/callback")
  ResponseEntity<Void> callback(
      @RequestParam(required = false) String code,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String error,
      @CookieValue(name = PendingLogins.COOKIE, required = false) String cookie,
      HttpServletResponse response) {
    IdentityProvider idp = configured();
    PendingLogins.Pending p = pendingLogins.decode(cookie).orElseThrow(() -> ProblemException.malformed(
        "?state", "no sign-in is in progress in this browser, or it took longer than 10 minutes; start again at /api/v1/me/oidc/login"));
    if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.US_ASCII), p.state().getBytes(StandardCharsets.US_ASCII))) {
      throw ProblemException.malformed("?state", "the state does not match the sign-in started in this browser; start again at /api/v1/me/oidc/login");
    }
    // The state matched: this sign-in is used up whatever happens next.
    response.addHeader(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO));
    if (error != null) {
      // RFC 6749 §4.1.2.1: error codes are plain tokens; anything else is not echoed back.
      String shown = error.matches("[A-Za-z0-9_.-]{1,64}") ? error : "invalid";
      throw ProblemException.of(ErrorCode.UNAUTHENTICATED, "the identity provider did not sign you in: " + shown);
    }
    if (code == null || code.isEmpty()) {
      throw ProblemException.malformed("?code", "query parameter 'code' is required");
    }
    IdentityProvider.VerifiedIdentity id;
    try {
      id = idp.finish(code, p.verifier(), p.nonce());
    } catch (IdentityProviderException e) {
      throw failed(e);
    }
    if (!HolderIds.TYPES.contains(id.idType()) || !HolderIds.isValid(id.idType(), id.holderId())) {
      // The provider vouched for something that is no identifier we know: a claim mapping to fix, not the citizen's fault.
      log.warn("identity provider returned an unusable holder identifier {} of type {}", Pseudonymiser.mask(id.holderId()), id.idType());
      throw ProblemException.of(ErrorCode.IDENTITY_PROVIDER_FAILED,
          "the identity provider's answer holds no valid resident ID (111) or unified social credit code (001); check certhub.wallet.oidc.holder-id-claim and id-type-claim");
    }
    String name = id.name().codePointCount(0, id.name().length()) > MAX_NAME
        ? id.name().substring(0, id.name().offsetByCodePoints(0, MAX_NAME)) : id.name();
    String token = tokens.issue(pseudonymiser.of(id.holderId()), name);
    log.info("citizen signed in through the identity provider: {} {}", id.idType(), Pseudonymiser.mask(id.holderId()));
    return ResponseEntity.status(HttpStatus.FOUND)
        .location(URI.create("/wallet#token=" + token))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header("Referrer-Policy", "no-referrer")
        .build();
  }

  private IdentityProvider configured() {
    IdentityProvider idp = provider.getIfAvailable();
    if (idp == null) {
      throw ProblemException.of(ErrorCode.NOT_FOUND,
          "no identity provider is configured (certhub.wallet.oidc.issuer); citizens cannot sign in through OpenID Connect on this hub");
    }
    return idp;
  }

  private static ProblemException failed(IdentityProviderException e) {
    if (e.kind() == IdentityProviderException.Kind.REJECTED) {
      log.info("identity provider sign-in refused: {}", e.getMessage());
      return ProblemException.of(ErrorCode.UNAUTHENTICATED, "sign-in failed: " + e.getMessage());
    }
    return ProblemException.withCause(ErrorCode.IDENTITY_PROVIDER_FAILED, "the identity provider could not be used: " + e.getMessage(), e);
  }

  private static String cookie(String value, Duration maxAge) {
    return ResponseCookie.from(PendingLogins.COOKIE, value)
        .httpOnly(true)
        .secure(true)
        .sameSite("Lax")
        .path("/")
        .maxAge(maxAge)
        .build()
        .toString();
  }
}

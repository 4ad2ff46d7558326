package org.certhub.adapters.oidc;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.certhub.exchange.me.IdentityProvider;
import org.certhub.exchange.me.IdentityProviderException;
import org.certhub.exchange.me.IdentityProviderException.Kind;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link IdentityProvider} over OpenID Connect with the JDK's HTTP client: discovery, the authorization code
 * flow with PKCE S256, {@code client_secret_basic} at the token endpoint, and ID tokens verified against the
 * provider's JWKS ({@link IdTokenVerifier}). Discovery and keys are fetched on first use and cached, so the hub
 * starts even while the provider is down; an unknown {@code kid} refetches the JWKS once (key rotation).
 */
public final class OidcIdentityProvider implements IdentityProvider {
  /** Discovery and keys are fetched again after this long even without a rotation. */
  static final Duration CACHE = Duration.ofHours(1);
  private static final int MAX_BODY = 256 * 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final OidcSettings settings;
  private final HttpClient http;
  private final Clock clock;
  private final String issuer;
  private final IdTokenVerifier verifier;
  private volatile Discovery discovery;
  private volatile KeySet keySet;

  private record Discovery(URI authorization, URI token, URI jwks, Instant fetched) {}

  private record KeySet(List<Jwks.Key> keys, Instant fetched) {}

  /** With a client that follows no redirects and the settings' timeout. */
  public OidcIdentityProvider(OidcSettings settings, Clock clock) {
    this(settings, HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build(), clock);
  }

  /** With a given HTTP client (tests, or a proxy or trust store of the deployment's choosing). */
  public OidcIdentityProvider(OidcSettings settings, HttpClient http, Clock clock) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
    // OIDC Discovery §4.3: the issuer is compared exactly, as a string; configure it as the provider spells it.
    this.issuer = settings.issuer().toString();
    this.verifier = new IdTokenVerifier(issuer, settings.clientId(), clock);
  }

  @Override
  public URI loginUrl(String state, String nonce, String codeChallenge) throws IdentityProviderException {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", settings.clientId());
    q.put("redirect_uri", settings.redirectUri().toString());
    q.put("scope", settings.scope());
    q.put("state", state);
    q.put("nonce", nonce);
    q.put("code_challenge", codeChallenge);
    q.put("code_challenge_method", "S256");
    String endpoint = discovery().authorization().toString();
    return URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + form(q));
  }

  @Override
  public VerifiedIdentity finish(String code, String codeVerifier, String expectedNonce) throws IdentityProviderException {
    JsonNode claims = verifier.verify(redeem(code, codeVerifier), expectedNonce, this::key);
    String holderId = claim(claims, settings.holderIdClaim());
    String name = claim(claims, settings.nameClaim());
    if (holderId == null || name == null) {
      throw new IdentityProviderException(Kind.UNAVAILABLE, "the ID token lacks the claim "
          + (holderId == null ? settings.holderIdClaim() : settings.nameClaim()) + " (see certhub.wallet.oidc.*-claim)");
    }
    String idType = claim(claims, settings.idTypeClaim());
    return new VerifiedIdentity(holderId.trim().toUpperCase(java.util.Locale.ROOT), idType == null ? settings.defaultIdType() : idType.trim(), name.trim());
  }

  /** The token endpoint: code and verifier for an ID token. */
  private String redeem(String code, String codeVerifier) throws IdentityProviderException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", settings.redirectUri().toString());
    form.put("code_verifier", codeVerifier);
    // RFC 6749 §2.3.1: id and secret are form-encoded before they go into Basic.
    String basic = Base64.getEncoder().encodeToString(
        (URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8) + ":"
            + URLEncoder.encode(settings.clientSecret(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(discovery().token())
        .timeout(settings.timeout())
        .header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form(form)))
        .build();
    HttpResponse<String> r = send(request, "token endpoint");
    JsonNode body = parse(r.body());
    if (r.statusCode() != 200) {
      String error = body == null ? null : Jwks.text(body, "error");
      // invalid_grant: this code or verifier is bad (used, expired, swapped); anything else is the provider or our registration.
      Kind kind = r.statusCode() == 400 && "invalid_grant".equals(error) ? Kind.REJECTED : Kind.UNAVAILABLE;
      throw new IdentityProviderException(kind, "the token endpoint answered " + r.statusCode()
          + (error == null ? "" : " " + IdTokenVerifier.safe(error)));
    }
    String idToken = body == null ? null : Jwks.text(body, "id_token");
    if (idToken == null) {
      throw new IdentityProviderException(Kind.UNAVAILABLE, "the token endpoint's answer holds no id_token");
    }
    return idToken;
  }

  private Optional<Jwks.Key> key(String kid) throws IdentityProviderException {
    KeySet set = keySet;
    boolean justFetched = false;
    if (set == null || clock.instant().isAfter(set.fetched().plus(CACHE))) {
      set = fetchKeys();
      justFetched = true;
    }
    Optional<Jwks.Key> found = pick(set.keys(), kid);
    if (found.isEmpty() && !justFetched) {
      // An unknown kid: the provider may have rotated its keys since we fetched them. Once per token, not in a
      // loop; ID tokens come only from the token endpoint over TLS, so nobody else can make the hub refetch.
      found = pick(fetchKeys().keys(), kid);
    }
    return found;
  }

  private static Optional<Jwks.Key> pick(List<Jwks.Key> keys, String kid) {
    if (kid == null) {
      // No kid: only unambiguous when the provider publishes a single signing key.
      return keys.size() == 1 ? Optional.of(keys.get(0)) : Optional.empty();
    }
    return keys.stream().filter(k -> kid.equals(k.kid())).findFirst();
  }

  private synchronized KeySet fetchKeys() throws IdentityProviderException {
    HttpResponse<String> r = send(get(discovery().jwks()), "JWKS");
    JsonNode body = parse(r.body());
    if (r.statusCode() != 200 || body == null || !body.isObject()) {
      throw new IdentityProviderException(Kind.UNAVAILABLE, "the provider's JWKS answered " + r.statusCode() + " without a key set");
    }
    KeySet set = new KeySet(Jwks.parse(body), clock.instant());
    keySet = set;
    return set;
  }

  private Discovery discovery() throws IdentityProviderException {
    Discovery d = discovery;
    if (d != null && clock.instant().isBefore(d.fetched().plus(CACHE))) {
      return d;
    }
    synchronized (this) {
      URI uri = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
      HttpResponse<String> r;
      try {
        r = send(get(uri), "discovery");
      } catch (IdentityProviderException e) {
        if (d != null) {
          return d; // a provider briefly down keeps working with what it published before
        }
        throw e;
      }
      JsonNode body = parse(r.body());
      if (r.statusCode() != 200 || body == null || !body.isObject()) {
        throw new IdentityProviderException(Kind.UNAVAILABLE, "discovery at " + uri + " answered " + r.statusCode() + " without a JSON document");
      }
      if (!issuer.equals(Jwks.text(body, "issuer"))) {
        throw new IdentityProviderException(Kind.UNAVAILABLE,
            "discovery names the issuer " + IdTokenVerifier.safe(Jwks.text(body, "issuer")) + ", not the configured " + issuer);
      }
      JsonNode methods = body.get("code_challenge_methods_supported");
      if (methods != null && methods.isArray() && methods.valueStream().noneMatch(m -> "S256".equals(m.asString()))) {
        throw new IdentityProviderException(Kind.UNAVAILABLE, "the provider does not support PKCE S256");
      }
      d = new Discovery(endpoint(body, "authorization_endpoint"), endpoint(body, "token_endpoint"), endpoint(body, "jwks_uri"), clock.instant());
      discovery = d;
      return d;
    }
  }

  private static URI endpoint(JsonNode body, String member) throws IdentityProviderException {
    String v = Jwks.text(body, member);
    try {
      URI uri = v == null ? null : URI.create(v);
      if (uri != null && OidcSettings.secureOrLoopback(uri)) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // falls through to the refusal
    }
    throw new IdentityProviderException(Kind.UNAVAILABLE, "discovery has no usable https " + member);
  }

  private HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(settings.timeout()).header("Accept", "application/json").GET().build();
  }

  private HttpResponse<String> send(HttpRequest request, String what) throws IdentityProviderException {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (r.body().length() > MAX_BODY) {
        throw new IdentityProviderException(Kind.UNAVAILABLE, "the provider's " + what + " answer is too large");
      }
      return r;
    } catch (IOException e) {
      throw new IdentityProviderException(Kind.UNAVAILABLE, "the provider's " + what + " cannot be reached: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IdentityProviderException(Kind.UNAVAILABLE, "interrupted while calling the provider's " + what, e);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (JacksonException e) {
      return null;
    }
  }

  private static String claim(JsonNode claims, String name) {
    JsonNode v = claims.get(name);
    return v == null || v.isNull() || v.isContainer() ? null : v.asString();
  }

  private static String form(Map<String, String> params) {
    return params.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

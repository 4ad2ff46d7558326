package org.certhub.adapters.oidc;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the hub is registered at the identity provider and where the provider puts the holder's identity.
 *
 * @param issuer the provider's issuer URL exactly as in its ID tokens; discovery is at
 *     {@code issuer + /.well-known/openid-configuration}. https, or http on a loopback host (tests)
 * @param clientId the hub's client id at the provider
 * @param clientSecret the hub's client secret (sent with {@code client_secret_basic})
 * @param redirectUri the callback registered at the provider: {@code https://<host>/api/v1/me/oidc/callback}
 * @param scope the scopes asked for; must include {@code openid}
 * @param holderIdClaim the ID token claim with the holder's identifier (resident ID number or USCC)
 * @param idTypeClaim the claim with the GB/T 36903 identifier type ({@code 111}, {@code 001})
 * @param defaultIdType the type when the ID token has no {@code idTypeClaim}
 * @param nameClaim the claim with the person's or company's name
 * @param timeout connect and request timeout for every call to the provider
 */
public record OidcSettings(
    URI issuer,
    String clientId,
    String clientSecret,
    URI redirectUri,
    String scope,
    String holderIdClaim,
    String idTypeClaim,
    String defaultIdType,
    String nameClaim,
    Duration timeout) {

  /** Defaults: scope {@code openid profile}, claims {@code sub}, {@code id_type} (absent: {@code 111}), {@code name}; 10 s. */
  public static OidcSettings of(URI issuer, String clientId, String clientSecret, URI redirectUri) {
    return new OidcSettings(issuer, clientId, clientSecret, redirectUri, "openid profile", "sub", "id_type", "111", "name", Duration.ofSeconds(10));
  }

  public OidcSettings {
    Objects.requireNonNull(issuer, "issuer");
    requireSet(clientId, "client-id");
    requireSet(clientSecret, "client-secret");
    Objects.requireNonNull(redirectUri, "redirectUri");
    requireSet(holderIdClaim, "holder-id-claim");
    requireSet(idTypeClaim, "id-type-claim");
    requireSet(defaultIdType, "default-id-type");
    requireSet(nameClaim, "name-claim");
    Objects.requireNonNull(timeout, "timeout");
    if (scope == null || !(" " + scope + " ").contains(" openid ")) {
      throw new IllegalArgumentException("certhub.wallet.oidc.scope must include openid, but was: " + scope);
    }
    if (!secureOrLoopback(issuer)) {
      throw new IllegalArgumentException("certhub.wallet.oidc.issuer must be an https URL, but was: " + issuer);
    }
    if (!secureOrLoopback(redirectUri) || redirectUri.getFragment() != null) {
      throw new IllegalArgumentException(
          "certhub.wallet.oidc.redirect-uri must be https://<host>/api/v1/me/oidc/callback without a fragment, but was: " + redirectUri);
    }
  }

  private static void requireSet(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("certhub.wallet.oidc." + name + " must be set when certhub.wallet.oidc.issuer is");
    }
  }

  /** https, or plain http to this machine only (a stand-in provider in tests, never a real one). */
  static boolean secureOrLoopback(URI uri) {
    if (uri == null || uri.getHost() == null) {
      return false;
    }
    if ("https".equals(uri.getScheme())) {
      return true;
    }
    String host = uri.getHost();
    return "http".equals(uri.getScheme()) && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
  }

  /** The secret stays out of logs and error messages. */
  @Override
  public String toString() {
    return "OidcSettings[issuer=" + issuer + ", clientId=" + clientId + ", redirectUri=" + redirectUri + ", scope=" + scope
        + ", holderIdClaim=" + holderIdClaim + ", idTypeClaim=" + idTypeClaim + ", nameClaim=" + nameClaim + "]";
  }
}

package org.certhub.hub.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The wallet's sign-in through the citizens' identity provider ({@code certhub.wallet.oidc.*}; the README
 * lists them). Nothing is set by default: then only the demo sign-in exists, in demo mode.
 *
 * @param issuer the provider's issuer URL, exactly as it appears in its ID tokens; setting it switches the sign-in on
 * @param clientId the hub's client id at the provider
 * @param clientSecret the hub's client secret (from the environment: {@code CERTHUB_WALLET_OIDC_CLIENT_SECRET})
 * @param redirectUri the callback registered at the provider, {@code https://<host>/api/v1/me/oidc/callback}
 * @param scope the scopes asked for
 * @param holderIdClaim the ID token claim with the resident ID number or unified social credit code
 * @param idTypeClaim the claim with the identifier type, {@code 111} or {@code 001}
 * @param defaultIdType the type when the token has no such claim
 * @param nameClaim the claim with the person's or company's name
 * @param timeout per call to the provider
 */
@ConfigurationProperties("certhub.wallet.oidc")
public record WalletOidcProperties(
    URI issuer,
    String clientId,
    String clientSecret,
    URI redirectUri,
    @DefaultValue("openid profile") String scope,
    @DefaultValue("sub") String holderIdClaim,
    @DefaultValue("id_type") String idTypeClaim,
    @DefaultValue("111") String defaultIdType,
    @DefaultValue("name") String nameClaim,
    @DefaultValue("10s") Duration timeout) {

  /** The secret stays out of logs and failure analyses. */
  @Override
  public String toString() {
    return "WalletOidcProperties[issuer=" + issuer + ", clientId=" + clientId + ", redirectUri=" + redirectUri + "]";
  }
}

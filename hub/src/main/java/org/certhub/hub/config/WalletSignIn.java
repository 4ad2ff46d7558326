package org.certhub.hub.config;

import java.time.Clock;
import org.certhub.adapters.oidc.OidcIdentityProvider;
import org.certhub.adapters.oidc.OidcSettings;
import org.certhub.exchange.me.IdentityProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The wallet's identity provider: OpenID Connect when {@code certhub.wallet.oidc.issuer} is set, none otherwise. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WalletOidcProperties.class)
public class WalletSignIn {
  private static final Logger log = LoggerFactory.getLogger(WalletSignIn.class);

  @Bean
  @ConditionalOnProperty(prefix = "certhub.wallet.oidc", name = "issuer")
  IdentityProvider identityProvider(WalletOidcProperties p, Clock clock) {
    OidcSettings settings = new OidcSettings(
        p.issuer(), p.clientId(), p.clientSecret(), p.redirectUri(), p.scope(), p.holderIdClaim(), p.idTypeClaim(), p.defaultIdType(),
        p.nameClaim(), p.timeout());
    log.info("wallet sign-in through OpenID Connect: {}", settings);
    return new OidcIdentityProvider(settings, clock);
  }
}

package org.certhub.exchange.me;

import java.net.URI;

/**
 * Port to the citizens' identity provider (统一身份认证), used for the wallet's production sign-in: the
 * authorization code flow with PKCE. Implementations live in {@code adapters/*} and do the network work and
 * all token validation; the exchange only keeps state and turns a verified identity into a session.
 */
public interface IdentityProvider {

  /**
   * Where to send the citizen's browser to sign in.
   *
   * @param state opaque value the provider echoes back to the callback (CSRF protection)
   * @param nonce value the provider must put into the ID token (replay protection)
   * @param codeChallenge the PKCE S256 challenge: base64url(SHA-256(verifier)) without padding
   * @throws IdentityProviderException when the provider's configuration cannot be obtained
   */
  URI loginUrl(String state, String nonce, String codeChallenge) throws IdentityProviderException;

  /**
   * Redeems an authorization code and verifies the ID token that comes back.
   *
   * @param code the code the provider sent to the callback
   * @param codeVerifier the PKCE verifier whose challenge went into {@link #loginUrl}
   * @param expectedNonce the nonce that went into {@link #loginUrl}
   * @return the identity the provider vouches for
   * @throws IdentityProviderException when the code is refused, the provider fails, or the ID token does not verify
   */
  VerifiedIdentity finish(String code, String codeVerifier, String expectedNonce) throws IdentityProviderException;

  /**
   * A holder as the identity provider vouches for them.
   *
   * @param holderId the identifier (resident ID number or unified social credit code); personal data
   * @param idType the GB/T 36903 identifier type, {@code 111} resident ID or {@code 001} USCC
   * @param name the person's or company's name
   */
  record VerifiedIdentity(String holderId, String idType, String name) {
    /** Masks the identifier, so a logged identity reveals no ID number. */
    @Override
    public String toString() {
      return "VerifiedIdentity[holderId=" + org.certhub.exchange.audit.Pseudonymiser.mask(holderId) + ", idType=" + idType + ", name=" + name + "]";
    }
  }
}

package org.certhub.exchange.me;

/**
 * A sign-in through the identity provider failed. {@link Kind} tells the caller whose fault it is: the
 * citizen's sign-in was refused (answer 401) or the provider could not be used (answer 502).
 */
public final class IdentityProviderException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the sign-in failed. */
  public enum Kind {
    /** The provider or the hub refused this sign-in: bad or used code, wrong PKCE verifier, an ID token that does not verify. */
    REJECTED,
    /** The provider is unreachable, misconfigured or answered something unusable. */
    UNAVAILABLE
  }

  private final Kind kind;

  /** A failure; {@code message} must hold no personal data (it reaches the caller and the log). */
  public IdentityProviderException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** A failure with a lower-level cause. */
  public IdentityProviderException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** Whose fault: the sign-in's (401) or the provider's (502). */
  public Kind kind() {
    return kind;
  }
}

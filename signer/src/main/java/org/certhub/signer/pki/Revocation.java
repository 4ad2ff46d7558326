package org.certhub.signer.pki;

import java.time.Instant;
import java.util.Objects;

/**
 * That a certificate was revoked, when, and why.
 *
 * @param revokedAt when the revocation took effect
 * @param reason the RFC 5280 §5.3.1 CRLReason code (0 unspecified, 1 keyCompromise, 4 superseded,
 *     5 cessationOfOperation, …)
 */
public record Revocation(Instant revokedAt, int reason) {

  /** RFC 5280 CRLReason keyCompromise: nothing signed with the key can be trusted any more. */
  public static final int KEY_COMPROMISE = 1;

  public Revocation {
    Objects.requireNonNull(revokedAt, "revokedAt");
    if (reason < 0 || reason > 10 || reason == 7) {
      throw new IllegalArgumentException("reason must be an RFC 5280 CRLReason (0-10, not 7), but was: " + reason);
    }
  }

  /**
   * Whether a signature made at {@code signedAt} with the revoked key must be rejected: always after
   * a key compromise (the signing time itself may be forged), otherwise when made at or after the
   * revocation.
   *
   * @param signedAt the signing time the signed object states
   * @return true if the revocation invalidates that signature
   */
  public boolean invalidates(Instant signedAt) {
    return reason == KEY_COMPROMISE || !signedAt.isBefore(revokedAt);
  }
}

package org.certhub.exchange.consent;

import java.time.Instant;
import java.util.Objects;

/**
 * A holder's consent for one department and one matter.
 *
 * @param id stable identifier, named by every pull that relies on it
 * @param holder the holder's pseudonym (never the clear identifier)
 * @param department the department allowed
 * @param matter the matter it is allowed for
 * @param channel {@code wallet} or {@code counter}
 * @param grantedAt when the holder granted it
 * @param expiresAt when it lapses
 * @param revokedAt when the holder revoked it, or null
 */
public record Consent(
    String id, String holder, String department, String matter, String channel, Instant grantedAt, Instant expiresAt,
    Instant revokedAt) {
  public Consent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(department, "department");
    Objects.requireNonNull(matter, "matter");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(grantedAt, "grantedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** {@code active}, {@code expired} or {@code revoked} at {@code now}. */
  public String state(Instant now) {
    if (revokedAt != null) {
      return "revoked";
    }
    return now.isBefore(expiresAt) ? "active" : "expired";
  }
}

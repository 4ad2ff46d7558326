package org.certhub.exchange.seal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A seal in the registry.
 *
 * @param esId the seal's code ({@code esID}), the registry key
 * @param department the owning department's code
 * @param name the seal's name
 * @param type the seal type written in the seal
 * @param createdAt when the seal was made ({@code createDate})
 * @param validStart start of the validity window
 * @param validEnd end of the validity window
 * @param revokedAt when the seal was revoked, or null
 * @param revocationReason why, or null
 * @param der the DER {@code SESeal}
 */
public record RegisteredSeal(String esId, String department, String name, int type, Instant createdAt, Instant validStart,
    Instant validEnd, Instant revokedAt, String revocationReason, byte[] der) {

  /** Validates the members. */
  public RegisteredSeal {
    Objects.requireNonNull(esId, "esId");
    Objects.requireNonNull(department, "department");
    Objects.requireNonNull(der, "der");
  }

  /** {@code valid}, {@code revoked}, {@code expired} or {@code not_yet_valid} at {@code now}. */
  String statusAt(Instant now) {
    if (revokedAt != null && !revokedAt.isAfter(now)) {
      return "revoked";
    }
    if (now.isAfter(validEnd)) {
      return "expired";
    }
    return now.isBefore(validStart) ? "not_yet_valid" : "valid";
  }

  /** The seal as the API lists it (without the DER, which {@code GET /api/v1/seals/{esID}} serves). */
  Map<String, Object> summary(Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("esID", esId);
    m.put("department", department);
    m.put("name", name);
    m.put("type", type);
    m.put("createdAt", createdAt.toString());
    m.put("validFrom", validStart.toString());
    m.put("validTo", validEnd.toString());
    m.put("status", statusAt(now));
    if (revokedAt != null) {
      m.put("revokedAt", revokedAt.toString());
      m.put("revocationReason", revocationReason);
    }
    return m;
  }
}

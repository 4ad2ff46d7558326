package org.certhub.exchange.subscription;

import java.time.Instant;
import java.util.Objects;

/**
 * An event in the outbox.
 *
 * @param id the event id, the same in every delivery of it
 * @param type {@code licence.*}, {@code seal.revoked} or {@code supervision.alert}
 * @param occurredAt when it happened
 * @param holderKey for licence events, the holder's pseudonym (who may hear of it is decided by it); else null
 * @param licenceType for licence events, the licence type; else null
 * @param payload the event's own members as a JSON object (the delivery adds id, subscription and matter)
 */
public record Event(String id, String type, Instant occurredAt, String holderKey, String licenceType, String payload) {
  /** The type of supervision alerts. */
  public static final String SUPERVISION_ALERT = "supervision.alert";
  /** The type of a seal's revocation (its payload: {@code {"seal": {esId, department, status, revokedAt}}}). */
  public static final String SEAL_REVOKED = "seal.revoked";

  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(payload, "payload");
  }

  /** Whether this is a licence lifecycle event. */
  public boolean aboutLicence() {
    return type.startsWith("licence.");
  }

  /** Whether this is a seal lifecycle event. */
  public boolean aboutSeal() {
    return type.startsWith("seal.");
  }
}

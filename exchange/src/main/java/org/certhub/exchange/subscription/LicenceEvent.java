package org.certhub.exchange.subscription;

import java.time.Instant;
import java.util.Objects;

/**
 * A licence lifecycle event.
 *
 * @param id the event id, the same in every delivery of it
 * @param type {@code licence.issued}, {@code licence.updated}, {@code licence.revoked} or {@code licence.expired}
 * @param occurredAt when it happened
 * @param licenceId the licence (for an update, the new version)
 * @param licenceType its type code
 * @param holderKey the holder's pseudonym, to find the departments that pulled the holder's licences
 * @param holderId the holder's identifier, sent only to departments that already pulled this holder's licence
 * @param previousId the version an update replaced, or null
 * @param status the licence's status after the event
 */
public record LicenceEvent(
    String id, String type, Instant occurredAt, String licenceId, String licenceType, String holderKey, String holderId, String previousId,
    String status) {
  /** The event types a subscription can ask for. */
  public static final java.util.List<String> TYPES = java.util.List.of("licence.issued", "licence.updated", "licence.revoked", "licence.expired");

  public LicenceEvent {
    Objects.requireNonNull(id, "id");
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("event type must be one of " + TYPES + ", but was: " + type);
    }
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(licenceId, "licenceId");
    Objects.requireNonNull(licenceType, "licenceType");
    Objects.requireNonNull(holderKey, "holderKey");
    Objects.requireNonNull(holderId, "holderId");
    Objects.requireNonNull(status, "status");
  }

  /** The outbox form: the licence and holder go into the payload; pseudonym and type decide who hears of it. */
  Event toEvent() {
    tools.jackson.databind.node.ObjectNode n = tools.jackson.databind.json.JsonMapper.builder().build().createObjectNode();
    tools.jackson.databind.node.ObjectNode l = n.putObject("licence");
    l.put("id", licenceId);
    l.put("type", licenceType);
    l.put("status", status);
    if (previousId != null) {
      l.put("previousId", previousId);
    }
    n.putObject("holder").put("id", holderId);
    return new Event(id, type, occurredAt, holderKey, licenceType, n.toString());
  }
}

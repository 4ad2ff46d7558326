package org.certhub.exchange.subscription;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A department's subscription: to lifecycle events of the licences it pulled for one matter, or (an auditor's) to
 * supervision alerts.
 *
 * @param id stable identifier
 * @param department the subscribing department
 * @param matter the matter whose pulls it covers, or null for an auditor's subscription to supervision alerts
 * @param callbackUrl where webhooks go
 * @param secret the Standard Webhooks secret ({@code whsec_<base64>}), shown to the department once
 * @param events the event types it wants
 * @param createdAt when it was made
 * @param cancelledAt when the department cancelled it, or null
 */
public record Subscription(
    String id, String department, String matter, String callbackUrl, String secret, List<String> events, Instant createdAt, Instant cancelledAt) {
  public Subscription {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(department, "department");
    Objects.requireNonNull(callbackUrl, "callbackUrl");
    Objects.requireNonNull(secret, "secret");
    events = List.copyOf(events);
    Objects.requireNonNull(createdAt, "createdAt");
  }
}

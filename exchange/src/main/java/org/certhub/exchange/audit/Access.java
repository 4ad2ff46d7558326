package org.certhub.exchange.audit;

import java.util.Objects;

/**
 * One access to a holder's data, as recorded in the ledger. The holder appears only as its pseudonym.
 *
 * @param action what was done: {@code licence.issue}, {@code pull}, {@code audit.query}
 * @param department code of the department that acted
 * @param holder pseudonym of the holder whose data was touched, or null
 * @param licenceType licence type code, or null
 * @param licenceId licence identifier, or null
 * @param matter matter code the access was for, or null
 * @param outcome {@code allowed}, {@code denied} or {@code not_found}
 * @param rule the rule that refused, or the policy id that allowed, or null
 * @param requestId the hub's id for the request
 */
public record Access(
    String action,
    String department,
    String holder,
    String licenceType,
    String licenceId,
    String matter,
    String outcome,
    String rule,
    String requestId) {
  public Access {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(department, "department");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(requestId, "requestId");
    if (holder != null && !holder.startsWith("hmac-sha256:")) {
      throw new IllegalArgumentException("holder must be a pseudonym, never a plain identifier");
    }
  }
}

package org.certhub.exchange.policy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A sharing grant (共享授权): the consumer may pull the listed fields of one licence type for one matter.
 * Anything not granted is denied.
 *
 * @param id stable identifier, cited in ledger entries and refusals
 * @param consumer code of the consuming department
 * @param licenceType the licence type it may pull
 * @param matter the matter the pull must be for
 * @param fields the licence fields it may see; nothing else leaves the hub
 * @param legalBasis the law or regulation that allows the pull
 * @param validUntil when the grant lapses, or null for a grant without end
 * @param withdrawnAt when an operator withdrew it, or null; withdrawn grants stay as history
 */
public record Policy(
    String id, String consumer, String licenceType, String matter, List<String> fields, String legalBasis, Instant validUntil,
    Instant withdrawnAt) {
  public Policy {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(consumer, "consumer");
    Objects.requireNonNull(licenceType, "licenceType");
    Objects.requireNonNull(matter, "matter");
    Objects.requireNonNull(legalBasis, "legalBasis");
    fields = List.copyOf(fields);
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("a policy must grant at least one field");
    }
  }

  /** A grant without end. */
  public Policy(String id, String consumer, String licenceType, String matter, List<String> fields, String legalBasis) {
    this(id, consumer, licenceType, matter, fields, legalBasis, null, null);
  }

  /** Whether the grant has lapsed at {@code now}. */
  public boolean expiredAt(Instant now) {
    return validUntil != null && !now.isBefore(validUntil);
  }
}

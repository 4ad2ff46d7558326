package org.certhub.hub.config;

import java.time.Duration;
import java.time.Instant;
import org.certhub.ledger.Ledger;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} is DOWN while the ledger cannot append (pulls and checks are 503 then, by design), so
 * load balancers and operators see it; it comes back UP by itself when the journal recovers.
 */
@Component("ledgerHealthIndicator")
class LedgerHealth implements HealthIndicator {
  private final Ledger ledger;

  LedgerHealth(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public Health health() {
    if (!ledger.appendable()) {
      return Health.down().withDetail("journal", "refusing appends after a failed write; retrying every second").build();
    }
    Instant signed = ledger.latestCheckpointTime();
    return Health.up().withDetail("size", ledger.size())
        .withDetail("checkpointAge", signed == null ? "none" : Duration.between(signed, Instant.now()).toString()).build();
  }
}

package org.certhub.adapters.fabric;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code /actuator/health} component {@code fabric}: the outcome of the last anchoring, without calling the channel
 * (a probe must stay cheap). UP when it landed or none was due yet; else {@code DEGRADED}: the hub serves on and the
 * ledger retries at its next interval; a refusal that means a fork ({@code forked: true}) needs an operator. The licence
 * status relay adds its backlog ({@code statusPending}, one indexed count) and, while it fails, {@code statusError}
 * (DEGRADED too).
 */
public final class FabricHealth implements HealthIndicator {
  /** The hub works; checkpoints are not reaching the channel. */
  public static final Status DEGRADED = new Status("DEGRADED", "checkpoints are not anchored on the Fabric channel");

  private final FabricAnchor anchor;
  private final FabricSettings settings;
  private final StatusRelay relay;

  /** @param relay the licence status relay, or null when none runs */
  public FabricHealth(FabricAnchor anchor, FabricSettings settings, StatusRelay relay) {
    this.anchor = anchor;
    this.settings = settings;
    this.relay = relay;
  }

  @Override
  public Health health() {
    FabricAnchor.Outcome o = anchor.lastOutcome();
    String statusError = relay == null ? null : relay.lastError();
    Health.Builder b = ((o == null || o.landed()) && statusError == null ? Health.up() : Health.status(DEGRADED))
        .withDetail("endpoint", settings.endpoint()).withDetail("channel", settings.channel())
        .withDetail("chaincode", settings.chaincode()).withDetail("mspId", settings.mspId());
    if (relay != null) {
      Object pending;
      try {
        pending = relay.pending();
      } catch (RuntimeException e) {
        pending = "unknown (" + e.getClass().getSimpleName() + ")"; // the database has its own health component
      }
      b.withDetail("statusPending", pending).withDetail("statusRefused", relay.refusedCount());
      if (statusError != null) {
        b.withDetail("statusError", statusError);
      }
    }
    if (o == null) {
      return b.withDetail("lastAnchor", "none yet").build();
    }
    b.withDetail("lastAnchorAt", o.at().toString()).withDetail("lastAnchorSize", o.size());
    if (!o.landed()) {
      b.withDetail("error", o.error()).withDetail("forked", o.forked());
      if (o.refusal() != null) {
        b.withDetail("code", o.refusal());
      }
    }
    return b.build();
  }
}

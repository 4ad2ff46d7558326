package org.certhub.adapters.kafka;

import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code /actuator/health} component {@code kafka}: UP when the cluster answers, else {@code DEGRADED} (not DOWN: the
 * hub works on and the events wait in the outbox until Kafka is back). Details: where, topic, how many events wait,
 * when this instance last published, the last error.
 */
public final class KafkaHealth implements HealthIndicator {
  /** The hub works; lifecycle events wait in the outbox. */
  public static final Status DEGRADED = new Status("DEGRADED", "Kafka is unreachable");

  private final OutboxRelay relay;

  public KafkaHealth(OutboxRelay relay) {
    this.relay = relay;
  }

  @Override
  public Health health() {
    Optional<Integer> nodes = relay.clusterNodes(Duration.ofSeconds(1));
    Health.Builder b = nodes.isPresent() && relay.lastError() == null ? Health.up().withDetail("nodes", nodes.get()) : Health.status(DEGRADED)
        .withDetail("effect", "lifecycle events stay in the outbox and are published when Kafka is back; retrying with backoff up to "
            + relay.settings().maxBackoff());
    b.withDetail("bootstrapServers", relay.settings().bootstrapServers()).withDetail("topic", relay.settings().topic());
    try {
      b.withDetail("pendingEvents", relay.pending());
    } catch (RuntimeException e) {
      b.withDetail("pendingEvents", "unknown (database unavailable)");
    }
    if (relay.lastPublishedAt() != null) {
      b.withDetail("lastPublishedAt", relay.lastPublishedAt().toString());
    }
    if (relay.lastError() != null) {
      b.withDetail("error", relay.lastError());
    } else if (nodes.isEmpty()) {
      b.withDetail("error", "the cluster did not answer within 1 s");
    }
    return b.build();
  }
}

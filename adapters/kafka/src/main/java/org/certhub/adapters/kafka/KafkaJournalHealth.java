package org.certhub.adapters.kafka;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code /actuator/health} component {@code ledgerJournal}: DOWN when this instance's replica stopped applying the
 * journal (it then answers no access: nothing can be recorded), else UP; details: topic, offset applied, whether this
 * instance is the active sequencer or a standby.
 */
public final class KafkaJournalHealth implements HealthIndicator {
  private final KafkaJournal journal;
  private final JournalSequencer sequencer;

  public KafkaJournalHealth(KafkaJournal journal, JournalSequencer sequencer) {
    this.journal = journal;
    this.sequencer = sequencer;
  }

  @Override
  public Health health() {
    Health.Builder b = journal.failure() == null ? Health.up() : Health.down().withDetail("error", journal.failure());
    b.withDetail("topic", journal.settings().topic()).withDetail("instance", journal.settings().instanceId())
        .withDetail("appliedOffset", journal.appliedOffset()).withDetail("size", journal.size())
        .withDetail("sequencer", sequencer.active() ? "active" : "standby");
    if (journal.lastError() != null) {
      b.withDetail("lastError", journal.lastError());
    }
    if (sequencer.lastError() != null) {
      b.withDetail("sequencerError", sequencer.lastError());
    }
    return b.build();
  }
}

package org.certhub.exchange.subscription;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.certhub.exchange.audit.Access;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.audit.Supervision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Raises electronic-supervision alerts as events: every interval the last 24 hours are scanned ({@link Supervision});
 * an alert not yet raised today (per kind, department and matter) becomes a ledger entry and an outbox event that
 * auditors' subscriptions receive as a webhook.
 */
@Component
class SupervisionAlerts {
  private static final Logger log = LoggerFactory.getLogger(SupervisionAlerts.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final Supervision supervision;
  private final EventOutbox outbox;
  private final AccessLog accessLog;
  private final Clock clock;
  private final TransactionTemplate transaction;

  SupervisionAlerts(Supervision supervision, EventOutbox outbox, AccessLog accessLog, Clock clock, PlatformTransactionManager transactions) {
    this.transaction = new TransactionTemplate(transactions);
    this.supervision = supervision;
    this.outbox = outbox;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  @Scheduled(initialDelayString = "${certhub.supervision.interval:PT1M}", fixedDelayString = "${certhub.supervision.interval:PT1M}")
  void scheduled() {
    try {
      // Marking an alert raised and publishing its event commit together.
      int raised = transaction.execute(status -> raise());
      if (raised > 0) {
        log.info("raised {} supervision alert(s)", raised);
      }
    } catch (RuntimeException e) {
      log.warn("supervision scan deferred: {}", e.getMessage());
    }
  }

  /** One scan; returns how many new alerts were raised. */
  int raise() {
    Instant now = clock.instant();
    LocalDate day = LocalDate.ofInstant(now, java.time.ZoneId.of("Asia/Shanghai"));
    int n = 0;
    accessLog.awaitIndexed();
    for (Supervision.Alert a : supervision.scan(now, Duration.ofHours(24))) {
      String eventId = "evt-" + UUID.randomUUID();
      if (!outbox.raiseOnce(a.kind(), a.department(), a.matter(), day, now, eventId)) {
        continue;
      }
      accessLog.record(new Access(Event.SUPERVISION_ALERT, a.department(), null, null, null, a.matter(), "flagged", a.kind(),
          UUID.randomUUID().toString()).about(a.detail(), null, null));
      ObjectNode payload = JSON.createObjectNode();
      ObjectNode alert = payload.putObject("alert");
      alert.put("kind", a.kind());
      alert.put("department", a.department());
      if (a.matter() != null) {
        alert.put("matter", a.matter());
      }
      alert.put("count", a.count());
      alert.put("detail", a.detail());
      outbox.publish(new Event(eventId, Event.SUPERVISION_ALERT, now, null, null, payload.toString()));
      n++;
    }
    return n;
  }
}

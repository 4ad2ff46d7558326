package org.certhub.exchange.subscription;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.certhub.exchange.audit.Access;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.department.Role;
import org.certhub.exchange.matter.Matter;
import org.certhub.exchange.matter.MatterRepository;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.JsonBody;
import org.certhub.exchange.web.ProblemException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/subscriptions}: a consuming department subscribes to lifecycle events of the licences it pulls for a
 * matter it handles. Only its own subscriptions are visible to it; another department's id answers 404.
 */
@RestController
class SubscriptionController {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SubscriptionRepository subscriptions;
  private final EventOutbox outbox;
  private final MatterRepository matters;
  private final WebhookDispatcher dispatcher;
  private final AccessLog accessLog;
  private final Clock clock;

  SubscriptionController(
      SubscriptionRepository subscriptions, EventOutbox outbox, MatterRepository matters, WebhookDispatcher dispatcher, AccessLog accessLog,
      Clock clock) {
    this.subscriptions = subscriptions;
    this.outbox = outbox;
    this.matters = matters;
    this.dispatcher = dispatcher;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  /**
   * {@code {"matter", "callbackUrl", "events"?: [licence.*]}} for a consuming department, or {@code {"callbackUrl",
   * "events": ["supervision.alert"]}} for an auditor; the answer carries the webhook secret, shown only here.
   */
  @PostMapping(value = "/api/v1/subscriptions", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> subscribe(Caller caller, @RequestBody JsonNode body) {
    JsonBody b = JsonBody.of(body).only(Set.of("matter", "callbackUrl", "events"));
    List<String> allowed = new java.util.ArrayList<>(LicenceEvent.TYPES);
    allowed.add(Event.SUPERVISION_ALERT);
    List<String> events = body.has("events") ? b.stringList("events", allowed.size()) : LicenceEvent.TYPES;
    for (int i = 0; i < events.size(); i++) {
      if (!allowed.contains(events.get(i))) {
        throw ProblemException.malformed("/events/" + i, "/events/" + i + " must be one of " + allowed + ", but was: "
            + JsonBody.truncate(events.get(i)));
      }
    }
    String matterCode = null;
    if (events.contains(Event.SUPERVISION_ALERT)) {
      caller.require(Role.AUDIT);
      if (events.size() > 1 || body.has("matter")) {
        throw ProblemException.malformed(body.has("matter") ? "/matter" : "/events", "a supervision subscription takes only"
            + " \"events\": [\"supervision.alert\"] and no matter; subscribe to licence events separately");
      }
    } else {
      caller.require(Role.PULL);
      Matter matter = matters.find(b.identifier("matter")).orElseThrow(() -> ProblemException.malformed("/matter", "/matter names no known matter"));
      if (!matter.handlers().contains(caller.code())) {
        throw ProblemException.denied(ErrorCode.POLICY_DENIED, "matter.handler", "department " + caller.code() + " does not handle matter "
            + matter.code() + ", so it cannot subscribe to its licences");
      }
      matterCode = matter.code();
    }
    String url = b.string("callbackUrl");
    String why = dispatcher.refuse(url);
    if (why != null) {
      throw ProblemException.malformed("/callbackUrl", "/callbackUrl cannot receive webhooks: " + why);
    }
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    Subscription s = new Subscription("sub-" + UUID.randomUUID(), caller.code(), matterCode, url,
        "whsec_" + Base64.getEncoder().encodeToString(key), events, clock.instant(), null);
    subscriptions.add(s);
    record(caller, "subscription.create", s);
    Map<String, Object> out = view(s);
    out.put("secret", s.secret());
    return ResponseEntity.status(201).body(out);
  }

  @GetMapping(value = "/api/v1/subscriptions", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> list(Caller caller) {
    return Map.of("subscriptions", subscriptions.byDepartment(caller.code()).stream().map(SubscriptionController::view).toList());
  }

  /** One subscription with its latest deliveries (status, attempts, last error). */
  @GetMapping(value = "/api/v1/subscriptions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> get(Caller caller, @PathVariable String id) {
    Subscription s = own(caller, id);
    Map<String, Object> out = view(s);
    out.put("deliveries", outbox.deliveries(s.id(), 100));
    return out;
  }

  @DeleteMapping("/api/v1/subscriptions/{id}")
  ResponseEntity<Void> cancel(Caller caller, @PathVariable String id) {
    Subscription s = own(caller, id);
    if (!subscriptions.cancel(s.id(), caller.code(), clock.instant())) {
      throw ProblemException.of(ErrorCode.CONFLICT, "subscription " + s.id() + " is already cancelled");
    }
    record(caller, "subscription.cancel", s);
    return ResponseEntity.noContent().build();
  }

  private Subscription own(Caller caller, String id) {
    return subscriptions.find(id, caller.code())
        .orElseThrow(() -> ProblemException.of(ErrorCode.NOT_FOUND, "department " + caller.code() + " has no subscription " + JsonBody.truncate(id)));
  }

  private static Map<String, Object> view(Subscription s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    if (s.matter() != null) {
      m.put("matter", s.matter());
    }
    m.put("callbackUrl", s.callbackUrl());
    m.put("events", s.events());
    m.put("createdAt", s.createdAt().toString());
    if (s.cancelledAt() != null) {
      m.put("cancelledAt", s.cancelledAt().toString());
    }
    return m;
  }

  private void record(Caller caller, String action, Subscription s) {
    accessLog.record(new Access(action, caller.code(), null, null, null, s.matter(), "allowed", s.id(), UUID.randomUUID().toString())
        .by(caller.certificateFingerprint(), null));
  }
}

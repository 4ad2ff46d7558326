package org.certhub.exchange.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.certhub.exchange.audit.Access;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.department.Department;
import org.certhub.exchange.department.DepartmentRepository;
import org.certhub.exchange.matter.Matter;
import org.certhub.exchange.matter.MatterRepository;
import org.certhub.exchange.me.CitizenTokens;
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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The signed-in holder's consents under {@code /api/v1/me/consents}: grant (from the wallet, or as a consent
 * QR for the counter), list, revoke. Each grant and revocation is a ledger entry about the holder.
 */
@RestController
class ConsentController {
  private static final Duration DEFAULT_LIFETIME = Duration.ofDays(30);
  private static final Duration COUNTER_LIFETIME = Duration.ofHours(2);
  private final CitizenTokens tokens;
  private final ConsentService consents;
  private final DepartmentRepository departments;
  private final MatterRepository matters;
  private final AccessLog accessLog;
  private final Clock clock;

  ConsentController(
      CitizenTokens tokens, ConsentService consents, DepartmentRepository departments, MatterRepository matters, AccessLog accessLog,
      Clock clock) {
    this.clock = clock;
    this.tokens = tokens;
    this.consents = consents;
    this.departments = departments;
    this.matters = matters;
    this.accessLog = accessLog;
  }

  /**
   * {@code {"department", "matter", "channel"?: "wallet"|"counter", "minutes"?}}: a wallet consent lasts 30 days
   * by default, a counter consent 2 hours; the answer carries the consent QR text as {@code token}.
   */
  @PostMapping(value = "/api/v1/me/consents", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> grant(@RequestHeader(value = "Authorization", required = false) String authorization,
      @RequestBody JsonNode body) {
    CitizenTokens.Citizen citizen = tokens.require(authorization);
    JsonBody b = JsonBody.of(body).only(Set.of("department", "matter", "channel", "minutes"));
    String channel = b.optionalString("channel") == null ? "wallet" : b.optionalString("channel");
    if (!Set.of("wallet", "counter").contains(channel)) {
      throw ProblemException.malformed("/channel", "/channel must be wallet or counter, but was: " + JsonBody.truncate(channel));
    }
    Duration lifetime = "counter".equals(channel) ? COUNTER_LIFETIME : DEFAULT_LIFETIME;
    JsonNode minutes = body.get("minutes");
    if (minutes != null) {
      if (!minutes.isIntegralNumber() || minutes.asLong() < 1 || minutes.asLong() > ConsentService.MAX_LIFETIME.toMinutes()) {
        throw ProblemException.malformed("/minutes", "/minutes must be a whole number from 1 to " + ConsentService.MAX_LIFETIME.toMinutes()
            + ", but was: " + JsonBody.truncate(minutes.toString()));
      }
      lifetime = Duration.ofMinutes(minutes.asLong());
    }
    Department department = departments.find(b.identifier("department"))
        .orElseThrow(() -> ProblemException.malformed("/department", "/department names no registered department"));
    Matter matter = matters.find(b.identifier("matter"))
        .orElseThrow(() -> ProblemException.malformed("/matter", "/matter names no known matter"));
    if (!matter.handlers().contains(department.code())) {
      throw ProblemException.malformed("/department", "department " + department.code() + " does not handle matter " + matter.code()
          + ", so a consent for it would never be used");
    }
    Consent c = consents.grant(citizen.pseudonym(), department.code(), matter.code(), lifetime, channel);
    record(citizen, "consent.grant", c);
    return ResponseEntity.status(201).body(view(c, consents.token(c), clock.instant()));
  }

  @GetMapping(value = "/api/v1/me/consents", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> list(@RequestHeader(value = "Authorization", required = false) String authorization) {
    CitizenTokens.Citizen citizen = tokens.require(authorization);
    Instant now = clock.instant();
    List<Map<String, Object>> rows = consents.of(citizen.pseudonym(), 200).stream().map(c -> view(c, null, now)).toList();
    return Map.of("consents", rows);
  }

  @DeleteMapping("/api/v1/me/consents/{id}")
  ResponseEntity<Void> revoke(@RequestHeader(value = "Authorization", required = false) String authorization, @PathVariable String id) {
    CitizenTokens.Citizen citizen = tokens.require(authorization);
    Consent c = consents.find(citizen.pseudonym(), id)
        .orElseThrow(() -> ProblemException.of(ErrorCode.NOT_FOUND, "you have no consent with id " + JsonBody.truncate(id)));
    if (!consents.revoke(citizen.pseudonym(), id)) {
      throw ProblemException.of(ErrorCode.CONFLICT, "consent " + c.id() + " is already revoked");
    }
    record(citizen, "consent.revoke", c);
    return ResponseEntity.noContent().build();
  }

  private Map<String, Object> view(Consent c, String token, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("department", Map.of("code", c.department(), "name", departments.find(c.department()).map(Department::name).orElse(c.department())));
    m.put("matter", Map.of("code", c.matter(), "name", matters.find(c.matter()).map(Matter::name).orElse(c.matter())));
    m.put("channel", c.channel());
    m.put("grantedAt", c.grantedAt().toString());
    m.put("expiresAt", c.expiresAt().toString());
    if (c.revokedAt() != null) {
      m.put("revokedAt", c.revokedAt().toString());
    }
    m.put("state", c.state(now));
    if (token != null) {
      m.put("token", token);
    }
    return m;
  }

  private void record(CitizenTokens.Citizen citizen, String action, Consent c) {
    accessLog.record(new Access(action, "citizen", citizen.pseudonym(), null, null, c.matter(), "allowed", c.department(),
        UUID.randomUUID().toString()).withConsent(c.id()));
  }
}

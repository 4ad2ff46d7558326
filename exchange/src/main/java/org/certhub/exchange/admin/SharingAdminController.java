package org.certhub.exchange.admin;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.certhub.exchange.audit.Access;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.catalogue.CatalogueRepository;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.department.Department;
import org.certhub.exchange.department.DepartmentRepository;
import org.certhub.exchange.department.Role;
import org.certhub.exchange.matter.Matter;
import org.certhub.exchange.matter.MatterRepository;
import org.certhub.exchange.policy.Policy;
import org.certhub.exchange.policy.PolicyRepository;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.JsonBody;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.licence.FieldSpec;
import org.certhub.signer.licence.LicenceType;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Operators define matters (政务服务事项) and sharing policies; departments read the matters and their own
 * policies. Every change is a ledger entry; policies are withdrawn, never deleted, so an entry citing one
 * can always be traced to its terms.
 */
@RestController
class SharingAdminController {
  private static final int MAX_LIST = 50;
  private final MatterRepository matters;
  private final PolicyRepository policies;
  private final DepartmentRepository departments;
  private final CatalogueRepository catalogue;
  private final AccessLog accessLog;
  private final Clock clock;

  SharingAdminController(
      MatterRepository matters, PolicyRepository policies, DepartmentRepository departments, CatalogueRepository catalogue,
      AccessLog accessLog, Clock clock) {
    this.matters = matters;
    this.policies = policies;
    this.departments = departments;
    this.catalogue = catalogue;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  /**
   * {@code {"code", "name", "handlers": [...], "licenceTypes": [...], "legalBasis"?, "consentRequired"?, "checkSuffices"?}}.
   */
  @PostMapping(value = "/api/v1/admin/matters", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> addMatter(Caller caller, @RequestBody JsonNode body) {
    caller.require(Role.ADMIN);
    JsonBody b = JsonBody.of(body).only(Set.of("code", "name", "handlers", "licenceTypes", "legalBasis", "consentRequired", "checkSuffices"));
    String code = b.string("code");
    if (!code.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw ProblemException.malformed("/code", "/code must be 1 to 64 letters, digits, '.', '_' or '-', but was: " + JsonBody.truncate(code));
    }
    List<String> handlers = b.stringList("handlers", MAX_LIST);
    for (int i = 0; i < handlers.size(); i++) {
      if (departments.find(handlers.get(i)).isEmpty()) {
        throw ProblemException.malformed("/handlers/" + i, "/handlers/" + i + " names no registered department: " + JsonBody.truncate(handlers.get(i)));
      }
    }
    List<String> types = b.stringList("licenceTypes", MAX_LIST);
    for (int i = 0; i < types.size(); i++) {
      if (catalogue.find(types.get(i)).isEmpty()) {
        throw ProblemException.malformed("/licenceTypes/" + i, "/licenceTypes/" + i + " is not in the catalogue: " + JsonBody.truncate(types.get(i)));
      }
    }
    if (matters.find(code).isPresent()) {
      throw ProblemException.of(ErrorCode.CONFLICT, "matter " + code + " already exists");
    }
    Matter m = new Matter(code, b.string("name"), new HashSet<>(handlers), new HashSet<>(types), b.optionalString("legalBasis"),
        b.optionalBoolean("consentRequired", false), b.optionalBoolean("checkSuffices", false));
    matters.add(m);
    record(caller, "admin.matter.create", code, code);
    return ResponseEntity.status(201).body(view(m));
  }

  /** Every matter: what it needs and whether it needs consent; any registered department may read them. */
  @GetMapping(value = "/api/v1/matters", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> listMatters(Caller caller) {
    return Map.of("matters", matters.list().stream().map(SharingAdminController::view).toList());
  }

  @GetMapping(value = "/api/v1/matters/{code}", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> matter(Caller caller, @PathVariable String code) {
    return view(matters.find(code).orElseThrow(() -> ProblemException.of(ErrorCode.NOT_FOUND, "no matter with code " + JsonBody.truncate(code))));
  }

  /**
   * {@code {"consumer", "licenceType", "matter", "fields": [...], "legalBasis", "validUntil"?}}; at most one active
   * policy per (consumer, type, matter): withdraw the old one to change terms.
   */
  @PostMapping(value = "/api/v1/admin/policies", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> addPolicy(Caller caller, @RequestBody JsonNode body) {
    caller.require(Role.ADMIN);
    JsonBody b = JsonBody.of(body).only(Set.of("consumer", "licenceType", "matter", "fields", "legalBasis", "validUntil"));
    Department consumer = departments.find(b.identifier("consumer"))
        .orElseThrow(() -> ProblemException.malformed("/consumer", "/consumer names no registered department"));
    if (!consumer.has(Role.PULL)) {
      throw ProblemException.malformed("/consumer", "department " + consumer.code() + " does not hold the pull role");
    }
    LicenceType type = catalogue.find(b.identifier("licenceType"))
        .orElseThrow(() -> ProblemException.malformed("/licenceType", "/licenceType is not in the catalogue"));
    Matter matter = matters.find(b.identifier("matter")).orElseThrow(() -> ProblemException.malformed("/matter", "/matter names no known matter"));
    if (!matter.licenceTypes().contains(type.code())) {
      throw ProblemException.malformed("/licenceType", "matter " + matter.code() + " does not need licence type " + type.code());
    }
    if (!matter.handlers().contains(consumer.code())) {
      throw ProblemException.malformed("/consumer", "department " + consumer.code() + " does not handle matter " + matter.code());
    }
    List<String> fields = b.stringList("fields", 100);
    Set<String> known = new HashSet<>(type.fields().stream().map(FieldSpec::name).toList());
    for (int i = 0; i < fields.size(); i++) {
      if (!known.contains(fields.get(i))) {
        throw ProblemException.malformed("/fields/" + i, "/fields/" + i + ": licence type " + type.code() + " has no field "
            + JsonBody.truncate(fields.get(i)) + "; its fields are " + known);
      }
    }
    Instant validUntil = null;
    String until = b.optionalString("validUntil");
    if (until != null) {
      try {
        validUntil = Instant.parse(until);
      } catch (DateTimeParseException e) {
        throw ProblemException.malformed("/validUntil", "/validUntil must be an RFC 3339 UTC time such as 2027-01-01T00:00:00Z");
      }
      if (!validUntil.isAfter(clock.instant())) {
        throw ProblemException.malformed("/validUntil", "/validUntil must be in the future");
      }
    }
    policies.find(consumer.code(), type.code(), matter.code()).ifPresent(old -> {
      throw ProblemException.of(ErrorCode.CONFLICT, "policy " + old.id() + " already grants this; withdraw it first to change the terms");
    });
    Policy p = new Policy("pol-" + UUID.randomUUID(), consumer.code(), type.code(), matter.code(), fields, b.string("legalBasis"), validUntil, null);
    policies.add(p);
    record(caller, "admin.policy.create", matter.code(), p.id());
    return ResponseEntity.status(201).body(view(p));
  }

  /** Policies, for operators ({@code consumer}, {@code matter}, {@code withdrawn=true} to include history). */
  @GetMapping(value = "/api/v1/admin/policies", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> listPolicies(
      Caller caller, @RequestParam(required = false) String consumer, @RequestParam(required = false) String matter,
      @RequestParam(required = false, defaultValue = "false") boolean withdrawn) {
    caller.require(Role.ADMIN);
    return Map.of("policies", policies.list(consumer, matter, withdrawn).stream().map(SharingAdminController::view).toList());
  }

  /** The calling department's own active policies: what it may pull, for which matters, until when. */
  @GetMapping(value = "/api/v1/policies", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> ownPolicies(Caller caller) {
    return Map.of("policies", policies.list(caller.code(), null, false).stream().map(SharingAdminController::view).toList());
  }

  @DeleteMapping("/api/v1/admin/policies/{id}")
  Map<String, Object> withdraw(Caller caller, @PathVariable String id) {
    caller.require(Role.ADMIN);
    Policy p = policies.byId(id).orElseThrow(() -> ProblemException.of(ErrorCode.NOT_FOUND, "no policy with id " + JsonBody.truncate(id)));
    if (!policies.withdraw(id, clock.instant())) {
      throw ProblemException.of(ErrorCode.CONFLICT, "policy " + id + " is already withdrawn");
    }
    record(caller, "admin.policy.withdraw", p.matter(), id);
    return view(policies.byId(id).orElseThrow());
  }

  static Map<String, Object> view(Matter m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("code", m.code());
    out.put("name", m.name());
    out.put("handlers", m.handlers().stream().sorted().toList());
    out.put("licenceTypes", m.licenceTypes().stream().sorted().toList());
    if (m.legalBasis() != null) {
      out.put("legalBasis", m.legalBasis());
    }
    out.put("consentRequired", m.consentRequired());
    out.put("checkSuffices", m.checkSuffices());
    return out;
  }

  static Map<String, Object> view(Policy p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", p.id());
    out.put("consumer", p.consumer());
    out.put("licenceType", p.licenceType());
    out.put("matter", p.matter());
    out.put("fields", p.fields());
    out.put("legalBasis", p.legalBasis());
    if (p.validUntil() != null) {
      out.put("validUntil", p.validUntil().toString());
    }
    if (p.withdrawnAt() != null) {
      out.put("withdrawnAt", p.withdrawnAt().toString());
    }
    return out;
  }

  private void record(Caller caller, String action, String matter, String subject) {
    accessLog.record(new Access(action, caller.code(), null, null, null, matter, "allowed", subject, UUID.randomUUID().toString())
        .by(caller.certificateFingerprint(), null));
  }
}

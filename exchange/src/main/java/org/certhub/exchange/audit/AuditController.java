package org.certhub.exchange.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.department.Role;
import org.certhub.exchange.web.JsonBody;
import org.certhub.exchange.web.ProblemException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Auditors' view of the ledger: entries by holder, department, matter and time. The query itself is an
 * access to personal data and is recorded in the ledger before the answer leaves.
 */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {
  private static final int MAX_LIMIT = 1000;
  private final AuditIndex index;
  private final AccessLog accessLog;
  private final Pseudonymiser pseudonymiser;

  AuditController(AuditIndex index, AccessLog accessLog, Pseudonymiser pseudonymiser) {
    this.index = index;
    this.accessLog = accessLog;
    this.pseudonymiser = pseudonymiser;
  }

  @GetMapping("/entries")
  Map<String, Object> entries(
      Caller caller,
      @RequestParam(required = false) String holder,
      @RequestParam(required = false) String department,
      @RequestParam(required = false) String matter,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false, defaultValue = "-1") long after,
      @RequestParam(required = false, defaultValue = "100") int limit) {
    caller.require(Role.AUDIT);
    if (holder == null && department == null && matter == null) {
      throw ProblemException.malformed(
          "?holder", "give at least one of the query parameters holder, department or matter");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ProblemException.malformed("?limit", "limit must be between 1 and " + MAX_LIMIT + ", but was: " + limit);
    }
    String holderKey = blankToNull(holder) == null ? null : pseudonymiser.of(holder);
    AuditIndex.Query q =
        new AuditIndex.Query(
            holderKey, blankToNull(department), blankToNull(matter), instant("from", from), instant("to", to), after, limit);
    accessLog.record(
        new Access(
            "audit.query", caller.code(), holderKey, null, null, blankToNull(matter), "allowed", null, UUID.randomUUID().toString()));
    List<AuditEntry> found = index.find(q);
    List<Map<String, Object>> rows = found.stream().map(AuditController::row).toList();
    Long next = found.size() == limit ? found.get(found.size() - 1).index() : null;
    return next == null ? Map.of("entries", rows) : Map.of("entries", rows, "next", next);
  }

  private static Map<String, Object> row(AuditEntry e) {
    Access a = e.access();
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("index", e.index());
    m.put("time", e.time().toString());
    m.put("action", a.action());
    m.put("department", a.department());
    m.put("holder", a.holder());
    m.put("licenceType", a.licenceType());
    m.put("licenceId", a.licenceId());
    m.put("matter", a.matter());
    m.put("outcome", a.outcome());
    m.put("rule", a.rule());
    m.put("requestId", a.requestId());
    m.put("leafHash", e.leafHash());
    return m;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static Instant instant(String name, String value) {
    if (blankToNull(value) == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ProblemException.malformed(
          "?" + name, name + " must be an RFC 3339 UTC time like 2026-01-31T00:00:00Z, but was: " + JsonBody.truncate(value));
    }
  }
}

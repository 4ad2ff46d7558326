package org.certhub.exchange.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.department.Role;
import org.certhub.exchange.paging.Cursor;
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
  private static final int MAX_CSV = 100_000;
  private final AuditIndex index;
  private final AccessLog accessLog;
  private final Pseudonymiser pseudonymiser;

  private final Supervision supervision;
  private final java.time.Clock clock;

  AuditController(AuditIndex index, AccessLog accessLog, Pseudonymiser pseudonymiser, Supervision supervision, java.time.Clock clock) {
    this.index = index;
    this.accessLog = accessLog;
    this.pseudonymiser = pseudonymiser;
    this.supervision = supervision;
    this.clock = clock;
  }

  @GetMapping(value = "/entries", produces = "application/json")
  Map<String, Object> entries(
      Caller caller,
      @RequestParam(required = false) String holder,
      @RequestParam(required = false) String department,
      @RequestParam(required = false) String matter,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String outcome,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false, defaultValue = "-1") long after,
      @RequestParam(required = false, defaultValue = "100") int limit) {
    List<AuditEntry> found = search(caller, holder, department, matter, action, outcome, from, to, after, limit, MAX_LIMIT);
    List<Map<String, Object>> rows = found.stream().map(AuditController::row).toList();
    Long next = Cursor.next(found, limit, AuditEntry::index);
    return next == null ? Map.of("entries", rows) : Map.of("entries", rows, "next", next);
  }

  /** Electronic supervision: unusual access in the last {@code hours} hours (default 24, at most 720). */
  @GetMapping(value = "/alerts", produces = "application/json")
  Map<String, Object> alerts(Caller caller, @RequestParam(required = false, defaultValue = "24") int hours) {
    caller.require(Role.AUDIT);
    if (hours < 1 || hours > 720) {
      throw ProblemException.malformed("?hours", "hours must be between 1 and 720, but was: " + hours);
    }
    accessLog.record(
        new Access("audit.alerts", caller.code(), null, null, null, null, "allowed", null, UUID.randomUUID().toString())
            .by(caller.certificateFingerprint(), null));
    accessLog.awaitIndexed();
    return Map.of("hours", hours, "alerts", supervision.scan(clock.instant(), java.time.Duration.ofHours(hours)));
  }

  /** The same search as CSV (RFC 4180, UTF-8 with BOM so spreadsheet programs read the Chinese text). */
  @GetMapping(value = "/entries.csv")
  org.springframework.http.ResponseEntity<String> csv(
      Caller caller,
      @RequestParam(required = false) String holder,
      @RequestParam(required = false) String department,
      @RequestParam(required = false) String matter,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String outcome,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false, defaultValue = "-1") long after,
      @RequestParam(required = false, defaultValue = "10000") int limit) {
    List<AuditEntry> found = search(caller, holder, department, matter, action, outcome, from, to, after, limit, MAX_CSV);
    StringBuilder out = new StringBuilder("\uFEFFindex,time,action,department,holder,licenceType,licenceId,matter,outcome,rule,requestId,certificate,officer,purpose,fields,requestDigest,consent,signature,leafHash\r\n");
    for (AuditEntry e : found) {
      out.append(String.join(",", row(e).values().stream().map(v -> csvCell(v == null ? "" : v.toString())).toList())).append("\r\n");
    }
    return org.springframework.http.ResponseEntity.ok()
        .contentType(org.springframework.http.MediaType.parseMediaType("text/csv;charset=UTF-8"))
        .header("Content-Disposition", "attachment; filename=\"certhub-audit.csv\"")
        .body(out.toString());
  }

  private List<AuditEntry> search(
      Caller caller, String holder, String department, String matter, String action, String outcome, String from, String to, long after,
      int limit, int maxLimit) {
    caller.require(Role.AUDIT);
    if (Stream.of(holder, department, matter, action, outcome, from, to).allMatch(s -> blankToNull(s) == null)) {
      throw ProblemException.malformed(
          "?holder", "give at least one of the query parameters holder, department, matter, action, outcome, from or to");
    }
    Cursor.limit(limit, maxLimit);
    String holderKey = blankToNull(holder) == null ? null : pseudonymiser.of(holder);
    AuditIndex.Query q =
        new AuditIndex.Query(
            holderKey, blankToNull(department), blankToNull(matter), blankToNull(action), blankToNull(outcome), instant("from", from),
            instant("to", to), after, limit);
    // The query itself touches personal data: it is recorded before the answer leaves.
    accessLog.record(
        new Access(
            "audit.query", caller.code(), holderKey, null, null, blankToNull(matter), "allowed", null, UUID.randomUUID().toString())
            .by(caller.certificateFingerprint(), null));
    accessLog.awaitIndexed();
    return index.find(q);
  }

  /** RFC 4180 quoting; a leading =, +, - or @ is neutralised so a spreadsheet never runs a cell as a formula. */
  static String csvCell(String v) {
    String s = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
    return s.matches("(?s).*[\",\r\n].*") || !s.equals(v) ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
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
    m.put("certificate", a.certificate());
    m.put("officer", a.officer());
    m.put("purpose", a.purpose());
    m.put("fields", a.fields() == null ? null : String.join(" ", a.fields()));
    m.put("requestDigest", a.requestDigest());
    m.put("consent", a.consent());
    m.put("signature", a.signature());
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

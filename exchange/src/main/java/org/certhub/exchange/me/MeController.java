package org.certhub.exchange.me;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.certhub.exchange.audit.Access;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.audit.AuditEntry;
import org.certhub.exchange.audit.AuditIndex;
import org.certhub.exchange.audit.Pseudonymiser;
import org.certhub.exchange.department.Department;
import org.certhub.exchange.department.DepartmentRepository;
import org.certhub.exchange.licence.HolderIds;
import org.certhub.exchange.matter.Matter;
import org.certhub.exchange.matter.MatterRepository;
import org.certhub.exchange.paging.Cursor;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.JsonBody;
import org.certhub.exchange.web.ProblemException;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.checkpoint.Checkpoint;
import org.certhub.ledger.checkpoint.CheckpointFormatException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The citizen data tracker: {@code GET /api/v1/me/accesses} lists every recorded access to the signed-in
 * citizen's data (who, when, which matter, why, which fields, the outcome), each with its ledger index and
 * an inclusion proof against the current signed checkpoint, which the response carries.
 */
@RestController
class MeController {
  private static final int MAX_LIMIT = 500;
  private final CitizenTokens tokens;
  private final Pseudonymiser pseudonymiser;
  private final AuditIndex index;
  private final AccessLog accessLog;
  private final DepartmentRepository departments;
  private final MatterRepository matters;
  private final Ledger ledger;

  MeController(
      CitizenTokens tokens, Pseudonymiser pseudonymiser, AuditIndex index, AccessLog accessLog, DepartmentRepository departments,
      MatterRepository matters, Ledger ledger) {
    this.tokens = tokens;
    this.pseudonymiser = pseudonymiser;
    this.index = index;
    this.accessLog = accessLog;
    this.departments = departments;
    this.matters = matters;
    this.ledger = ledger;
  }

  /** Demo sign-in: identifier and name, no credential. Only open in demo mode. */
  @PostMapping(value = "/api/v1/me/session", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> signIn(@RequestBody JsonNode body) {
    if (!tokens.demoSignIn()) {
      throw ProblemException.of(
          ErrorCode.NOT_FOUND, "the demo sign-in is closed outside demo mode; citizens sign in through the configured identity provider");
    }
    JsonBody b = JsonBody.of(body).only(Set.of("holder", "idType", "name"));
    String holder = b.string("holder");
    String idType = b.optionalString("idType") == null ? "111" : b.optionalString("idType");
    if (!HolderIds.isValid(idType, holder)) {
      throw ProblemException.malformed("/holder", "/holder must be a valid identifier of type " + idType + ", but was: " + Pseudonymiser.mask(holder));
    }
    String token = tokens.issue(pseudonymiser.of(holder), b.string("name"));
    return Map.of("token", token, "expiresIn", CitizenTokens.LIFETIME.toSeconds());
  }

  @GetMapping(value = "/api/v1/me/accesses", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> accesses(
      @RequestHeader(value = "Authorization", required = false) String authorization,
      @RequestParam(required = false, defaultValue = "-1") long after,
      @RequestParam(required = false, defaultValue = "100") int limit) {
    CitizenTokens.Citizen citizen = tokens.require(authorization);
    Cursor.limit(limit, MAX_LIMIT);
    accessLog.awaitIndexed();
    List<AuditEntry> page = index.find(new AuditIndex.Query(citizen.pseudonym(), null, null, null, null, null, null, after, limit));
    // The citizen's own reads of this list are not shown, but they count for the cursor: a page full of them still
    // has a next page.
    Long next = Cursor.next(page, limit, AuditEntry::index);
    List<AuditEntry> found = page.stream().filter(e -> !e.access().action().startsWith("me.")).toList();
    accessLog.record(new Access("me.accesses", "citizen", citizen.pseudonym(), null, null, null, "allowed", null, UUID.randomUUID().toString()));
    String checkpoint = ledger.latestCheckpoint();
    long size = checkpointSize(checkpoint);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (AuditEntry e : found) {
      rows.add(row(e, size));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("holder", citizen.name());
    out.put("accesses", rows);
    out.put("checkpoint", checkpoint);
    if (next != null) {
      out.put("next", next);
    }
    return out;
  }

  private Map<String, Object> row(AuditEntry e, long checkpointSize) {
    Access a = e.access();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", e.index());
    m.put("time", e.time().toString());
    m.put("action", a.action());
    m.put("department", Map.of("code", a.department(), "name", departments.find(a.department()).map(Department::name).orElse(a.department())));
    if (a.matter() != null) {
      m.put("matter", Map.of("code", a.matter(), "name", matters.find(a.matter()).map(Matter::name).orElse(a.matter())));
    }
    m.put("outcome", a.outcome());
    if (a.purpose() != null) {
      m.put("purpose", a.purpose());
    }
    if (a.fields() != null) {
      m.put("fields", a.fields());
    }
    if (a.licenceId() != null) {
      m.put("licenceId", a.licenceId());
    }
    m.put("leafHash", e.leafHash());
    if (e.index() < checkpointSize) {
      m.put("proof", Map.of("size", checkpointSize, "hashes", ledger.inclusionProof(e.index(), checkpointSize).stream()
          .map(h -> Base64.getEncoder().encodeToString(h)).toList()));
    } else {
      m.put("proof", "pending: the next checkpoint (within seconds) will cover this entry");
    }
    return m;
  }

  private static long checkpointSize(String signedNote) {
    int blank = signedNote.indexOf("\n\n");
    try {
      return Checkpoint.parse(blank < 0 ? signedNote : signedNote.substring(0, blank + 1)).size();
    } catch (CheckpointFormatException e) {
      throw new IllegalStateException("the ledger's own checkpoint is unreadable", e);
    }
  }
}

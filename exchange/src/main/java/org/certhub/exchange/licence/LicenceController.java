package org.certhub.exchange.licence;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.certhub.exchange.audit.Pseudonymiser;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.web.JsonBody;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.licence.Holder;
import org.certhub.signer.licence.Licence;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issuing departments' API: issue, bulk issue, fetch, list, update and revoke their licences; and
 * verification of any licence document for every registered department.
 */
@RestController
@RequestMapping("/api/v1/licences")
class LicenceController {
  static final String NDJSON = "application/x-ndjson";
  static final String CSV = "text/csv";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int MAX_PAGE = 200;
  private final LicenceService service;
  private final LicenceVerification verification;
  private final Clock clock;
  private final LicenceRepository licences;

  LicenceController(LicenceService service, LicenceVerification verification, Clock clock, LicenceRepository licences) {
    this.licences = licences;
    this.service = service;
    this.verification = verification;
    this.clock = clock;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<JsonNode> issue(Caller caller, @RequestBody JsonNode body) {
    LicenceService.Issued issued = service.issue(caller, issueRequest(body));
    return ResponseEntity.created(URI.create("/api/v1/licences/" + issued.licence().licence().id()))
        .contentType(MediaType.APPLICATION_JSON)
        .body(withReceipt(issued));
  }

  static LicenceService.IssueRequest issueRequest(JsonNode body) {
    JsonBody b = JsonBody.of(body).only(Set.of("licenceType", "holder", "fields", "validFrom", "validUntil", "jurisdiction"));
    JsonBody h = b.object("holder").only(Set.of("id", "idType", "name"));
    return new LicenceService.IssueRequest(
        b.string("licenceType"),
        new Holder(h.string("id"), h.string("idType"), h.string("name")),
        b.stringMap("fields"),
        b.optionalDate("validFrom"),
        b.optionalDate("validUntil"),
        b.optionalString("jurisdiction"));
  }

  @PostMapping(value = "/bulk", consumes = {CSV, NDJSON}, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> bulk(
      Caller caller, @RequestBody byte[] body, @org.springframework.web.bind.annotation.RequestHeader("Content-Type") String contentType) {
    String text = new String(body, StandardCharsets.UTF_8);
    List<LicenceService.IssueRequest> rows =
        MediaType.parseMediaType(contentType).isCompatibleWith(MediaType.parseMediaType(CSV)) ? BulkRows.csv(text) : BulkRows.jsonLines(text);
    List<LicenceService.Issued> issued = service.issueAll(caller, rows);
    List<Map<String, Object>> report = new java.util.ArrayList<>();
    for (int i = 0; i < issued.size(); i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("row", i + 1);
      row.put("id", issued.get(i).licence().licence().id().toString());
      row.put("ledgerIndex", issued.get(i).receipt().index());
      report.add(row);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("issued", issued.size());
    out.put("rows", report);
    return ResponseEntity.status(201).contentType(MediaType.APPLICATION_JSON).body(out);
  }

  /** The signed licence exactly as issued (verifiable offline as a file); its status in headers. */
  @GetMapping(value = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> get(Caller caller, @PathVariable String id) {
    StoredLicence stored = service.get(caller, id);
    return ResponseEntity.ok()
        .header("CertHub-Licence-Status", stored.statusOn(LocalDate.now(clock)))
        .contentType(MediaType.APPLICATION_JSON)
        .body(stored.signed().toJson());
  }

  @GetMapping(value = "/{id}/status", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> status(Caller caller, @PathVariable String id) {
    return summary(service.get(caller, id));
  }

  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> list(
      Caller caller,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    if (page < 0) {
      throw ProblemException.malformed("?page", "page must be 0 or more, but was: " + page);
    }
    if (size < 1 || size > MAX_PAGE) {
      throw ProblemException.malformed("?size", "size must be 1 to " + MAX_PAGE + ", but was: " + size);
    }
    if (status != null && !List.of("valid", "superseded", "revoked", "expired").contains(status)) {
      throw ProblemException.malformed("?status", "status must be valid, superseded, revoked or expired, but was: " + JsonBody.truncate(status));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", service.list(caller, type, status, page, size).stream().map(this::summary).toList());
    out.put("page", page);
    out.put("size", size);
    out.put("total", service.count(caller, type, status));
    return out;
  }

  @PostMapping(value = "/{id}/versions", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<JsonNode> update(Caller caller, @PathVariable String id, @RequestBody JsonNode body) {
    JsonBody b = JsonBody.of(body).only(Set.of("holderName", "fields", "validFrom", "validUntil"));
    LicenceService.UpdateRequest req =
        new LicenceService.UpdateRequest(
            b.optionalString("holderName"), b.optionalPatch("fields"), b.optionalDate("validFrom"), b.optionalDate("validUntil"),
            b.isExplicitNull("validUntil"));
    LicenceService.Issued issued = service.update(caller, id, req);
    return ResponseEntity.created(URI.create("/api/v1/licences/" + issued.licence().licence().id()))
        .contentType(MediaType.APPLICATION_JSON)
        .body(withReceipt(issued));
  }

  @PostMapping(value = "/{id}/revocation", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> revoke(Caller caller, @PathVariable String id, @RequestBody JsonNode body) {
    String reason = JsonBody.of(body).only(Set.of("reason")).string("reason");
    if (reason.length() > 200) {
      throw ProblemException.malformed("/reason", "/reason must be at most 200 characters, but had " + reason.length());
    }
    return summary(service.revoke(caller, id, reason));
  }

  /** Verifies any licence document with the hub's current knowledge (revocations, supersessions). */
  @PostMapping(value = "/verification", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> verify(Caller caller, @RequestBody JsonNode body) {
    JsonBody.of(body);
    return verification.verify(body.toString());
  }

  private Map<String, Object> summary(StoredLicence s) {
    Licence l = s.signed().licence();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", l.id().toString());
    out.put("version", l.id().version());
    out.put("type", Map.of("code", l.typeCode(), "name", l.typeName()));
    out.put("holder", Map.of("name", l.holder().name(), "id", Pseudonymiser.mask(l.holder().id())));
    out.put("issuedAt", l.issuedAt().toString());
    out.put("validFrom", l.validFrom().toString());
    out.put("validUntil", l.validUntil() == null ? null : l.validUntil().toString());
    licences.statusIndex(s.signed().licence().id().toString()).ifPresent(x -> out.put("statusIndex", x));
    out.put("status", s.statusOn(LocalDate.now(clock)));
    if (s.statusAt() != null) {
      out.put("statusAt", s.statusAt().toString());
    }
    if (s.statusReason() != null) {
      out.put("reason", s.statusReason());
    }
    if (s.supersededBy() != null) {
      out.put("supersededBy", s.supersededBy());
    }
    if (l.previousId() != null) {
      out.put("previousId", l.previousId().toString());
    }
    return out;
  }

  private static ObjectNode withReceipt(LicenceService.Issued issued) {
    Map<String, Object> receipt = new LinkedHashMap<>();
    receipt.put("index", issued.receipt().index());
    receipt.put("leafHash", Base64.getEncoder().encodeToString(issued.receipt().leafHash()));
    ObjectNode out = (ObjectNode) JSON.readTree(issued.licence().toJson());
    out.set("receipt", JSON.valueToTree(receipt));
    return out;
  }
}

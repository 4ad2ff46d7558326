package org.certhub.exchange.licence;

import java.net.URI;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.web.JsonBody;
import org.certhub.signer.licence.Holder;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Issuing departments' API: {@code POST /api/v1/licences}. */
@RestController
@RequestMapping("/api/v1/licences")
class LicenceController {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final LicenceService service;

  LicenceController(LicenceService service) {
    this.service = service;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<JsonNode> issue(Caller caller, @RequestBody JsonNode body) {
    JsonBody b = JsonBody.of(body).only(Set.of("licenceType", "holder", "fields", "validFrom", "validUntil"));
    JsonBody h = b.object("holder").only(Set.of("id", "idType", "name"));
    LicenceService.IssueRequest req =
        new LicenceService.IssueRequest(
            b.string("licenceType"),
            new Holder(h.string("id"), h.string("idType"), h.string("name")),
            b.stringMap("fields"),
            b.optionalDate("validFrom"),
            b.optionalDate("validUntil"));
    LicenceService.Issued issued = service.issue(caller, req);
    Map<String, Object> receipt = new LinkedHashMap<>();
    receipt.put("index", issued.receipt().index());
    receipt.put("leafHash", Base64.getEncoder().encodeToString(issued.receipt().leafHash()));
    tools.jackson.databind.node.ObjectNode out = (tools.jackson.databind.node.ObjectNode) JSON.readTree(issued.licence().toJson());
    out.set("receipt", JSON.valueToTree(receipt));
    return ResponseEntity.created(URI.create("/api/v1/licences/" + issued.licence().licence().id()))
        .contentType(MediaType.APPLICATION_JSON)
        .body(out);
  }
}

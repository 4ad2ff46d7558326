package org.certhub.exchange.pull;

import java.util.ArrayList;
import java.util.List;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.web.JsonBody;
import org.certhub.exchange.web.ProblemException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/checks}: {@code {"holder", "licenceType", "matter", "purpose"?, "officer"?, "claims": [{"field",
 * "equals"} | {"validOn": "yyyy-MM-dd"} | {"notRevoked": true}]}} → a signed yes/no per claim.
 */
@RestController
class CheckController {
  private static final int MAX_CLAIMS = 20;
  private final CheckService service;
  private final RequestSignatures signatures;

  CheckController(CheckService service, RequestSignatures signatures) {
    this.service = service;
    this.signatures = signatures;
  }

  @PostMapping(value = "/api/v1/checks", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  JsonNode check(Caller caller, @RequestBody JsonNode body, HttpServletRequest request) {
    String signature = signatures.verify(caller, request);
    JsonBody b = JsonBody.of(body).only(Set.of("holder", "licenceType", "matter", "claims", "purpose", "officer", "consent"));
    JsonNode claims = body.get("claims");
    if (claims == null || !claims.isArray() || claims.isEmpty() || claims.size() > MAX_CLAIMS) {
      throw ProblemException.malformed("/claims", "/claims must be an array of 1 to " + MAX_CLAIMS + " claims");
    }
    List<CheckService.Claim> parsed = new ArrayList<>();
    for (int i = 0; i < claims.size(); i++) {
      String at = "/claims/" + i;
      JsonNode c = claims.get(i);
      if (!c.isObject()) {
        throw ProblemException.malformed(at, at + " must be an object");
      }
      if (c.has("field") || c.has("equals")) {
        JsonBody cb = claimBody(c, at).only(Set.of("field", "equals"));
        parsed.add(new CheckService.Claim.FieldEquals(cb.string("field"), cb.string("equals")));
      } else if (c.has("validOn")) {
        parsed.add(new CheckService.Claim.ValidOn(claimBody(c, at).only(Set.of("validOn")).optionalDate("validOn")));
      } else if (c.has("notRevoked")) {
        claimBody(c, at).only(Set.of("notRevoked"));
        if (!c.get("notRevoked").isBoolean() || !c.get("notRevoked").booleanValue()) {
          throw ProblemException.malformed(at + "/notRevoked", at + "/notRevoked must be true");
        }
        parsed.add(new CheckService.Claim.NotRevoked());
      } else {
        throw ProblemException.malformed(at, at + " must be {\"field\",\"equals\"}, {\"validOn\"} or {\"notRevoked\": true}");
      }
    }
    return service.check(
        caller,
        new CheckService.CheckRequest(
            b.identifier("holder"), b.identifier("licenceType"), b.identifier("matter"), parsed, b.optionalString("purpose"), b.optionalString("officer"),
            PullController.digest(body), b.optionalString("consent"), signature));
  }

  /** The claim object, with errors pointing into /claims/i. */
  private static JsonBody claimBody(JsonNode c, String at) {
    return JsonBody.at(c, at);
  }
}

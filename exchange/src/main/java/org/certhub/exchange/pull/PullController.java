package org.certhub.exchange.pull;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.web.JsonBody;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.licence.LicenceFormatException;
import org.certhub.signer.json.Jcs;
import org.certhub.signer.json.JsonSignatureFormatException;
import org.certhub.signer.licence.LicenceId;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Consuming departments' API: {@code POST /api/v1/pulls}. */
@RestController
@RequestMapping("/api/v1/pulls")
class PullController {
  private final PullService service;
  private final RequestSignatures signatures;

  PullController(PullService service, RequestSignatures signatures) {
    this.service = service;
    this.signatures = signatures;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ObjectNode pull(Caller caller, @RequestBody JsonNode body, HttpServletRequest request) {
    String signature = signatures.verify(caller, request);
    JsonBody b = JsonBody.of(body).only(Set.of("holder", "licenceType", "matter", "licenceId", "purpose", "officer", "consent"));
    String licenceId = b.optionalIdentifier("licenceId");
    if (licenceId != null) {
      try {
        LicenceId.parse(licenceId);
      } catch (LicenceFormatException e) {
        throw ProblemException.malformed("/licenceId", "/licenceId is not a GB/T 36904 licence identifier: " + e.getMessage());
      }
    }
    return service.pull(
        caller,
        new PullService.PullRequest(
            b.identifier("holder"), b.identifier("licenceType"), b.identifier("matter"), licenceId, b.optionalString("purpose"), b.optionalString("officer"),
            digest(body), b.optionalString("consent"), signature));
  }

  /** One request for all licence types a matter needs (一件事一次办): {@code {"holder", "matter", "purpose"?, "officer"?, "consent"?}}. */
  @PostMapping(value = "/bundle", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ObjectNode bundle(Caller caller, @RequestBody JsonNode body, HttpServletRequest request) {
    String signature = signatures.verify(caller, request);
    JsonBody b = JsonBody.of(body).only(Set.of("holder", "matter", "purpose", "officer", "consent"));
    return service.bundle(
        caller,
        new PullService.BundleRequest(
            b.identifier("holder"), b.identifier("matter"), b.optionalString("purpose"), b.optionalString("officer"), digest(body),
            b.optionalString("consent"), signature));
  }

  /** {@code sha256:<hex>} of the RFC 8785 form of the request: the same request always has the same digest. */
  static String digest(JsonNode body) {
    try {
      byte[] canonical = Jcs.canonicalize(body).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (JsonSignatureFormatException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("a parsed request must canonicalise", e);
    }
  }
}

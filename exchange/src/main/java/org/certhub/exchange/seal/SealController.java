package org.certhub.exchange.seal;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.certhub.exchange.audit.AuditEntry;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.paging.Cursor;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.JsonBody;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.seal.SealCheck;
import org.certhub.signer.seal.SealInfo;
import org.certhub.signer.seal.SealReport;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The seal registry and stamping (docs/seals.md):
 *
 * <ul>
 *   <li>{@code POST /api/v1/seals} {@code {"name"?, "type"?, "validFrom"?, "validTo"?, "signers"?: [PEM],
 *       "signerList"?: "certificates"|"digests", "picture"?: {"type", "data", "widthMm", "heightMm"}}}: the hub's seal
 *       maker makes a v4 seal for the caller (name: the department's; signers: its signing certificate; validity:
 *       three years from now; picture: the round red seal drawn from the name).
 *   <li>{@code GET /api/v1/seals[?department=]}, {@code GET /api/v1/seals/{esID}} (DER), {@code POST
 *       /api/v1/seals/{esID}/revocation} {@code {"reason"?, "at"?}}, {@code GET /api/v1/seals/{esID}/uses}: the
 *       owner's (or an admin's) only; other departments get 404 for a seal that exists.
 *   <li>{@code POST /api/v1/stamps} {@code {"esID", "content" (base64) | "contentDigest" ("sm3:<hex>"),
 *       "propertyInfo"?, "officer"?}} → DER {@code SES_Signature} v4 with the hub TSA's timestamp.
 *   <li>{@code POST /api/v1/stamps/verify} {@code {"stamp", "content" | "contentDigest"}} or {@code {"seal"}} (base64
 *       DER) → the shared report (object, indication, the ten checks) with esID and version.
 * </ul>
 */
@RestController
class SealController {
  /** Largest content sent inline (base64 in JSON); larger documents are stamped by digest. */
  static final int MAX_CONTENT_BYTES = 10 << 20;
  /** Largest seal or stamp taken for verification, and largest uploaded picture. */
  static final int MAX_DER_BYTES = 4 << 20;
  private final SealService service;
  private final Clock clock;

  SealController(SealService service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  @PostMapping(value = "/api/v1/seals", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> make(Caller caller, @RequestBody JsonNode body) {
    JsonBody b = JsonBody.of(body).only(Set.of("name", "type", "validFrom", "validTo", "signers", "signerList", "picture"));
    String name = b.optionalString("name");
    if (name != null && name.length() > 100) {
      throw ProblemException.malformed("/name", "/name must be at most 100 characters, but had " + name.length());
    }
    int type = 1;
    if (body.has("type")) {
      JsonNode t = body.get("type");
      if (!t.isInt() || t.intValue() < 1 || t.intValue() > 99) {
        throw ProblemException.malformed("/type", "/type must be an integer from 1 to 99 (1: official seal), but was: " + t);
      }
      type = t.intValue();
    }
    List<X509Certificate> signers = new ArrayList<>();
    if (body.has("signers")) {
      List<String> pems = b.stringList("signers", 16);
      for (int i = 0; i < pems.size(); i++) {
        signers.add(certificate("/signers/" + i, pems.get(i)));
      }
    }
    String list = b.optionalString("signerList");
    if (list != null && !list.equals("certificates") && !list.equals("digests")) {
      throw ProblemException.malformed("/signerList", "/signerList must be certificates or digests, but was: " + JsonBody.truncate(list));
    }
    SealInfo.Picture picture = body.has("picture") ? picture(body.get("picture")) : null;
    RegisteredSeal s = service.make(caller, new SealService.MakeRequest(name, type, instant(b, "validFrom"), instant(b, "validTo"), signers,
        "digests".equals(list), picture));
    return ResponseEntity.created(URI.create("/api/v1/seals/" + s.esId())).body(s.summary(clock.instant()));
  }

  @GetMapping(value = "/api/v1/seals", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> list(Caller caller, @RequestParam(name = "department", required = false) String department) {
    if (department != null) {
      checkId("?department", department);
    }
    Instant now = clock.instant();
    return Map.of("seals", service.list(caller, department).stream().map(s -> s.summary(now)).toList());
  }

  @GetMapping("/api/v1/seals/{esId}")
  ResponseEntity<byte[]> der(Caller caller, @PathVariable String esId) {
    checkId("/esID", esId);
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).cacheControl(CacheControl.noCache())
        .header("Content-Disposition", "attachment; filename=\"" + esId + ".seal\"")
        .body(service.owned(caller, esId).der());
  }

  @PostMapping(value = "/api/v1/seals/{esId}/revocation", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> revoke(Caller caller, @PathVariable String esId, @RequestBody JsonNode body) {
    checkId("/esID", esId);
    JsonBody b = JsonBody.of(body).only(Set.of("reason", "at"));
    String reason = b.optionalString("reason");
    if (reason != null && reason.length() > 200) {
      throw ProblemException.malformed("/reason", "/reason must be at most 200 characters, but had " + reason.length());
    }
    return service.revoke(caller, esId, instant(b, "at"), reason).summary(clock.instant());
  }

  @GetMapping(value = "/api/v1/seals/{esId}/uses", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> uses(Caller caller, @PathVariable String esId, @RequestParam(name = "after", defaultValue = "-1") long after,
      @RequestParam(name = "limit", defaultValue = "100") int limit) {
    checkId("/esID", esId);
    List<AuditEntry> entries = service.uses(caller, esId, after, Cursor.limit(limit, 1000));
    List<Map<String, Object>> uses = new ArrayList<>();
    for (AuditEntry e : entries) {
      Map<String, Object> u = new LinkedHashMap<>();
      u.put("index", e.index());
      u.put("time", e.time().toString());
      u.put("department", e.access().department());
      u.put("outcome", e.access().outcome());
      u.put("certificate", e.access().certificate());
      if (e.access().officer() != null) {
        u.put("officer", e.access().officer());
      }
      u.put("contentDigest", e.access().requestDigest());
      uses.add(u);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("esID", esId);
    m.put("uses", uses);
    Long next = Cursor.next(entries, limit, AuditEntry::index);
    if (next != null) {
      m.put("next", next);
    }
    return m;
  }

  @PostMapping(value = "/api/v1/stamps", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<byte[]> stamp(Caller caller, @RequestBody JsonNode body) {
    JsonBody b = JsonBody.of(body).only(Set.of("esID", "content", "contentDigest", "propertyInfo", "officer"));
    String esId = b.identifier("esID");
    checkId("/esID", esId);
    byte[] sm3 = digest(body, b);
    String propertyInfo = b.optionalString("propertyInfo");
    if (propertyInfo != null && (propertyInfo.length() > 256 || !propertyInfo.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
      throw ProblemException.malformed("/propertyInfo", "/propertyInfo must be at most 256 printable ASCII characters (IA5)");
    }
    String officer = b.optionalString("officer");
    if (officer != null && officer.length() > 100) {
      throw ProblemException.malformed("/officer", "/officer must be at most 100 characters, but had " + officer.length());
    }
    byte[] der = service.stamp(caller, esId, sm3, propertyInfo == null ? "" : propertyInfo, officer);
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).cacheControl(CacheControl.noStore()).body(der);
  }

  @PostMapping(value = "/api/v1/stamps/verify", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> verify(Caller caller, @RequestBody JsonNode body) {
    JsonBody b = JsonBody.of(body).only(Set.of("stamp", "seal", "content", "contentDigest"));
    SealReport report;
    String member;
    if (body.has("seal") == body.has("stamp")) {
      throw ProblemException.malformed("/stamp", "give exactly one of /stamp (with /content or /contentDigest) and /seal");
    }
    if (body.has("seal")) {
      if (body.has("content") || body.has("contentDigest")) {
        throw ProblemException.malformed("/content", "/content and /contentDigest go with /stamp, not /seal");
      }
      member = "/seal";
      report = service.verifySeal(base64(body, "/seal", "seal", MAX_DER_BYTES));
    } else {
      member = "/stamp";
      byte[] der = base64(body, "/stamp", "stamp", MAX_DER_BYTES);
      report = service.verifyStamp(der, digest(body, b));
    }
    SealCheck format = report.check(SealCheck.Name.FORMAT);
    if (format.status() == SealCheck.Status.FAILED) {
      // Not a seal or stamp at all: a malformed request, naming where in the structure it broke.
      String where = format.detail().split(" ", 2)[0];
      throw ProblemException.withProperties(ErrorCode.MALFORMED_REQUEST, member + " is not a GB/T 38540 structure: " + format.detail(),
          Map.of("field", member, "where", where));
    }
    return SealService.report(report);
  }

  /** The SM3 digest from {@code content} (base64) or {@code contentDigest} ({@code sm3:<hex>}), exactly one. */
  private static byte[] digest(JsonNode body, JsonBody b) {
    if (body.has("content") == body.has("contentDigest")) {
      throw ProblemException.malformed("/content", "give exactly one of /content (base64) and /contentDigest (sm3:<64 hex>)");
    }
    if (body.has("content")) {
      return org.certhub.signer.algorithm.DigestAlgorithm.SM3.digest(base64(body, "/content", "content", MAX_CONTENT_BYTES));
    }
    String d = b.string("contentDigest");
    if (!d.matches("sm3:[0-9a-fA-F]{64}")) {
      throw ProblemException.malformed("/contentDigest", "/contentDigest must be sm3:<64 hex digits>, but was: " + JsonBody.truncate(d));
    }
    return HexFormat.of().parseHex(d.substring(4));
  }

  private static byte[] base64(JsonNode body, String pointer, String name, int max) {
    JsonNode v = body.get(name);
    if (v == null || !v.isString()) {
      throw ProblemException.malformed(pointer, pointer + " must be a base64 string");
    }
    String s = v.stringValue();
    if (s.length() > (max / 3 + 1) * 4) {
      throw ProblemException.of(ErrorCode.PAYLOAD_TOO_LARGE, pointer + " is over " + (max >> 20) + " MB");
    }
    try {
      return Base64.getMimeDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw ProblemException.malformed(pointer, pointer + " must be base64, but was not: " + e.getMessage());
    }
  }

  private static Instant instant(JsonBody b, String name) {
    String v = b.optionalString(name);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw ProblemException.malformed("/" + name, "/" + name + " must be an RFC 3339 instant such as 2027-01-01T00:00:00Z, but was: "
          + JsonBody.truncate(v));
    }
  }

  private static X509Certificate certificate(String pointer, String pem) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException | ClassCastException e) {
      throw ProblemException.malformed(pointer, pointer + " must be a PEM X.509 certificate, but was not: " + e.getMessage());
    }
  }

  private static SealInfo.Picture picture(JsonNode p) {
    if (p == null || !p.isObject()) {
      throw ProblemException.malformed("/picture", "/picture must be an object {type, data, widthMm, heightMm}");
    }
    JsonBody b = JsonBody.at(p, "/picture").only(Set.of("type", "data", "widthMm", "heightMm"));
    String type = b.string("type").toUpperCase(java.util.Locale.ROOT); // as ofdrw and SealPictures write it
    if (!Set.of("PNG", "SVG", "JPG", "GIF", "BMP", "OFD").contains(type)) {
      throw ProblemException.malformed("/picture/type", "/picture/type must be png, svg, jpg, gif, bmp or ofd, but was: " + JsonBody.truncate(type));
    }
    byte[] data = base64(p, "/picture/data", "data", MAX_DER_BYTES);
    if (data.length == 0) {
      throw ProblemException.malformed("/picture/data", "/picture/data must not be empty");
    }
    return new SealInfo.Picture(type, data, millimetres(p, "widthMm"), millimetres(p, "heightMm"));
  }

  private static int millimetres(JsonNode p, String name) {
    JsonNode v = p.get(name);
    if (v == null || !v.isInt() || v.intValue() < 10 || v.intValue() > 100) {
      throw ProblemException.malformed("/picture/" + name, "/picture/" + name + " must be an integer from 10 to 100 (mm)");
    }
    return v.intValue();
  }

  private static void checkId(String pointer, String id) {
    if (id.isEmpty() || id.length() > 64 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '%' && c != '/' && c != '\\')) {
      throw ProblemException.malformed(pointer, pointer + " must be an esID of 1 to 64 printable ASCII characters");
    }
  }
}

package org.certhub.exchange.wallet;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.certhub.exchange.catalogue.CatalogueRepository;
import org.certhub.exchange.file.LicenceFileService;
import org.certhub.exchange.licence.LicenceRepository;
import org.certhub.exchange.licence.StoredLicence;
import org.certhub.exchange.me.CitizenTokens;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.JsonBody;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.file.FileFormat;
import org.certhub.signer.licence.FieldSpec;
import org.certhub.signer.licence.Licence;
import org.certhub.signer.licence.LicenceType;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The wallet's API for the signed-in holder ({@code Authorization: Bearer} citizen token):
 * {@code GET /api/v1/me/licences}, {@code POST /api/v1/me/licences/{id}/presentations} and
 * {@code GET /api/v1/me/licences/{id}/file}. A licence that is not the caller's is "not found", never "forbidden",
 * so its existence does not leak.
 */
@RestController
class WalletController {
  private static final int MAX_LICENCES = 200;
  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private final CitizenTokens tokens;
  private final LicenceRepository licences;
  private final CatalogueRepository catalogue;
  private final Presentations presentations;
  private final LicenceFileService files;
  private final Clock clock;

  WalletController(CitizenTokens tokens, LicenceRepository licences, CatalogueRepository catalogue, Presentations presentations,
      LicenceFileService files, Clock clock) {
    this.tokens = tokens;
    this.files = files;
    this.licences = licences;
    this.catalogue = catalogue;
    this.presentations = presentations;
    this.clock = clock;
  }

  @GetMapping(value = "/api/v1/me/licences", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> list(@RequestHeader(value = "Authorization", required = false) String authorization) {
    CitizenTokens.Citizen citizen = tokens.require(authorization);
    LocalDate today = LocalDate.now(clock.withZone(CHINA));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (StoredLicence s : licences.heldBy(citizen.pseudonym(), MAX_LICENCES)) {
      rows.add(row(s, today));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("holder", citizen.name());
    out.put("licences", rows);
    out.put("presentationLifetimeSeconds", presentations.lifetime().toSeconds());
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(out);
  }

  @PostMapping(value = "/api/v1/me/licences/{id}/presentations", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> present(
      @RequestHeader(value = "Authorization", required = false) String authorization, @PathVariable String id, @RequestBody JsonNode body) {
    CitizenTokens.Citizen citizen = tokens.require(authorization);
    List<String> fields = JsonBody.of(body).only(Set.of("fields")).stringList("fields", 64);
    Presentations.Presentation p = presentations.make(citizen.pseudonym(), id, fields);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("text", p.text());
    out.put("png", Base64.getEncoder().encodeToString(p.png()));
    out.put("fields", p.fields());
    out.put("issuedAt", p.issuedAt().toString());
    out.put("expiresAt", p.expiresAt().toString());
    out.put("lifetimeSeconds", presentations.lifetime().toSeconds());
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(out);
  }

  /** Without {@code ?format} the signed licence JSON (as before); with {@code ?format=ofd|pdf} the licence file. */
  @GetMapping("/api/v1/me/licences/{id}/file")
  ResponseEntity<?> file(@RequestHeader(value = "Authorization", required = false) String authorization, @PathVariable String id,
      @RequestParam(value = "format", required = false) String format) {
    CitizenTokens.Citizen citizen = tokens.require(authorization);
    if (format != null) {
      FileFormat f = FileFormat.named(format).orElseThrow(() -> ProblemException.malformed("?format", "format must be ofd or pdf, but was: "
          + JsonBody.truncate(format)));
      return ResponseEntity.ok()
          .contentType(MediaType.parseMediaType(f.mediaType()))
          .cacheControl(CacheControl.noStore())
          .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("licence-" + id + "." + f.extension()).build().toString())
          .body(files.forHolder(citizen.pseudonym(), id, f));
    }
    StoredLicence s = licences.findHeld(id, citizen.pseudonym())
        .orElseThrow(() -> ProblemException.of(ErrorCode.NOT_FOUND, "you hold no licence " + JsonBody.truncate(id)));
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .cacheControl(CacheControl.noStore())
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("licence-" + id + ".json").build().toString())
        .body(s.signed().toJson());
  }

  private Map<String, Object> row(StoredLicence s, LocalDate today) {
    Licence l = s.signed().licence();
    Optional<LicenceType> type = catalogue.find(l.typeCode());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", l.id().toString());
    m.put("type", Map.of("code", l.typeCode(), "name", l.typeName()));
    m.put("issuer", Map.of("code", l.issuerCode(), "name", l.issuerName()));
    m.put("status", s.statusOn(today));
    m.put("validFrom", l.validFrom().toString());
    m.put("validUntil", l.validUntil() == null ? "long-term" : l.validUntil().toString());
    List<Map<String, Object>> fields = new ArrayList<>();
    // Catalogue order and labels; sensitive fields are marked so the wallet leaves them unticked by default.
    type.ifPresent(t -> {
      for (FieldSpec f : t.fields()) {
        if (l.fields().containsKey(f.name())) {
          fields.add(Map.of("name", f.name(), "label", f.label(), "value", l.fields().get(f.name()), "sensitive", f.sensitive()));
        }
      }
    });
    for (Map.Entry<String, String> e : l.fields().entrySet()) {
      if (fields.stream().noneMatch(f -> f.get("name").equals(e.getKey()))) {
        fields.add(Map.of("name", e.getKey(), "label", e.getKey(), "value", e.getValue(), "sensitive", false));
      }
    }
    m.put("fields", fields);
    return m;
  }
}

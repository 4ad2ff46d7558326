package org.certhub.exchange.admin;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.certhub.exchange.audit.Access;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.department.Department;
import org.certhub.exchange.department.DepartmentRepository;
import org.certhub.exchange.department.Role;
import org.certhub.exchange.licence.HolderIds;
import org.certhub.exchange.pki.CertificateService;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.JsonBody;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.SignerException;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.Pem;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Operators register departments, certify their client keys (the department keeps its private key; only
 * the public key comes here), and suspend or reinstate them. Every action is a ledger entry.
 */
@RestController
class DepartmentAdminController {
  private static final Duration CREDENTIAL_VALIDITY = Duration.ofDays(365);
  private final DepartmentRepository departments;
  private final CertificateService certificates;
  private final AccessLog accessLog;
  private final Clock clock;

  DepartmentAdminController(DepartmentRepository departments, CertificateService certificates, AccessLog accessLog, Clock clock) {
    this.departments = departments;
    this.certificates = certificates;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  @PostMapping(value = "/api/v1/admin/departments", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> register(Caller caller, @RequestBody JsonNode body) {
    caller.require(Role.ADMIN);
    JsonBody b = JsonBody.of(body).only(Set.of("code", "name", "roles"));
    String code = b.string("code");
    if (!HolderIds.isUscc(code)) {
      throw ProblemException.malformed("/code", "/code must be a unified social credit code with its check character, but was: "
          + JsonBody.truncate(code));
    }
    JsonNode rolesNode = body.get("roles");
    if (rolesNode == null || !rolesNode.isArray() || rolesNode.isEmpty()) {
      throw ProblemException.malformed("/roles", "/roles must be a non-empty array of " + List.of(Role.values()));
    }
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (int i = 0; i < rolesNode.size(); i++) {
      String r = rolesNode.get(i).isString() ? rolesNode.get(i).stringValue() : "";
      try {
        roles.add(Role.valueOf(r));
      } catch (IllegalArgumentException e) {
        throw ProblemException.malformed("/roles/" + i, "/roles/" + i + " must be one of " + List.of(Role.values()) + ", but was: "
            + JsonBody.truncate(rolesNode.get(i).toString()));
      }
    }
    if (departments.find(code).isPresent()) {
      throw ProblemException.of(ErrorCode.CONFLICT, "department " + code + " is already registered");
    }
    Department d = new Department(code, b.string("name"), roles);
    departments.add(d);
    record(caller, "admin.department.register", code);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("code", d.code());
    out.put("name", d.name());
    out.put("roles", d.roles().stream().map(Enum::name).sorted().toList());
    return ResponseEntity.status(201).body(out);
  }

  /** Certifies a department's TLS client key: {@code {"publicKey": "<PEM or base64 SubjectPublicKeyInfo>"}}. */
  @PostMapping(value = "/api/v1/admin/departments/{code}/credentials", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> credential(Caller caller, @PathVariable String code, @RequestBody JsonNode body) {
    caller.require(Role.ADMIN);
    Department d = known(code);
    String text = JsonBody.of(body).only(Set.of("publicKey")).string("publicKey");
    PublicKey key = publicKey(text);
    X509Certificate cert;
    try {
      cert = certificates.issue("CN=" + rdn(d.name()) + ",organizationIdentifier=" + d.code() + ",O=" + rdn(d.name()), key,
          CertificateProfile.TLS_CLIENT, List.of(), CREDENTIAL_VALIDITY, d.code(), "tls-client");
    } catch (SignerException e) {
      throw ProblemException.malformed("/publicKey", "/publicKey cannot be certified: " + e.getMessage());
    }
    departments.addCredential(d.code(), cert);
    record(caller, "admin.department.credential", d.code());
    return ResponseEntity.status(201).contentType(MediaType.parseMediaType("application/x-pem-file")).body(Pem.certificates(certificates.chainOf(cert)));
  }

  @PostMapping(value = "/api/v1/admin/departments/{code}/suspension", consumes = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> suspend(Caller caller, @PathVariable String code, @RequestBody JsonNode body) {
    caller.require(Role.ADMIN);
    known(code);
    String reason = JsonBody.of(body).only(Set.of("reason")).string("reason");
    if (code.equals(caller.code())) {
      throw ProblemException.of(ErrorCode.CONFLICT, "an operator cannot suspend its own department");
    }
    if (!departments.suspend(code, clock.instant(), JsonBody.truncate(reason))) {
      throw ProblemException.of(ErrorCode.CONFLICT, "department " + code + " is already suspended");
    }
    record(caller, "admin.department.suspend", code);
    return Map.of("code", code, "suspended", true);
  }

  @DeleteMapping(value = "/api/v1/admin/departments/{code}/suspension")
  Map<String, Object> reinstate(Caller caller, @PathVariable String code) {
    caller.require(Role.ADMIN);
    known(code);
    if (!departments.reinstate(code)) {
      throw ProblemException.of(ErrorCode.CONFLICT, "department " + code + " is not suspended");
    }
    record(caller, "admin.department.reinstate", code);
    return Map.of("code", code, "suspended", false);
  }

  private Department known(String code) {
    return departments.find(code).orElseThrow(() -> ProblemException.of(ErrorCode.NOT_FOUND, "no department with code " + JsonBody.truncate(code)));
  }

  /** RFC 4514 escaping of an attribute value. */
  static String rdn(String value) {
    String v = value.replaceAll("([\\\\,+\"<>;=])", "\\\\$1");
    return v.startsWith("#") || v.startsWith(" ") ? "\\" + v : v;
  }

  private static PublicKey publicKey(String text) {
    String b64 = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw ProblemException.malformed("/publicKey", "/publicKey must be a PEM or base64 SubjectPublicKeyInfo");
    }
    List<String> tried = new ArrayList<>();
    for (String alg : List.of("EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
      } catch (java.security.GeneralSecurityException e) {
        tried.add(alg);
      }
    }
    throw ProblemException.malformed("/publicKey", "/publicKey must be an EC (P-256) or Ed25519 public key, but was not readable as " + tried);
  }

  private void record(Caller caller, String action, String subject) {
    accessLog.record(new Access(action, caller.code(), null, null, null, null, "allowed", subject, UUID.randomUUID().toString())
        .by(caller.certificateFingerprint(), null));
  }
}

package org.certhub.exchange.pki;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.certhub.exchange.audit.Access;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.department.Department;
import org.certhub.exchange.department.DepartmentRepository;
import org.certhub.exchange.department.Role;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.JsonBody;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.SignerException;
import org.certhub.signer.pki.Revocation;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Operators' PKI actions: revoke a certificate, rotate a department's signing key. Each is a ledger
 * entry, recorded before the answer leaves.
 */
@RestController
class AdminController {
  private static final int SUPERSEDED = 4;
  private final CertificateService certificates;
  private final DepartmentRepository departments;
  private final IssuerKeys issuerKeys;
  private final AccessLog accessLog;
  private final TrustListPublisher trustList;

  AdminController(CertificateService certificates, DepartmentRepository departments, IssuerKeys issuerKeys, AccessLog accessLog,
      TrustListPublisher trustList) {
    this.trustList = trustList;
    this.certificates = certificates;
    this.departments = departments;
    this.issuerKeys = issuerKeys;
    this.accessLog = accessLog;
  }

  @PostMapping(
      value = "/api/v1/admin/certificates/{serial}/revocation",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> revoke(Caller caller, @PathVariable String serial, @RequestBody JsonNode body) {
    caller.require(Role.ADMIN);
    String reasonName = JsonBody.of(body).only(Set.of("reason")).string("reason");
    int reason = Reasons.code(reasonName);
    if (reason < 0) {
      throw ProblemException.malformed(
          "/reason", "/reason must be one of " + Reasons.accepted() + ", but was: " + JsonBody.truncate(reasonName));
    }
    String key = normalise(serial);
    IssuedCertificate revoked = certificates.revoke(key, reason);
    trustList.invalidate();
    var receipt =
        accessLog.record(
            new Access("admin.certificate.revoke", caller.code(), null, null, null, null, "allowed", Reasons.name(reason), UUID.randomUUID().toString())
                .by(caller.certificateFingerprint(), null));
    Map<String, Object> out = view(revoked);
    out.put("ledgerIndex", receipt.index());
    return out;
  }

  @PostMapping(value = "/api/v1/admin/departments/{code}/signing-key", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> rotate(Caller caller, @PathVariable String code) throws SignerException {
    caller.require(Role.ADMIN);
    Department d =
        departments.find(code).orElseThrow(() -> ProblemException.of(ErrorCode.NOT_FOUND, "no department with code " + JsonBody.truncate(code)));
    if (!d.has(Role.ISSUE)) {
      throw ProblemException.of(ErrorCode.CONFLICT, "department " + code + " does not issue licences, so it has no signing key");
    }
    var old = certificates.ofDepartment(code, IssuerKeys.PURPOSE).stream().filter(c -> c.revocation() == null).toList();
    var fresh = issuerKeys.create(code, d.name());
    for (IssuedCertificate c : old) {
      certificates.revoke(c.serial(), SUPERSEDED);
      trustList.invalidate();
    }
    var receipt =
        accessLog.record(
            new Access("admin.key.rotate", caller.code(), null, null, null, null, "allowed", code, UUID.randomUUID().toString())
                .by(caller.certificateFingerprint(), null));
    Map<String, Object> out = view(certificates.find(fresh).orElseThrow());
    out.put("superseded", old.stream().map(IssuedCertificate::serial).toList());
    out.put("ledgerIndex", receipt.index());
    return out;
  }

  static String normalise(String serial) {
    if (!serial.matches("[0-9a-fA-F]{1,40}")) {
      throw ProblemException.malformed("/serial", "serial must be 1 to 40 hex digits, but was: " + JsonBody.truncate(serial));
    }
    return new java.math.BigInteger(serial, 16).toString(16);
  }

  static Map<String, Object> view(IssuedCertificate c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("serial", c.serial());
    out.put("subject", c.subject());
    out.put("department", c.departmentCode());
    out.put("purpose", c.purpose());
    out.put("fingerprint", c.fingerprint());
    out.put("notAfter", c.notAfter().toString());
    Revocation r = c.revocation();
    if (r != null) {
      out.put("revokedAt", r.revokedAt().toString());
      out.put("reason", Reasons.name(r.reason()));
    }
    return out;
  }
}

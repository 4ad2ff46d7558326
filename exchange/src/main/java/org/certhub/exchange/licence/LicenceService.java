package org.certhub.exchange.licence;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.certhub.exchange.audit.Access;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.audit.Pseudonymiser;
import org.certhub.exchange.catalogue.CatalogueRepository;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.department.Role;
import org.certhub.exchange.pki.CertificateService;
import org.certhub.exchange.pki.IssuedCertificate;
import org.certhub.exchange.pki.IssuerKeys;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.ProblemException;
import org.certhub.ledger.Receipt;
import org.certhub.signer.SignerException;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.licence.Holder;
import org.certhub.signer.licence.Licence;
import org.certhub.signer.licence.LicenceId;
import org.certhub.signer.licence.LicenceSigner;
import org.certhub.signer.licence.LicenceType;
import org.certhub.signer.licence.SignedLicence;
import org.certhub.signer.licence.Violation;
import org.springframework.stereotype.Service;
import org.certhub.exchange.subscription.EventOutbox;
import org.certhub.exchange.subscription.LicenceEvent;
import org.springframework.transaction.annotation.Transactional;

/**
 * The licence lifecycle for issuing departments: issue (schema-checked against the catalogue, GB/T 36904
 * identifier, signed with the department's key), update (a new signed version; the old one is marked
 * superseded and still verifies), revoke, expire, and bulk issue with nothing half-done. Every change is a
 * ledger entry, durable before the answer leaves.
 */
@Service
public class LicenceService {
  private final CatalogueRepository catalogue;
  private final LicenceRepository licences;
  private final IssuerKeys issuerKeys;
  private final CertificateService certificates;
  private final AccessLog accessLog;
  private final Pseudonymiser pseudonymiser;
  private final Clock clock;

  private final EventOutbox events;
  private final StatusListPublisher statusList;

  public LicenceService(
      CatalogueRepository catalogue,
      LicenceRepository licences,
      IssuerKeys issuerKeys,
      CertificateService certificates,
      AccessLog accessLog,
      Pseudonymiser pseudonymiser,
      Clock clock,
      EventOutbox events,
      StatusListPublisher statusList) {
    this.events = events;
    this.statusList = statusList;
    this.catalogue = catalogue;
    this.licences = licences;
    this.issuerKeys = issuerKeys;
    this.certificates = certificates;
    this.accessLog = accessLog;
    this.pseudonymiser = pseudonymiser;
    this.clock = clock;
  }

  /** A request to issue one licence, already parsed (see {@link LicenceController}). */
  public record IssueRequest(
      String licenceType, Holder holder, Map<String, String> fields, LocalDate validFrom, LocalDate validUntil, String jurisdiction) {
    public IssueRequest(String licenceType, Holder holder, Map<String, String> fields, LocalDate validFrom, LocalDate validUntil) {
      this(licenceType, holder, fields, validFrom, validUntil, null);
    }
  }

  /**
   * A change to a licence: the new version carries the old one's data with these changes. Null members
   * keep the old value; {@code fields} entries replace or add values (a null value removes an optional
   * field); {@code clearValidUntil} makes the new version long-term.
   */
  public record UpdateRequest(String holderName, Map<String, String> fields, LocalDate validFrom, LocalDate validUntil, boolean clearValidUntil) {}

  /** The issued licence and the ledger receipt of its issuance. */
  public record Issued(SignedLicence licence, Receipt receipt) {}

  /** Issues a licence for the calling department; the licence row and its event commit together. */
  @Transactional
  public Issued issue(Caller caller, IssueRequest req) {
    caller.require(Role.ISSUE);
    LicenceType type = issuableType(caller, req.licenceType(), "/licenceType");
    Licence licence = draft(caller, type, req, LicenceId.of(type.code(), caller.code(), LicenceId.randomSerial(), 1), null);
    SignedLicence signed = sign(caller, licence);
    String holderKey = pseudonymiser.of(req.holder().id());
    Receipt receipt = record(caller, "licence.issue", holderKey, licence, null);
    licences.add(signed, holderKey);
    event("licence.issued", licence, holderKey, null, "valid");
    return new Issued(signed, receipt);
  }

  /**
   * Issues many licences at once, all or nothing: every row is checked first and a report of every bad row
   * is returned as 422 with nothing issued; otherwise all are signed, recorded and stored in one
   * transaction.
   */
  @Transactional
  public List<Issued> issueAll(Caller caller, List<IssueRequest> rows) {
    caller.require(Role.ISSUE);
    List<Map<String, Object>> report = new ArrayList<>();
    List<Licence> drafts = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      IssueRequest req = rows.get(i);
      try {
        LicenceType type = issuableType(caller, req.licenceType(), "/licenceType");
        drafts.add(draft(caller, type, req, LicenceId.of(type.code(), caller.code(), LicenceId.randomSerial(), 1), null));
      } catch (ProblemException e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("row", i + 1);
        row.put("code", e.code().code());
        row.put("detail", e.getMessage());
        Object violations = e.properties().get("violations");
        row.put("violations", violations != null ? violations : List.of(Map.of("path", e.field() == null ? "" : e.field(), "message", e.getMessage())));
        report.add(row);
      }
    }
    if (!report.isEmpty()) {
      throw ProblemException.withProperties(
          ErrorCode.SCHEMA_VIOLATION,
          report.size() + " of " + rows.size() + " rows are invalid; nothing was issued",
          Map.of("rows", report));
    }
    List<SignedLicence> signed = new ArrayList<>();
    for (Licence l : drafts) {
      signed.add(sign(caller, l));
    }
    List<Issued> out = new ArrayList<>();
    for (SignedLicence s : signed) {
      String holderKey = pseudonymiser.of(s.licence().holder().id());
      licences.add(s, holderKey);
      event("licence.issued", s.licence(), holderKey, null, "valid");
      out.add(new Issued(s, record(caller, "licence.issue", holderKey, s.licence(), "bulk")));
    }
    return out;
  }

  /** Issues the next version of a licence; the old version becomes superseded. */
  @Transactional
  public Issued update(Caller caller, String id, UpdateRequest req) {
    caller.require(Role.ISSUE);
    StoredLicence current = own(caller, id);
    if (!"valid".equals(current.statusOn(LocalDate.now(clock)))) {
      throw ProblemException.of(
          ErrorCode.CONFLICT, "licence " + id + " is " + current.statusOn(LocalDate.now(clock)) + "; only a valid licence can be updated"
              + (current.supersededBy() == null ? "" : " (its current version is " + current.supersededBy() + ")"));
    }
    Licence old = current.signed().licence();
    LicenceType type = issuableType(caller, old.typeCode(), "/licenceType");
    Map<String, String> fields = new LinkedHashMap<>(old.fields());
    if (req.fields() != null) {
      req.fields().forEach((k, v) -> {
        if (v == null) {
          fields.remove(k);
        } else {
          fields.put(k, v);
        }
      });
    }
    Holder holder = req.holderName() == null ? old.holder() : new Holder(old.holder().id(), old.holder().idType(), req.holderName());
    LocalDate validUntil = req.clearValidUntil() ? null : req.validUntil() != null ? req.validUntil() : old.validUntil();
    IssueRequest merged =
        new IssueRequest(type.code(), holder, fields, req.validFrom() != null ? req.validFrom() : old.validFrom(), validUntil, old.jurisdiction());
    LicenceId next = LicenceId.of(old.id().typeCode(), old.id().issuerCode(), old.id().serial(), old.id().version() + 1);
    Licence licence = draft(caller, type, merged, next, old.id());
    SignedLicence signed = sign(caller, licence);
    if (!licences.changeStatus(id, "superseded", licence.issuedAt(), null, next.toString())) {
      throw ProblemException.of(ErrorCode.CONFLICT, "licence " + id + " was changed concurrently; fetch it again");
    }
    String holderKey = licences.holderKey(id).orElseThrow();
    licences.add(signed, holderKey);
    event("licence.updated", licence, holderKey, id, "valid");
    statusList.invalidate();
    Receipt receipt = record(caller, "licence.update", holderKey, licence, id);
    return new Issued(signed, receipt);
  }

  /** Revokes a valid licence. */
  @Transactional
  public StoredLicence revoke(Caller caller, String id, String reason) {
    caller.require(Role.ISSUE);
    StoredLicence current = own(caller, id);
    String status = current.statusOn(LocalDate.now(clock));
    if (!"valid".equals(status)) {
      throw ProblemException.of(ErrorCode.CONFLICT, "licence " + id + " is " + status + "; only a valid licence can be revoked");
    }
    var at = clock.instant();
    if (!licences.changeStatus(id, "revoked", at, reason, null)) {
      throw ProblemException.of(ErrorCode.CONFLICT, "licence " + id + " was changed concurrently; fetch it again");
    }
    String holderKey = licences.holderKey(id).orElseThrow();
    event("licence.revoked", current.signed().licence(), holderKey, null, "revoked");
    statusList.invalidate();
    record(caller, "licence.revoke", holderKey, current.signed().licence(), reason);
    return new StoredLicence(current.signed(), "revoked", at, reason, null);
  }

  /** A licence the caller issued, with its status; the read is recorded. Other departments get 404 (no leak). */
  public StoredLicence get(Caller caller, String id) {
    caller.require(Role.ISSUE);
    StoredLicence stored = own(caller, id);
    record(caller, "licence.read", licences.holderKey(id).orElseThrow(), stored.signed().licence(), null);
    return stored;
  }

  /** A page of the caller's issued licences. */
  public List<StoredLicence> list(Caller caller, String type, String status, int page, int size) {
    caller.require(Role.ISSUE);
    return licences.issuedBy(caller.code(), type, status, page * size, size);
  }

  /** The number of the caller's issued licences matching the filters. */
  public long count(Caller caller, String type, String status) {
    return licences.countIssuedBy(caller.code(), type, status);
  }

  /** Marks one licence that is past its last day as expired and records it; false if it changed meanwhile. */
  public boolean expire(StoredLicence stored) {
    Licence l = stored.signed().licence();
    if (!licences.changeStatus(l.id().toString(), "expired", clock.instant(), "validUntil " + l.validUntil(), null)) {
      return false;
    }
    licences.holderKey(l.id().toString()).ifPresent(k -> event("licence.expired", l, k, null, "expired"));
    accessLog.record(
        new Access("licence.expire", l.issuerCode(), licences.holderKey(l.id().toString()).orElse(null), l.typeCode(), l.id().toString(),
            null, "allowed", null, UUID.randomUUID().toString()));
    return true;
  }

  private StoredLicence own(Caller caller, String id) {
    return licences.findIssued(id, caller.code())
        .orElseThrow(() -> ProblemException.of(ErrorCode.NOT_FOUND, "department " + caller.code() + " issued no licence " + org.certhub.exchange.web.JsonBody.truncate(id)));
  }

  private LicenceType issuableType(Caller caller, String code, String pointer) {
    LicenceType type =
        catalogue.find(code).orElseThrow(() -> ProblemException.malformed(pointer, "licence type " + code + " is not in the catalogue"));
    if (!type.mayIssue(caller.code())) {
      throw ProblemException.denied(
          ErrorCode.ISSUER_NOT_AUTHORISED, "catalogue.issuer", "department " + caller.code() + " is not an issuer of licence type " + type.code());
    }
    return type;
  }

  /** Builds the licence and checks it against its type; every problem is reported at once (422). */
  private Licence draft(Caller caller, LicenceType type, IssueRequest req, LicenceId id, LicenceId previous) {
    LocalDate validFrom = req.validFrom() == null ? LocalDate.now(clock) : req.validFrom();
    List<Map<String, String>> violations = new ArrayList<>();
    if (!HolderIds.isValid(req.holder().idType(), req.holder().id())) {
      violations.add(violation("/holder/id", "/holder/id must be a valid identifier of type " + req.holder().idType()
          + " (with its check character), but was: " + Pseudonymiser.mask(req.holder().id())));
    }
    if (req.validUntil() != null && req.validUntil().isBefore(validFrom)) {
      throw ProblemException.malformed("/validUntil", "/validUntil must not be before /validFrom (" + validFrom + "), but was: " + req.validUntil());
    }
    if (req.jurisdiction() != null && !req.jurisdiction().matches("[0-9]{6}")) {
      throw ProblemException.malformed("/jurisdiction", "/jurisdiction must be a GB/T 2260 code of 6 digits, but was: "
          + org.certhub.exchange.web.JsonBody.truncate(req.jurisdiction()));
    }
    Licence licence;
    try {
      licence =
          new Licence(id, type.code(), type.name(), caller.code(), caller.department().name(), req.holder(), req.fields(), validFrom,
              req.validUntil(), clock.instant().truncatedTo(ChronoUnit.SECONDS), req.jurisdiction(), previous);
    } catch (IllegalArgumentException e) {
      throw ProblemException.malformed("", e.getMessage());
    }
    for (Violation v : type.check(licence)) {
      violations.add(violation(pointer(v.path()), v.message()));
    }
    if (!violations.isEmpty()) {
      throw ProblemException.withProperties(
          ErrorCode.SCHEMA_VIOLATION,
          "the licence breaks the rules of licence type " + type.code() + " (" + type.name() + "): " + violations.size() + " problem(s)",
          Map.of("violations", violations));
    }
    return licence;
  }

  private SignedLicence sign(Caller caller, Licence licence) {
    KeyHandle key = issuerKeys.signingKey(caller.code());
    X509Certificate leaf = key.chain().get(0);
    IssuedCertificate registered = certificates.find(leaf).orElse(null);
    if (registered != null && registered.revocation() != null) {
      throw ProblemException.of(
          ErrorCode.SIGNING_KEY_REVOKED,
          "the signing certificate " + registered.serial() + " of department " + caller.code() + " was revoked at "
              + registered.revocation().revokedAt() + "; nothing is signed until an admin rotates the key");
    }
    try {
      return LicenceSigner.sign(licence, key);
    } catch (SignerException e) {
      throw ProblemException.withCause(ErrorCode.INTEGRITY_FAILURE, "the licence could not be signed", e);
    }
  }

  /** Queues a lifecycle event in the outbox, in the transaction of the change (where there is one). */
  private void event(String type, Licence l, String holderKey, String previousId, String status) {
    events.publish(new LicenceEvent("evt-" + UUID.randomUUID(), type, clock.instant(), l.id().toString(), l.typeCode(), holderKey,
        l.holder().id(), previousId, status));
  }

  private Receipt record(Caller caller, String action, String holderKey, Licence l, String rule) {
    return accessLog.record(
        new Access(action, caller.code(), holderKey, l.typeCode(), l.id().toString(), null, "allowed", rule, UUID.randomUUID().toString())
            .by(caller.certificateFingerprint(), null));
  }

  /** {@code licence.fields.x} (the signer's path) → {@code /fields/x} (the API's JSON pointer). */
  static String pointer(String path) {
    String p = path.startsWith("licence.") ? path.substring("licence.".length()) : path.equals("licence") ? "" : path;
    return p.isEmpty() ? "" : "/" + p.replace('.', '/');
  }

  private static Map<String, String> violation(String path, String message) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("path", path);
    m.put("message", message);
    return m;
  }
}

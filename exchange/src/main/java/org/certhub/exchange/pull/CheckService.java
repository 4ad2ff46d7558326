package org.certhub.exchange.pull;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.certhub.exchange.audit.Access;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.audit.Pseudonymiser;
import org.certhub.exchange.catalogue.CatalogueRepository;
import org.certhub.exchange.consent.ConsentService;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.department.Role;
import org.certhub.exchange.licence.LicenceRepository;
import org.certhub.exchange.licence.StoredLicence;
import org.certhub.exchange.licence.VerifiedLicences;
import org.certhub.exchange.matter.Matter;
import org.certhub.exchange.matter.MatterRepository;
import org.certhub.exchange.policy.Decision;
import org.certhub.exchange.policy.Policy;
import org.certhub.exchange.policy.PolicyService;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.ProblemException;
import org.certhub.exchange.web.RateLimits;
import org.certhub.ledger.Receipt;
import org.certhub.signer.SignerException;
import org.certhub.signer.licence.Licence;
import org.certhub.signer.licence.LicenceType;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Check (核验): instead of the data, a signed yes or no per claim about a holder's licence: a field equals a
 * value, the licence is valid on a date, it is not revoked. Values never leave the hub, which is the data
 * minimisation a matter that only needs a yes/no asks for. The same policy as a pull applies, and a
 * field may only be checked if the policy grants it (else probing would reveal it). Every check, refused
 * ones too, is a ledger entry before the answer leaves.
 */
@Service
public class CheckService {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final CatalogueRepository catalogue;
  private final MatterRepository matters;
  private final PolicyService policies;
  private final LicenceRepository licences;
  private final VerifiedLicences verifiedLicences;
  private final AccessLog accessLog;
  private final Pseudonymiser pseudonymiser;
  private final ResponseSigner responseSigner;
  private final Clock clock;
  private final RateLimits rateLimits;
  private final ConsentService consents;

  public CheckService(
      CatalogueRepository catalogue, MatterRepository matters, PolicyService policies, LicenceRepository licences, VerifiedLicences verifiedLicences,
      AccessLog accessLog, Pseudonymiser pseudonymiser, ResponseSigner responseSigner, Clock clock, RateLimits rateLimits,
      ConsentService consents) {
    this.catalogue = catalogue;
    this.matters = matters;
    this.policies = policies;
    this.licences = licences;
    this.verifiedLicences = verifiedLicences;
    this.accessLog = accessLog;
    this.pseudonymiser = pseudonymiser;
    this.responseSigner = responseSigner;
    this.clock = clock;
    this.rateLimits = rateLimits;
    this.consents = consents;
  }

  /** One claim: exactly one of {@code field}+{@code equals}, {@code validOn}, {@code notRevoked}. */
  public sealed interface Claim {
    record FieldEquals(String field, String value) implements Claim {}

    record ValidOn(LocalDate date) implements Claim {}

    record NotRevoked() implements Claim {}
  }

  /** A check request, already parsed. */
  public record CheckRequest(
      String holder, String licenceType, String matter, List<Claim> claims, String purpose, String officer, String requestDigest,
      String consent, String signature) {}

  /** Performs the check and returns the hub-signed answer. */
  public ObjectNode check(Caller caller, CheckRequest req) {
    rateLimits.requireForMatter(caller.code(), req.matter());
    // The pull role is the policy's first rule (department.role), so a refusal for a missing role is recorded too.
    String requestId = UUID.randomUUID().toString();
    String holderKey = pseudonymiser.of(req.holder());
    List<String> checkedFields = req.claims().stream().filter(c -> c instanceof Claim.FieldEquals).map(c -> ((Claim.FieldEquals) c).field()).toList();
    Matter matter = matters.find(req.matter()).orElse(null);
    LicenceType type = catalogue.find(req.licenceType()).orElse(null);
    if (type == null || matter == null) {
      String field = type == null ? "/licenceType" : "/matter";
      record(caller, holderKey, req, "not_found", field.substring(1) + ".unknown", requestId, checkedFields);
      throw ProblemException.malformed(field, type == null ? "licence type " + req.licenceType() + " is not in the catalogue"
          : "matter " + req.matter() + " is not known");
    }
    Decision decision = policies.decide(caller.department(), type, matter, PolicyService.Use.CHECK);
    if (decision instanceof Decision.Refused refused) {
      record(caller, holderKey, req, "denied", refused.rule(), requestId, checkedFields);
      throw refused.toProblem();
    }
    Policy policy = ((Decision.Granted) decision).policy();
    for (int i = 0; i < req.claims().size(); i++) {
      if (req.claims().get(i) instanceof Claim.FieldEquals f && !policy.fields().contains(f.field())) {
        record(caller, holderKey, req, "denied", "policy.fields", requestId, checkedFields);
        throw ProblemException.denied(ErrorCode.POLICY_DENIED, "policy.fields", "/claims/" + i + ": policy " + policy.id()
            + " does not grant field " + f.field() + ", so it cannot be checked either");
      }
    }
    ConsentService.Outcome consent = consents.decide(holderKey, caller.code(), matter, req.consent());
    if (consent.refusal() != null) {
      record(caller, holderKey, req, "denied", consent.refusal().rule(), requestId, checkedFields);
      throw consent.refusal().toProblem();
    }
    String consentId = consent.consentId();
    StoredLicence stored = licences.latest(holderKey, type.code()).orElse(null);
    if (stored == null) {
      record(caller, holderKey, req, "not_found", policy.id(), requestId, checkedFields, consentId);
      throw ProblemException.of(ErrorCode.NOT_FOUND, "holder " + Pseudonymiser.mask(req.holder()) + " has no licence of type " + type.code());
    }
    Licence licence;
    try {
      licence = verifiedLicences.of(stored).licence();
    } catch (SignerException e) {
      throw ProblemException.withCause(ErrorCode.INTEGRITY_FAILURE, "the stored licence failed its signature check; no answer is given", e);
    }
    String status = stored.statusOn(LocalDate.now(clock));
    List<Boolean> results = new ArrayList<>();
    for (Claim c : req.claims()) {
      if (c instanceof Claim.FieldEquals f) {
        results.add(f.value().equals(licence.fields().get(f.field())));
      } else if (c instanceof Claim.ValidOn v) {
        results.add(!v.date().isBefore(licence.validFrom()) && (licence.validUntil() == null || !v.date().isAfter(licence.validUntil()))
            && !"revoked".equals(status));
      } else {
        results.add(!"revoked".equals(status));
      }
    }
    Receipt receipt = record(caller, holderKey, req, "allowed", policy.id(), requestId, checkedFields, consentId);
    ObjectNode out = JSON.createObjectNode();
    out.put("requestId", requestId);
    out.put("matter", matter.code());
    out.putObject("policy").put("id", policy.id()).put("legalBasis", policy.legalBasis());
    out.putObject("licenceType").put("code", type.code()).put("name", type.name());
    ArrayNode rs = out.putArray("results");
    for (int i = 0; i < results.size(); i++) {
      ObjectNode r = rs.addObject();
      r.put("claim", i);
      r.put("holds", results.get(i));
    }
    out.put("allHold", results.stream().allMatch(Boolean::booleanValue));
    out.putObject("receipt").put("index", receipt.index()).put("leafHash", java.util.Base64.getEncoder().encodeToString(receipt.leafHash()));
    out.put("signedAt", clock.instant().toString());
    return responseSigner.sign(out);
  }

  private Receipt record(
      Caller caller, String holderKey, CheckRequest req, String outcome, String rule, String requestId, List<String> checkedFields) {
    return record(caller, holderKey, req, outcome, rule, requestId, checkedFields, null);
  }

  private Receipt record(
      Caller caller, String holderKey, CheckRequest req, String outcome, String rule, String requestId, List<String> checkedFields,
      String consentId) {
    return accessLog.record(
        new Access("check", caller.code(), holderKey, req.licenceType(), null, req.matter(), outcome, rule, requestId)
            .by(caller.certificateFingerprint(), req.officer())
            .about(req.purpose(), checkedFields.isEmpty() ? null : checkedFields, req.requestDigest())
            .withConsent(consentId)
            .signedAs(req.signature()));
  }
}

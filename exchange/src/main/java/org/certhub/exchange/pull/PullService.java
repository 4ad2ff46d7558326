package org.certhub.exchange.pull;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.certhub.exchange.audit.Access;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.audit.Pseudonymiser;
import org.certhub.exchange.catalogue.CatalogueRepository;
import org.certhub.signer.licence.LicenceType;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.licence.LicenceRepository;
import org.certhub.exchange.licence.StoredLicence;
import org.certhub.exchange.licence.TrustAnchors;
import org.certhub.exchange.matter.Matter;
import org.certhub.exchange.matter.MatterRepository;
import org.certhub.exchange.policy.Decision;
import org.certhub.exchange.policy.Policy;
import org.certhub.exchange.policy.PolicyService;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.ProblemException;
import org.certhub.exchange.web.RateLimits;
import org.certhub.exchange.web.JsonBody;
import org.certhub.ledger.Receipt;
import org.certhub.signer.SignerException;
import org.certhub.signer.licence.Licence;
import org.certhub.signer.licence.LicenceVerifier;
import org.certhub.signer.licence.VerifiedLicence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A consuming department pulls a holder's licence data for a matter (DESIGN §4 flow 2).
 *
 * <p>Every authenticated, well-formed pull is recorded in the ledger, refused ones included, and the
 * answer, data or refusal, leaves only after its entry is durable. The data is the policy's fields of a
 * licence whose issuer signature verified again just now, signed by the hub with the receipt inside.
 */
@Service
public class PullService {
  private static final Logger log = LoggerFactory.getLogger(PullService.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final CatalogueRepository catalogue;
  private final MatterRepository matters;
  private final PolicyService policies;
  private final LicenceRepository licences;
  private final TrustAnchors anchors;
  private final AccessLog accessLog;
  private final Pseudonymiser pseudonymiser;
  private final ResponseSigner responseSigner;
  private final Clock clock;
  private final RateLimits rateLimits;

  public PullService(
      CatalogueRepository catalogue,
      MatterRepository matters,
      PolicyService policies,
      LicenceRepository licences,
      TrustAnchors anchors,
      AccessLog accessLog,
      Pseudonymiser pseudonymiser,
      ResponseSigner responseSigner,
      Clock clock,
      RateLimits rateLimits) {
    this.catalogue = catalogue;
    this.matters = matters;
    this.policies = policies;
    this.licences = licences;
    this.anchors = anchors;
    this.accessLog = accessLog;
    this.pseudonymiser = pseudonymiser;
    this.responseSigner = responseSigner;
    this.clock = clock;
    this.rateLimits = rateLimits;
  }

  /**
   * A pull request, already parsed.
   *
   * @param holder the holder's identifier
   * @param licenceType the licence type code
   * @param matter the matter the pull is for
   * @param licenceId a specific licence to pull, or null for the holder's latest of the type
   */
  public record PullRequest(
      String holder, String licenceType, String matter, String licenceId, String purpose, String officer, String requestDigest) {
    public PullRequest(String holder, String licenceType, String matter, String licenceId) {
      this(holder, licenceType, matter, licenceId, null, null, null);
    }
  }

  /** Performs the pull and returns the signed response body. */
  public ObjectNode pull(Caller caller, PullRequest req) {
    rateLimits.require(caller.code() + "|" + req.matter(), "department " + caller.code() + " and matter " + JsonBody.truncate(req.matter()));
    String requestId = UUID.randomUUID().toString();
    String holderKey = pseudonymiser.of(req.holder());
    Matter matter = matters.find(req.matter()).orElse(null);
    LicenceType type = catalogue.find(req.licenceType()).orElse(null);
    if (type == null || matter == null) {
      String field = type == null ? "/licenceType" : "/matter";
      String what = type == null ? "licence type " + req.licenceType() + " is not in the catalogue" : "matter " + req.matter() + " is not known";
      record(caller, holderKey, req, null, "not_found", field.substring(1) + ".unknown", requestId);
      throw ProblemException.malformed(field, what);
    }
    Decision decision = policies.decide(caller.department(), type, matter);
    if (decision instanceof Decision.Refused refused) {
      record(caller, holderKey, req, null, "denied", refused.rule(), requestId);
      throw refused.toProblem();
    }
    Policy policy = ((Decision.Granted) decision).policy();
    StoredLicence stored =
        (req.licenceId() == null
                ? licences.latest(holderKey, type.code())
                : licences.find(req.licenceId(), holderKey, type.code()))
            .orElse(null);
    if (stored == null) {
      record(caller, holderKey, req, null, "not_found", policy.id(), requestId);
      throw ProblemException.of(
          ErrorCode.NOT_FOUND, "holder " + Pseudonymiser.mask(req.holder()) + " has no "
              + (req.licenceId() == null ? "" : "such ") + "licence of type " + type.code());
    }
    Licence licence = verified(stored).licence();
    String id = licence.id().toString();
    if (!"valid".equals(stored.status())) {
      record(caller, holderKey, req, id, "denied", "licence.status", requestId);
      throw ProblemException.denied(ErrorCode.LICENCE_INVALID, "licence.status", "licence " + id + " is " + stored.status());
    }
    LocalDate today = LocalDate.now(clock);
    if (licence.validUntil() != null && today.isAfter(licence.validUntil())) {
      record(caller, holderKey, req, id, "denied", "licence.validity", requestId);
      throw ProblemException.denied(
          ErrorCode.LICENCE_INVALID, "licence.validity", "licence " + id + " expired on " + licence.validUntil());
    }
    List<String> disclosed = policy.fields().stream().filter(licence.fields()::containsKey).toList();
    Receipt receipt = record(caller, holderKey, req, id, "allowed", policy.id(), requestId, disclosed);
    return responseSigner.sign(body(requestId, matter, policy, licence, receipt));
  }

  /** The response; it can only be built from a receipt, so no data leaves without a durable entry. */
  private ObjectNode body(String requestId, Matter matter, Policy policy, Licence licence, Receipt receipt) {
    ObjectNode out = JSON.createObjectNode();
    out.put("requestId", requestId);
    out.put("matter", matter.code());
    ObjectNode p = out.putObject("policy");
    p.put("id", policy.id());
    p.put("legalBasis", policy.legalBasis());
    ObjectNode l = out.putObject("licence");
    l.put("id", licence.id().toString());
    l.putObject("type").put("code", licence.typeCode()).put("name", licence.typeName());
    l.putObject("issuer").put("code", licence.issuerCode()).put("name", licence.issuerName());
    l.putObject("holder").put("id", licence.holder().id());
    ObjectNode fields = l.putObject("fields");
    for (String name : policy.fields()) {
      String value = licence.fields().get(name);
      if (value != null) {
        fields.put(name, value);
      }
    }
    l.put("validFrom", licence.validFrom().toString());
    if (licence.validUntil() != null) {
      l.put("validUntil", licence.validUntil().toString());
    }
    l.put("status", "valid");
    ObjectNode r = out.putObject("receipt");
    r.put("index", receipt.index());
    r.put("leafHash", Base64.getEncoder().encodeToString(receipt.leafHash()));
    out.put("signedAt", clock.instant().toString());
    return out;
  }

  private VerifiedLicence verified(StoredLicence stored) {
    try {
      return LicenceVerifier.verify(stored.signed(), anchors.roots());
    } catch (SignerException e) {
      log.error("stored licence {} failed verification: {}", stored.signed().licence().id(), e.getMessage());
      throw ProblemException.withCause(
          ErrorCode.INTEGRITY_FAILURE, "the stored licence failed its signature check; nothing is released", e);
    }
  }

  private Receipt record(
      Caller caller, String holderKey, PullRequest req, String licenceId, String outcome, String rule, String requestId) {
    return record(caller, holderKey, req, licenceId, outcome, rule, requestId, null);
  }

  /** Every pull, refused ones too, is recorded with who asked (certificate, officer), why, and what left. */
  private Receipt record(
      Caller caller, String holderKey, PullRequest req, String licenceId, String outcome, String rule, String requestId, List<String> disclosed) {
    return accessLog.record(
        new Access("pull", caller.code(), holderKey, req.licenceType(), licenceId, req.matter(), outcome, rule, requestId)
            .by(caller.certificateFingerprint(), req.officer())
            .about(req.purpose(), disclosed, req.requestDigest()));
  }
}

package org.certhub.exchange.pull;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.certhub.exchange.audit.Access;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.audit.Pseudonymiser;
import org.certhub.exchange.catalogue.CatalogueRepository;
import org.certhub.exchange.consent.ConsentService;
import org.certhub.signer.licence.LicenceType;
import org.certhub.exchange.department.Caller;
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
import org.certhub.signer.licence.VerifiedLicence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
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
  private final VerifiedLicences verifiedLicences;
  private final AccessLog accessLog;
  private final Pseudonymiser pseudonymiser;
  private final ResponseSigner responseSigner;
  private final Clock clock;
  private final RateLimits rateLimits;
  private final ConsentService consents;

  public PullService(
      CatalogueRepository catalogue,
      MatterRepository matters,
      PolicyService policies,
      LicenceRepository licences,
      VerifiedLicences verifiedLicences,
      AccessLog accessLog,
      Pseudonymiser pseudonymiser,
      ResponseSigner responseSigner,
      Clock clock,
      RateLimits rateLimits,
      ConsentService consents) {
    this.consents = consents;
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
  }

  /**
   * A pull request, already parsed.
   *
   * @param holder the holder's identifier
   * @param licenceType the licence type code
   * @param matter the matter the pull is for
   * @param licenceId a specific licence to pull, or null for the holder's latest of the type
   * @param purpose the stated purpose, or null
   * @param officer the officer handling the matter, or null
   * @param requestDigest {@code sha256:<hex>} of the canonical request
   * @param consent a consent token the holder showed (consent QR), or null
   * @param signature the verified RFC 9421 signature summary, or null when the request was not signed
   */
  public record PullRequest(
      String holder, String licenceType, String matter, String licenceId, String purpose, String officer, String requestDigest,
      String consent, String signature) {
    public PullRequest(String holder, String licenceType, String matter, String licenceId) {
      this(holder, licenceType, matter, licenceId, null, null, null, null, null);
    }
  }

  /** A bundle pull (一件事一次办): every licence type the matter needs, in one round trip. */
  public record BundleRequest(
      String holder, String matter, String purpose, String officer, String requestDigest, String consent, String signature) {}

  /** One licence type's outcome: the access to record, and either the licence to release or the refusal. */
  private record Item(Access access, ProblemException problem, Licence licence, Policy policy) {
    static Item refused(Access access, ProblemException problem) {
      return new Item(access, problem, null, null);
    }
  }

  /** Performs the pull and returns the signed response body. */
  public ObjectNode pull(Caller caller, PullRequest req) {
    rateLimits.requireForMatter(caller.code(), req.matter());
    String requestId = UUID.randomUUID().toString();
    String holderKey = pseudonymiser.of(req.holder());
    Access access =
        new Access("pull", caller.code(), holderKey, req.licenceType(), null, req.matter(), "not_found", null, requestId)
            .by(caller.certificateFingerprint(), req.officer())
            .about(req.purpose(), null, req.requestDigest())
            .signedAs(req.signature());
    Matter matter = matters.find(req.matter()).orElse(null);
    LicenceType type = catalogue.find(req.licenceType()).orElse(null);
    if (type == null || matter == null) {
      String field = type == null ? "/licenceType" : "/matter";
      String what = type == null ? "licence type " + req.licenceType() + " is not in the catalogue" : "matter " + req.matter() + " is not known";
      accessLog.record(access.outcome("not_found", field.substring(1) + ".unknown"));
      throw ProblemException.malformed(field, what);
    }
    Item item = evaluate(caller, req.holder(), holderKey, type, matter, req.licenceId(), req.consent(), access);
    Receipt receipt = accessLog.record(item.access());
    if (item.problem() != null) {
      throw item.problem();
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("requestId", requestId);
    out.put("matter", matter.code());
    putItem(out, item, receipt);
    out.put("signedAt", clock.instant().toString());
    return responseSigner.sign(out);
  }

  /**
   * Pulls every licence type the matter needs, each decided by its own policy and recorded as its own entry
   * (request id {@code <bundle id>#<type>}); all entries share one group commit and are durable before the
   * answer leaves. Refused items carry their problem; the others their licence.
   */
  public ObjectNode bundle(Caller caller, BundleRequest req) {
    rateLimits.requireForMatter(caller.code(), req.matter());
    String requestId = UUID.randomUUID().toString();
    String holderKey = pseudonymiser.of(req.holder());
    Access base =
        new Access("pull.bundle", caller.code(), holderKey, null, null, req.matter(), "not_found", "matter.unknown", requestId)
            .by(caller.certificateFingerprint(), req.officer())
            .about(req.purpose(), null, req.requestDigest())
            .signedAs(req.signature());
    Matter matter = matters.find(req.matter()).orElse(null);
    if (matter == null) {
      accessLog.record(base);
      throw ProblemException.malformed("/matter", "matter " + req.matter() + " is not known");
    }
    List<Item> items = new ArrayList<>();
    for (String code : new TreeSet<>(matter.licenceTypes())) {
      Access access =
          new Access("pull.bundle", caller.code(), holderKey, code, null, matter.code(), "not_found", null, requestId + "#" + code)
              .by(caller.certificateFingerprint(), req.officer())
              .about(req.purpose(), null, req.requestDigest())
              .signedAs(req.signature());
      LicenceType type = catalogue.find(code).orElse(null);
      if (type == null) {
        items.add(Item.refused(access.outcome("not_found", "licenceType.unknown"),
            ProblemException.of(ErrorCode.NOT_FOUND, "licence type " + code + " is no longer in the catalogue")));
        continue;
      }
      items.add(evaluate(caller, req.holder(), holderKey, type, matter, null, req.consent(), access));
    }
    List<Receipt> receipts = accessLog.recordAll(items.stream().map(Item::access).toList());
    ObjectNode out = JSON.createObjectNode();
    out.put("requestId", requestId);
    out.put("matter", matter.code());
    ArrayNode arr = out.putArray("items");
    boolean complete = true;
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      ObjectNode n = arr.addObject();
      n.put("licenceType", item.access().licenceType());
      if (item.problem() != null) {
        complete = false;
        ProblemException p = item.problem();
        ObjectNode pr = n.putObject("problem");
        pr.put("type", "https://certhub.example/problems/" + p.code().code());
        pr.put("title", p.code().status().getReasonPhrase());
        pr.put("status", p.code().status().value());
        pr.put("detail", p.getMessage());
        pr.put("code", p.code().code());
        if (p.rule() != null) {
          pr.put("rule", p.rule());
        }
        putReceipt(n, receipts.get(i));
      } else {
        putItem(n, item, receipts.get(i));
      }
    }
    out.put("complete", complete);
    out.put("signedAt", clock.instant().toString());
    return responseSigner.sign(out);
  }

  /**
   * Decides one licence type for one holder: policy first (so an ungranted department learns nothing more),
   * then consent, then the licence itself. Never throws for a refusal: the refusal is recorded first.
   */
  private Item evaluate(
      Caller caller, String holder, String holderKey, LicenceType type, Matter matter, String licenceId, String consentToken, Access access) {
    Decision decision = policies.decide(caller.department(), type, matter);
    if (decision instanceof Decision.Refused refused) {
      return Item.refused(access.outcome("denied", refused.rule()), refused.toProblem());
    }
    Policy policy = ((Decision.Granted) decision).policy();
    ConsentService.Outcome consent = consents.decide(holderKey, caller.code(), matter, consentToken);
    if (consent.refusal() != null) {
      return Item.refused(access.outcome("denied", consent.refusal().rule()), consent.refusal().toProblem());
    }
    Access a = consent.consentId() == null ? access : access.withConsent(consent.consentId());
    StoredLicence stored =
        (licenceId == null ? licences.latest(holderKey, type.code()) : licences.find(licenceId, holderKey, type.code())).orElse(null);
    if (stored == null) {
      return Item.refused(a.outcome("not_found", policy.id()), ProblemException.of(
          ErrorCode.NOT_FOUND, "holder " + Pseudonymiser.mask(holder) + " has no " + (licenceId == null ? "" : "such ")
              + "licence of type " + type.code()));
    }
    Licence licence = verified(stored).licence();
    String id = licence.id().toString();
    a = a.forLicence(id);
    if (!"valid".equals(stored.status())) {
      return Item.refused(a.outcome("denied", "licence.status"),
          ProblemException.denied(ErrorCode.LICENCE_INVALID, "licence.status", "licence " + id + " is " + stored.status()));
    }
    LocalDate today = LocalDate.now(clock);
    if (licence.validUntil() != null && today.isAfter(licence.validUntil())) {
      return Item.refused(a.outcome("denied", "licence.validity"),
          ProblemException.denied(ErrorCode.LICENCE_INVALID, "licence.validity", "licence " + id + " expired on " + licence.validUntil()));
    }
    List<String> disclosed = policy.fields().stream().filter(licence.fields()::containsKey).toList();
    return new Item(a.outcome("allowed", policy.id()).about(a.purpose(), disclosed, a.requestDigest()), null, licence, policy);
  }

  private void putItem(ObjectNode out, Item item, Receipt receipt) {
    Policy policy = item.policy();
    Licence licence = item.licence();
    ObjectNode p = out.putObject("policy");
    p.put("id", policy.id());
    p.put("legalBasis", policy.legalBasis());
    if (item.access().consent() != null) {
      out.put("consent", item.access().consent());
    }
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
    putReceipt(out, receipt);
  }

  /** The response parts can only be built from a receipt, so no data leaves without a durable entry. */
  private static void putReceipt(ObjectNode out, Receipt receipt) {
    ObjectNode r = out.putObject("receipt");
    r.put("index", receipt.index());
    r.put("leafHash", Base64.getEncoder().encodeToString(receipt.leafHash()));
  }

  private VerifiedLicence verified(StoredLicence stored) {
    try {
      return verifiedLicences.of(stored);
    } catch (SignerException e) {
      log.error("stored licence {} failed verification: {}", stored.signed().licence().id(), e.getMessage());
      throw ProblemException.withCause(
          ErrorCode.INTEGRITY_FAILURE, "the stored licence failed its signature check; nothing is released", e);
    }
  }

}

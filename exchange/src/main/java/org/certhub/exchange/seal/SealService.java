package org.certhub.exchange.seal;

import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.certhub.exchange.audit.Access;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.audit.AuditEntry;
import org.certhub.exchange.audit.AuditIndex;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.department.Role;
import org.certhub.exchange.licence.TrustAnchors;
import org.certhub.exchange.pki.CertificateService;
import org.certhub.exchange.pki.IssuedCertificate;
import org.certhub.exchange.pki.IssuerKeys;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.DigestAlgorithm;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.seal.Seal;
import org.certhub.signer.seal.SealFormatException;
import org.certhub.signer.seal.SealInfo;
import org.certhub.signer.seal.SealMaker;
import org.certhub.signer.seal.SealReport;
import org.certhub.signer.seal.SealRequest;
import org.certhub.signer.seal.SealTrust;
import org.certhub.signer.seal.SealVerifier;
import org.certhub.signer.seal.Stamper;
import org.certhub.signer.tsa.TimeStampAuthority;
import org.springframework.stereotype.Service;

/**
 * The seal registry, stamping and verification. A seal is made by the hub's seal maker for the calling department
 * and belongs to it: only the owner (or an admin) sees, fetches, revokes it or lists its uses; to anyone else it does
 * not exist (404). A department stamps with its signing key held by the hub ({@link IssuerKeys}, SM2), which the
 * seal must authorise. Every stamp is a ledger entry ({@code stamp}, the esID in {@code rule}, the content's SM3 in
 * {@code requestDigest}) made before the stamp leaves; refused attempts on a seal are entries too, so the owner sees
 * misuse among the seal's uses.
 */
@Service
public class SealService {
  /** The vendor ID written in every seal's header. */
  static final String VENDOR = "CertHub";
  static final String ACTION_STAMP = "stamp";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SealRegistry registry;
  private final SealMakerKey makerKey;
  private final IssuerKeys issuerKeys;
  private final CertificateService certificates;
  private final TrustAnchors anchors;
  private final TimeStampAuthority tsa;
  private final AccessLog accessLog;
  private final AuditIndex index;
  private final Clock clock;
  private final org.certhub.exchange.subscription.EventOutbox events;

  /** Wires the service. */
  public SealService(SealRegistry registry, SealMakerKey makerKey, IssuerKeys issuerKeys, CertificateService certificates,
      TrustAnchors anchors, TimeStampAuthority tsa, AccessLog accessLog, AuditIndex index, Clock clock,
      org.certhub.exchange.subscription.EventOutbox events) {
    this.registry = registry;
    this.makerKey = makerKey;
    this.issuerKeys = issuerKeys;
    this.certificates = certificates;
    this.anchors = anchors;
    this.tsa = tsa;
    this.accessLog = accessLog;
    this.index = index;
    this.clock = clock;
    this.events = events;
  }

  /** What a department asks the hub to make; null members take the defaults documented on the controller. */
  record MakeRequest(String name, int type, Instant validFrom, Instant validTo, List<X509Certificate> signers, boolean digests,
      SealInfo.Picture picture) {}

  /** Makes, registers and records a seal for the caller's department. */
  RegisteredSeal make(Caller caller, MakeRequest r) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    List<X509Certificate> signers = r.signers();
    if (signers.isEmpty()) {
      signers = List.of(signingKey(caller, true).orElseThrow().chain().get(0));
    }
    String name = r.name() == null ? caller.department().name() : r.name();
    Instant from = r.validFrom() == null ? now : r.validFrom().truncatedTo(ChronoUnit.SECONDS);
    Instant to = r.validTo() == null ? from.plus(3 * 365, ChronoUnit.DAYS) : r.validTo().truncatedTo(ChronoUnit.SECONDS);
    if (!to.isAfter(from)) {
      throw ProblemException.malformed("/validTo", "/validTo must be after /validFrom " + from + ", but was: " + to);
    }
    if (!to.isAfter(now)) {
      throw ProblemException.malformed("/validTo", "/validTo must be in the future, but was: " + to);
    }
    SealInfo.Picture picture = r.picture() == null ? org.certhub.signer.seal.SealPictures.svg(name) : r.picture();
    RegisteredSeal s;
    try {
      List<X509Certificate> authorised = signers;
      s = register(caller.code(), esId -> new SealRequest(esId, r.type(), name, authorised,
          r.digests() ? Optional.of(DigestAlgorithm.SM3) : Optional.empty(), from, to, picture));
    } catch (SignerException e) {
      throw ProblemException.withCause(ErrorCode.INTEGRITY_FAILURE, "the seal could not be made", e);
    }
    String esId = s.esId();
    record(caller, "seal.create", esId, "allowed", null, null);
    return s;
  }

  /**
   * Makes a seal for {@code department} under a fresh esID (the department code and eight random digits) with the
   * hub's seal maker key, and registers it.
   */
  RegisteredSeal register(String department, java.util.function.Function<String, SealRequest> request) throws SignerException {
    String esId;
    do {
      esId = department + String.format("%08d", RANDOM.nextInt(100_000_000));
    } while (registry.find(esId).isPresent());
    SealRequest r = request.apply(esId);
    Seal seal = new SealMaker(makerKey.key(), VENDOR, clock).make(r);
    RegisteredSeal s = new RegisteredSeal(esId, department, r.name(), r.type(), seal.info().property().createDate(), r.validStart(),
        r.validEnd(), null, null, seal.encoded());
    registry.add(s);
    return s;
  }

  /** The caller's department's seals, or those of {@code department} for an admin. */
  List<RegisteredSeal> list(Caller caller, String department) {
    String code = department == null ? caller.code() : department;
    if (!code.equals(caller.code()) && !caller.department().has(Role.ADMIN)) {
      throw ProblemException.denied(ErrorCode.ROLE_MISSING, "seal.owner",
          "only the owning department or an admin lists a department's seals; department " + caller.code() + " is neither");
    }
    return registry.ofDepartment(code, 1000);
  }

  /** The seal if the caller owns it or is an admin; otherwise 404 whether or not it exists. */
  RegisteredSeal owned(Caller caller, String esId) {
    return registry.find(esId)
        .filter(s -> s.department().equals(caller.code()) || caller.department().has(Role.ADMIN))
        .orElseThrow(() -> notFound(esId));
  }

  /**
   * Revokes the caller's seal as of {@code at} (now when null; never in the future, never before the seal was made). The
   * {@code seal.revoked} outbox event is written in the same transaction as the revocation: neither exists without the other.
   */
  @org.springframework.transaction.annotation.Transactional
  public RegisteredSeal revoke(Caller caller, String esId, Instant at, String reason) {
    RegisteredSeal s = owned(caller, esId);
    Instant now = clock.instant();
    Instant when = at == null ? now : at;
    if (when.isAfter(now)) {
      throw ProblemException.malformed("/at", "/at must not be in the future (now " + now + "), but was: " + when);
    }
    if (when.isBefore(s.createdAt())) {
      throw ProblemException.malformed("/at", "/at must not be before the seal was made (" + s.createdAt() + "), but was: " + when);
    }
    if (!registry.revoke(esId, when, reason)) {
      throw ProblemException.of(ErrorCode.CONFLICT, "seal " + esId + " is already revoked");
    }
    events.publish(revokedEvent(s, when, now));
    record(caller, "seal.revoke", esId, "allowed", null, reason);
    return registry.find(esId).orElseThrow();
  }

  /**
   * The outbox event of a revocation. The free-text reason stays in the hub (it may name people); consumers learn which
   * seal, whose, and from when its stamps no longer count.
   */
  private static org.certhub.exchange.subscription.Event revokedEvent(RegisteredSeal s, Instant revokedAt, Instant now) {
    tools.jackson.databind.node.ObjectNode n = tools.jackson.databind.json.JsonMapper.builder().build().createObjectNode();
    n.putObject("seal").put("esId", s.esId()).put("department", s.department()).put("status", "revoked").put("revokedAt", revokedAt.toString());
    return new org.certhub.exchange.subscription.Event("evt-" + java.util.UUID.randomUUID(), org.certhub.exchange.subscription.Event.SEAL_REVOKED,
        now, null, null, n.toString());
  }

  /**
   * Stamps content, given by its SM3 digest, with seal {@code esId} and the caller's signing key; records the stamp
   * before returning its DER.
   */
  byte[] stamp(Caller caller, String esId, byte[] sm3, String propertyInfo, String officer) {
    RegisteredSeal s = registry.find(esId).orElseThrow(() -> notFound(esId));
    boolean owner = s.department().equals(caller.code());
    Seal seal;
    try {
      seal = Seal.decode(s.der());
    } catch (SealFormatException e) {
      throw ProblemException.withCause(ErrorCode.INTEGRITY_FAILURE, "stored seal " + esId + " does not read", e);
    }
    String digest = DigestAlgorithm.SM3.prefix() + ":" + HexFormat.of().formatHex(sm3);
    Optional<KeyHandle> key = signingKey(caller, owner);
    if (key.isEmpty() || !seal.authorises(encoded(key.get().chain().get(0)))) {
      // A refused attempt on an existing seal is an entry the owner sees among the seal's uses.
      record(caller, ACTION_STAMP, esId, "denied", officer, digest);
      if (!owner) {
        throw notFound(esId);
      }
      throw ProblemException.denied(ErrorCode.SEAL_SIGNER_NOT_AUTHORISED, "seal.signer",
          "seal " + esId + " does not authorise the signing certificate of department " + caller.code()
              + "; make a seal that lists it (its certList) or stamp with another seal");
    }
    Instant now = clock.instant();
    String status = s.statusAt(now);
    if (!"valid".equals(status)) {
      record(caller, ACTION_STAMP, esId, "denied", officer, digest);
      throw ProblemException.denied(ErrorCode.SEAL_INVALID, "seal." + status,
          "seal " + esId + " is " + status.replace('_', ' ') + " (valid " + s.validStart() + " to " + s.validEnd()
              + (s.revokedAt() == null ? "" : ", revoked at " + s.revokedAt()) + "); nothing is stamped");
    }
    X509Certificate leaf = key.get().chain().get(0);
    IssuedCertificate registered = certificates.find(leaf).orElse(null);
    if (registered != null && registered.revocation() != null) {
      throw ProblemException.of(ErrorCode.SIGNING_KEY_REVOKED, "the signing certificate " + registered.serial() + " of department "
          + caller.code() + " was revoked at " + registered.revocation().revokedAt() + "; nothing is stamped until an admin rotates the key");
    }
    byte[] der;
    try {
      der = new Stamper(key.get(), clock, value -> {
        try {
          return tsa.timestamp(value);
        } catch (SignerException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      }).stampDigest(seal, sm3, propertyInfo).encoded();
    } catch (SignerException e) {
      throw ProblemException.withCause(ErrorCode.INTEGRITY_FAILURE, "the content could not be stamped", e);
    }
    record(caller, ACTION_STAMP, esId, "allowed", officer, digest);
    return der;
  }

  /** Verifies a seal alone, with the hub's trust anchors and the registry's revocations. */
  SealReport verifySeal(byte[] der) {
    return verifier().verifySeal(der);
  }

  /** Verifies a stamp over content with this SM3 digest. */
  SealReport verifyStamp(byte[] der, byte[] sm3) {
    return verifier().verifyStampDigest(der, sm3);
  }

  /** Every stamp (and refused stamp attempt) on the caller's seal, in ledger order after the cursor. */
  List<AuditEntry> uses(Caller caller, String esId, long after, int limit) {
    owned(caller, esId);
    accessLog.awaitIndexed();
    return index.bySubject(ACTION_STAMP, esId, after, limit);
  }

  private SealVerifier verifier() {
    Set<X509Certificate> roots = anchors.roots();
    return new SealVerifier(new SealTrust(roots, roots, roots, certificates.caCertificates()), certificates.revocationSource(), registry,
        clock);
  }

  /**
   * The caller's SM2 signing key. For the seal's owner a missing or non-SM2 key is a 409 that says so; for anyone
   * else it is just "not authorised" (empty), so nothing about the seal leaks.
   */
  private Optional<KeyHandle> signingKey(Caller caller, boolean explain) {
    KeyHandle key;
    try {
      key = issuerKeys.signingKey(caller.code());
    } catch (IllegalStateException e) {
      if (!explain) {
        return Optional.empty();
      }
      throw ProblemException.denied(ErrorCode.CONFLICT, "seal.key",
          "department " + caller.code() + " holds no signing key at the hub; an admin creates one (only issuing departments have one now)");
    }
    if (key.algorithm() != SignatureAlgorithm.SM2_SM3) {
      if (!explain) {
        return Optional.empty();
      }
      throw ProblemException.denied(ErrorCode.CONFLICT, "seal.key",
          "department " + caller.code() + "'s signing key is " + key.algorithm() + "; GB/T 38540 stamps need an SM2 key");
    }
    return Optional.of(key);
  }

  private void record(Caller caller, String action, String esId, String outcome, String officer, String contentDigest) {
    accessLog.record(new Access(action, caller.code(), null, null, null, null, outcome, esId, UUID.randomUUID().toString())
        .by(caller.certificateFingerprint(), officer)
        .about(null, null, contentDigest));
  }

  private static byte[] encoded(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("our own certificate does not encode", e);
    }
  }

  private static ProblemException notFound(String esId) {
    return ProblemException.of(ErrorCode.NOT_FOUND, "no seal " + esId + " of the calling department");
  }

  /** The report as the API answers it: the shared {@code ValidationReport} shape, with the seal's esID and version. */
  static Map<String, Object> report(SealReport r) {
    Map<String, Object> m = new java.util.LinkedHashMap<>(r.report().toMap());
    r.seal().ifPresent(s -> {
      m.put("esID", s.info().esId());
      m.put("version", s.version().name());
    });
    r.stamp().ifPresent(s -> m.put("timeInfo", s.timeInfo().toString()));
    return m;
  }
}

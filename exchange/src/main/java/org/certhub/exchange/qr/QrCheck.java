package org.certhub.exchange.qr;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.certhub.exchange.audit.Access;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.catalogue.CatalogueRepository;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.department.Department;
import org.certhub.exchange.department.DepartmentRepository;
import org.certhub.exchange.licence.LicenceRepository;
import org.certhub.exchange.licence.StoredLicence;
import org.certhub.exchange.pki.TrustListPublisher;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.ProblemException;
import org.certhub.exchange.web.ReplayGuard;
import org.certhub.signer.SignerException;
import org.certhub.signer.licence.FieldSpec;
import org.certhub.signer.licence.LicenceType;
import org.certhub.signer.qr.QrImages;
import org.certhub.signer.qr.QrVerificationException;
import org.certhub.signer.qr.QrVerifier;
import org.certhub.signer.qr.SignedTrustList;
import org.certhub.signer.qr.TrustList;
import org.certhub.signer.qr.VerifiedPresentation;

/**
 * Verifies QR presentations online: the signature against the hub's own published trust list (so the
 * online answer and an offline verifier's can never disagree about which keys count), then the licence's
 * live status, so a revocation shows at once. Every check a department makes is recorded.
 */
public class QrCheck {
  /** Longest presentation text accepted; real ones are under 1,500 characters. */
  public static final int MAX_TEXT = 8_192;
  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  private final TrustListPublisher trustList;
  private final X509Certificate hubCertificate;
  private final LicenceRepository licences;
  private final CatalogueRepository catalogue;
  private final DepartmentRepository departments;
  private final AccessLog accessLog;
  private final Clock clock;
  private final ReplayGuard replays;
  private byte[] verifiedBytes;
  private TrustList verifiedTrust;

  /**
   * @param trustList the publisher of the hub's signed trust list
   * @param hubCertificate the certificate the hub signs the list with (the list is verified like any verifier would)
   */
  public QrCheck(
      TrustListPublisher trustList, X509Certificate hubCertificate, LicenceRepository licences, CatalogueRepository catalogue,
      DepartmentRepository departments, AccessLog accessLog, Clock clock, ReplayGuard replays) {
    this.trustList = trustList;
    this.hubCertificate = hubCertificate;
    this.licences = licences;
    this.catalogue = catalogue;
    this.departments = departments;
    this.accessLog = accessLog;
    this.clock = clock;
    this.replays = replays;
  }

  /** Checks a photo or screenshot of a QR code; an image without a readable code is {@code unreadable}. */
  public Verdict checkImage(byte[] image, Optional<Caller> caller) {
    String text;
    try {
      text = QrImages.read(image);
    } catch (QrImages.QrImageException e) {
      return record(Verdict.refused("unreadable", e.getMessage(), clock.instant()), null, caller);
    }
    return check(text, caller);
  }

  /** Checks a presentation's text. */
  public Verdict check(String text, Optional<Caller> caller) {
    Instant now = clock.instant();
    if (text == null || text.isBlank()) {
      return record(Verdict.refused("malformed", "no presentation text was given", now), null, caller);
    }
    if (text.length() > MAX_TEXT) {
      return record(Verdict.refused("malformed", "the text is " + text.length() + " characters, over the " + MAX_TEXT
          + " a presentation can have", now), null, caller);
    }
    TrustList trust = trust(now);
    VerifiedPresentation p;
    try {
      p = QrVerifier.verify(text.strip(), trust, now);
    } catch (QrVerificationException e) {
      return record(Verdict.refused(verdictOf(e.reason()), plain(e), now), null, caller);
    } catch (RuntimeException e) {
      // The verifier is meant to throw only its own exception; anything else is still hostile input, not a fault of ours.
      return record(Verdict.refused("malformed", "the presentation could not be decoded: " + e.getClass().getSimpleName(), now), null, caller);
    }
    if (caller.isPresent() && !claim(p, caller.get(), now)) {
      return record(Verdict.refused("replayed", "another department already checked this presentation; a presentation is for one"
          + " verifier only, so ask the holder to show a fresh QR code", now), null, caller);
    }
    Optional<StoredLicence> stored = licences.findById(p.licenceId().toString());
    String status = stored.map(s -> s.statusOn(LocalDate.ofInstant(now, CHINA))).orElse("unknown");
    Optional<LicenceType> type = catalogue.find(p.typeCode());
    Verdict.Licence licence = new Verdict.Licence(
        p.licenceId().toString(), p.typeCode(), p.typeName(), p.holderName(), p.issuerCode(),
        departments.find(p.issuerCode()).map(Department::name).orElse(p.issuerCode()), status);
    String verdict;
    String reason;
    switch (status) {
      case "valid" -> {
        verdict = "valid";
        reason = "signed by a trusted key of the issuer, unexpired, and the licence is in force at the hub";
      }
      case "revoked" -> {
        verdict = "revoked";
        reason = "the issuer revoked this licence" + stored.map(s -> s.statusAt() == null ? "" : " at " + s.statusAt()).orElse("")
            + stored.map(s -> s.statusReason() == null ? "" : ": " + s.statusReason()).orElse("");
      }
      case "superseded" -> {
        verdict = "superseded";
        reason = "a newer version replaced this licence" + stored.map(s -> s.supersededBy() == null ? "" : ": " + s.supersededBy()).orElse("");
      }
      case "expired" -> {
        verdict = "expired";
        reason = "the licence itself is past its last day of validity"
            + stored.map(s -> s.signed().licence().validUntil() == null ? "" : " (" + s.signed().licence().validUntil() + ")").orElse("");
      }
      default -> {
        verdict = "unknown_issuer";
        reason = "the signature is good but the hub holds no licence " + p.licenceId() + "; ask the issuer";
      }
    }
    Verdict v = new Verdict(verdict, reason, licence, fields(p, type), p.issuedAt(), p.expiry(), now);
    return record(v, stored.isPresent() ? licences.holderKey(p.licenceId().toString()).orElse(null) : null, caller);
  }

  /**
   * The replay rule: a department's check claims the presentation for that department until the presentation
   * expires (plus the verifier's clock leeway); the same department may check it again (a second scan at the same
   * counter), any other department is refused. Anonymous checks (no client certificate, not recorded) neither
   * claim nor are refused: they only show what anyone holding the picture sees. The presentation is named by a digest
   * of what its issuer signed (licence, time of making, disclosed fields), so a re-encoded copy is the same one.
   *
   * @throws ProblemException 503 {@code replay_guard_unavailable} when the guard cannot answer: fail closed
   */
  private boolean claim(VerifiedPresentation p, Caller caller, Instant now) {
    Duration ttl = Duration.between(now, p.expiry()).plus(REPLAY_LEEWAY);
    if (ttl.isNegative() || ttl.isZero()) {
      ttl = REPLAY_LEEWAY;
    }
    try {
      return replays.claim("qr:" + presentationDigest(p), caller.code(), ttl);
    } catch (ReplayGuard.Unavailable e) {
      throw ProblemException.of(ErrorCode.REPLAY_GUARD_UNAVAILABLE, "the replay guard cannot be reached, so this presentation cannot be"
          + " checked online safely now; try again in a few seconds (offline verification with the trust list still works)");
    }
  }

  /** Beyond a presentation's expiry, for verifiers whose clocks run behind. */
  private static final Duration REPLAY_LEEWAY = Duration.ofMinutes(2);

  static String presentationDigest(VerifiedPresentation p) {
    StringBuilder b = new StringBuilder().append(p.licenceId()).append('\n').append(p.issuedAt()).append('\n').append(p.expiry());
    p.disclosed().forEach((k, v) -> b.append('\n').append(k).append('=').append(v));
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private Verdict record(Verdict v, String holderKey, Optional<Caller> caller) {
    caller.ifPresent(c -> accessLog.record(new Access(
            "qr.verify", c.code(), holderKey, v.licence() == null ? null : v.licence().typeCode(), v.licence() == null ? null : v.licence().id(),
            null, v.verdict(), null, UUID.randomUUID().toString())
        .by(c.certificateFingerprint(), null)
        .about(null, v.fields().stream().map(Verdict.Field::name).toList(), null)));
    return v;
  }

  private static List<Verdict.Field> fields(VerifiedPresentation p, Optional<LicenceType> type) {
    List<Verdict.Field> out = new ArrayList<>();
    Map<String, String> disclosed = p.disclosed();
    // Catalogue order first, as on the paper licence; anything the catalogue does not name after it.
    type.ifPresent(t -> {
      for (FieldSpec f : t.fields()) {
        if (disclosed.containsKey(f.name())) {
          out.add(new Verdict.Field(f.name(), f.label(), disclosed.get(f.name())));
        }
      }
    });
    for (Map.Entry<String, String> e : disclosed.entrySet()) {
      if (out.stream().noneMatch(f -> f.name().equals(e.getKey()))) {
        out.add(new Verdict.Field(e.getKey(), e.getKey(), e.getValue()));
      }
    }
    return out;
  }

  private synchronized TrustList trust(Instant now) {
    try {
      byte[] current = trustList.current();
      if (current != verifiedBytes) {
        verifiedTrust = SignedTrustList.verify(current, hubCertificate, now).trust();
        verifiedBytes = current;
      }
      return verifiedTrust;
    } catch (SignerException e) {
      // Our own list failing our own check is a fault of the hub, not of the presentation.
      throw new IllegalStateException("the hub's own trust list could not be built or verified", e);
    }
  }

  static String verdictOf(QrVerificationException.Reason reason) {
    return switch (reason) {
      case MALFORMED -> "malformed";
      // A type the trust list lacks leaves the fields unnamed: nothing it says can be trusted or shown.
      case UNKNOWN_ISSUER, UNKNOWN_TYPE -> "unknown_issuer";
      case ALGORITHM_MISMATCH, BAD_SIGNATURE, TAMPERED_DISCLOSURE -> "forged";
      case EXPIRED -> "expired";
      case NOT_YET_VALID -> "not_yet_valid";
      case REVOKED -> "revoked";
    };
  }

  /** The exception's message without the enum prefix the signer puts in front. */
  private static String plain(QrVerificationException e) {
    String m = e.getMessage();
    String prefix = e.reason() + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }
}

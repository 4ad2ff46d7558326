package org.certhub.exchange.wallet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.certhub.exchange.audit.Access;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.catalogue.CatalogueRepository;
import org.certhub.exchange.licence.LicenceRepository;
import org.certhub.exchange.licence.StoredLicence;
import org.certhub.exchange.pki.IssuerKeys;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.JsonBody;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.SignerException;
import org.certhub.signer.licence.Licence;
import org.certhub.signer.licence.LicenceType;
import org.certhub.signer.qr.QrImages;
import org.certhub.signer.qr.QrPresentations;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Makes a holder's QR presentations: only of their own licence, only while it is in force, only of fields it
 * has, signed with the issuing department's current licence-signing key, short-lived so a screenshot soon
 * stops working. Each one is a ledger entry ({@code me.presentation}), kept out of the holder's own
 * "who accessed my data" view.
 */
@Service
public class Presentations {
  /** Bounds on the configured lifetime: long enough to scan, short enough that a screenshot dies the same day. */
  static final Duration MIN_LIFETIME = Duration.ofSeconds(30);
  static final Duration MAX_LIFETIME = Duration.ofHours(24);
  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  private final LicenceRepository licences;
  private final CatalogueRepository catalogue;
  private final IssuerKeys issuerKeys;
  private final AccessLog accessLog;
  private final Clock clock;
  private final Duration lifetime;

  Presentations(
      LicenceRepository licences, CatalogueRepository catalogue, IssuerKeys issuerKeys, AccessLog accessLog, Clock clock,
      @Value("${certhub.wallet.presentation-lifetime:5m}") Duration lifetime) {
    if (lifetime.compareTo(MIN_LIFETIME) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw new IllegalArgumentException(
          "certhub.wallet.presentation-lifetime must be between " + MIN_LIFETIME + " and " + MAX_LIFETIME + ", but was: " + lifetime);
    }
    this.licences = licences;
    this.catalogue = catalogue;
    this.issuerKeys = issuerKeys;
    this.accessLog = accessLog;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  /**
   * A presentation with its QR image.
   *
   * @param text the {@code CH1:} text
   * @param png the QR code as PNG
   * @param fields the disclosed fields, as asked
   */
  public record Presentation(String text, byte[] png, Instant issuedAt, Instant expiresAt, List<String> fields) {
    public Presentation {
      fields = List.copyOf(fields);
    }
  }

  /**
   * Makes a presentation of the holder's licence disclosing {@code fields}.
   *
   * @throws ProblemException 404 when the licence is not the holder's (or does not exist), 409 when it is not
   *     in force, 400 when a field is not one of the licence's
   */
  public Presentation make(String holderKey, String licenceId, List<String> fields) {
    StoredLicence stored = licences.findHeld(licenceId, holderKey)
        .orElseThrow(() -> ProblemException.of(ErrorCode.NOT_FOUND, "you hold no licence " + JsonBody.truncate(licenceId)));
    Instant now = clock.instant();
    String status = stored.statusOn(LocalDate.ofInstant(now, CHINA));
    if (!"valid".equals(status)) {
      throw ProblemException.of(ErrorCode.LICENCE_INVALID, "licence " + licenceId + " is " + status + " and cannot be shown as valid");
    }
    Licence licence = stored.signed().licence();
    Set<String> disclosed = new LinkedHashSet<>();
    for (int i = 0; i < fields.size(); i++) {
      String f = fields.get(i);
      if (!licence.fields().containsKey(f)) {
        throw ProblemException.malformed("/fields/" + i, "/fields/" + i + " must be a field of this licence " + licence.fields().keySet()
            + ", but was: " + JsonBody.truncate(f));
      }
      if (!disclosed.add(f)) {
        throw ProblemException.malformed("/fields/" + i, "/fields/" + i + " repeats " + f);
      }
    }
    int statusIndex = licences.statusIndex(licenceId)
        .orElseThrow(() -> new IllegalStateException("licence " + licenceId + " has no status-list index"));
    // Presentations name fields by their place in the type's field list, which verifiers get from the trust list.
    LicenceType type = catalogue.find(licence.typeCode())
        .orElseThrow(() -> new IllegalStateException("licence " + licenceId + " has type " + licence.typeCode() + ", which the catalogue lacks"));
    String text;
    try {
      text = QrPresentations.make(licence, type, issuerKeys.signingKey(licence.issuerCode()), disclosed, now, lifetime, statusIndex);
    } catch (SignerException e) {
      throw new IllegalStateException("the issuer's key failed to sign a presentation", e);
    }
    accessLog.record(new Access("me.presentation", "citizen", holderKey, licence.typeCode(), licenceId, null, "allowed", null,
            UUID.randomUUID().toString())
        .about(null, List.copyOf(disclosed), null));
    return new Presentation(text, QrImages.png(text), now, now.plus(lifetime), List.copyOf(disclosed));
  }

  public Duration lifetime() {
    return lifetime;
  }
}

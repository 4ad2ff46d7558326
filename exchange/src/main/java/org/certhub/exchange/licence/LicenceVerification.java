package org.certhub.exchange.licence;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.certhub.exchange.audit.Pseudonymiser;
import org.certhub.exchange.catalogue.CatalogueRepository;
import org.certhub.exchange.pki.CertificateService;
import org.certhub.signer.SignerException;
import org.certhub.signer.licence.Licence;
import org.certhub.signer.licence.LicenceFormatException;
import org.certhub.signer.licence.LicenceId;
import org.certhub.signer.licence.LicenceStatus;
import org.certhub.signer.licence.LicenceStatusSource;
import org.certhub.signer.licence.LicenceVerificationException;
import org.certhub.signer.licence.LicenceVerifier;
import org.certhub.signer.licence.SignedLicence;
import org.certhub.signer.licence.VerificationContext;
import org.certhub.signer.licence.Violation;
import org.springframework.stereotype.Service;

/**
 * Online verification of a licence document: the offline checks (signature, chain, issuer binding,
 * schema, dates) plus what only the hub knows now: certificate revocation from the CA register and the
 * licence's own status (revoked, superseded).
 */
@Service
public class LicenceVerification {
  private final TrustAnchors anchors;
  private final CatalogueRepository catalogue;
  private final CertificateService certificates;
  private final LicenceRepository licences;
  private final Clock clock;

  public LicenceVerification(
      TrustAnchors anchors, CatalogueRepository catalogue, CertificateService certificates, LicenceRepository licences, Clock clock) {
    this.anchors = anchors;
    this.catalogue = catalogue;
    this.certificates = certificates;
    this.licences = licences;
    this.clock = clock;
  }

  /** The verification context with the hub's current knowledge. */
  public VerificationContext context() {
    LicenceStatusSource statuses = this::status;
    return new VerificationContext(anchors.roots(), catalogue.all(), certificates.revocationSource(), statuses, LocalDate.now(clock));
  }

  private Optional<LicenceStatus> status(LicenceId id) {
    return licences.findById(id.toString()).map(s -> switch (s.status()) {
      case "revoked" -> new LicenceStatus.Revoked(s.statusAt(), s.statusReason() == null ? "unspecified" : s.statusReason());
      case "superseded" -> new LicenceStatus.Superseded(parseId(s.supersededBy()), s.statusAt());
      default -> new LicenceStatus.Valid();
    });
  }

  private static LicenceId parseId(String id) {
    try {
      return LicenceId.parse(id);
    } catch (LicenceFormatException e) {
      throw new IllegalStateException("stored successor id is not readable: " + id, e);
    }
  }

  /** Verifies a licence document and returns the verdict as the API shows it. */
  public Map<String, Object> verify(String json) {
    Map<String, Object> out = new LinkedHashMap<>();
    SignedLicence signed;
    try {
      signed = SignedLicence.parse(json);
    } catch (LicenceFormatException e) {
      out.put("valid", false);
      out.put("reason", "MALFORMED");
      out.put("detail", e.getMessage());
      return out;
    }
    try {
      LicenceVerifier.verify(signed, context());
      out.put("valid", true);
    } catch (LicenceVerificationException e) {
      out.put("valid", false);
      out.put("reason", e.reason().name());
      out.put("detail", e.getMessage());
      List<Violation> violations = e.violations();
      if (!violations.isEmpty()) {
        out.put("violations", violations.stream().map(v -> Map.of("path", v.path(), "message", v.message())).toList());
      }
    } catch (SignerException e) {
      out.put("valid", false);
      out.put("reason", "BAD_SIGNATURE");
      out.put("detail", e.getMessage());
    }
    Licence l = signed.licence();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("id", l.id().toString());
    summary.put("type", l.typeName());
    summary.put("issuer", l.issuerName());
    summary.put("holder", l.holder().name() + " " + Pseudonymiser.mask(l.holder().id()));
    summary.put("validUntil", l.validUntil() == null ? "long-term" : l.validUntil().toString());
    out.put("licence", summary);
    return out;
  }
}

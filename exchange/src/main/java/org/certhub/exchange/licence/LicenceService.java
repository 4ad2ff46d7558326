package org.certhub.exchange.licence;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.certhub.exchange.audit.Access;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.audit.Pseudonymiser;
import org.certhub.exchange.catalogue.CatalogueRepository;
import org.certhub.exchange.catalogue.LicenceType;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.department.Role;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.ProblemException;
import org.certhub.ledger.Receipt;
import org.certhub.signer.SignerException;
import org.certhub.signer.licence.Holder;
import org.certhub.signer.licence.Licence;
import org.certhub.signer.licence.LicenceId;
import org.certhub.signer.licence.LicenceSigner;
import org.certhub.signer.licence.SignedLicence;
import org.springframework.stereotype.Service;

/**
 * Issues licences: checks the request against the catalogue, assigns the GB/T 36904 identifier, signs with
 * the issuing department's key, records the issuance in the ledger and stores the licence.
 */
@Service
public class LicenceService {
  private final CatalogueRepository catalogue;
  private final LicenceRepository licences;
  private final IssuerKeys issuerKeys;
  private final AccessLog accessLog;
  private final Pseudonymiser pseudonymiser;
  private final Clock clock;
  private final ZoneId zone;

  public LicenceService(
      CatalogueRepository catalogue,
      LicenceRepository licences,
      IssuerKeys issuerKeys,
      AccessLog accessLog,
      Pseudonymiser pseudonymiser,
      Clock clock) {
    this.catalogue = catalogue;
    this.licences = licences;
    this.issuerKeys = issuerKeys;
    this.accessLog = accessLog;
    this.pseudonymiser = pseudonymiser;
    this.clock = clock;
    this.zone = clock.getZone();
  }

  /** A request to issue one licence, already parsed (see {@link LicenceController}). */
  public record IssueRequest(
      String licenceType, Holder holder, Map<String, String> fields, LocalDate validFrom, LocalDate validUntil) {}

  /** The issued licence and the ledger receipt of its issuance. */
  public record Issued(SignedLicence licence, Receipt receipt) {}

  /** Issues a licence for the calling department. */
  public Issued issue(Caller caller, IssueRequest req) {
    caller.require(Role.ISSUE);
    LicenceType type =
        catalogue
            .find(req.licenceType())
            .orElseThrow(
                () -> ProblemException.malformed("/licenceType", "licence type " + req.licenceType() + " is not in the catalogue"));
    if (!type.issuers().contains(caller.code())) {
      throw ProblemException.denied(
          ErrorCode.ISSUER_NOT_AUTHORISED,
          "catalogue.issuer",
          "department " + caller.code() + " is not an issuer of licence type " + type.code());
    }
    checkHolder(type, req.holder());
    checkFields(type, req.fields());
    LocalDate today = LocalDate.now(clock.withZone(zone));
    LocalDate validFrom = req.validFrom() == null ? today : req.validFrom();
    if (req.validUntil() != null && req.validUntil().isBefore(validFrom)) {
      throw ProblemException.malformed(
          "/validUntil", "/validUntil must not be before /validFrom (" + validFrom + "), but was: " + req.validUntil());
    }

    Licence licence =
        new Licence(
            LicenceId.of(type.code(), caller.code(), LicenceId.randomSerial(), 1),
            type.code(),
            type.name(),
            caller.code(),
            caller.department().name(),
            req.holder(),
            req.fields(),
            validFrom,
            req.validUntil(),
            clock.instant().truncatedTo(ChronoUnit.SECONDS));
    SignedLicence signed;
    try {
      signed = LicenceSigner.sign(licence, issuerKeys.signingKey(caller.code()));
    } catch (SignerException e) {
      throw ProblemException.withCause(ErrorCode.INTEGRITY_FAILURE, "the licence could not be signed", e);
    }
    String holderKey = pseudonymiser.of(req.holder().id());
    Receipt receipt =
        accessLog.record(
            new Access(
                "licence.issue",
                caller.code(),
                holderKey,
                type.code(),
                licence.id().toString(),
                null,
                "allowed",
                null,
                UUID.randomUUID().toString()));
    licences.add(signed, holderKey);
    return new Issued(signed, receipt);
  }

  private static void checkHolder(LicenceType type, Holder holder) {
    if (!holder.idType().equals(type.holderIdType())) {
      throw ProblemException.malformed(
          "/holder/idType",
          "/holder/idType must be " + type.holderIdType() + " for licence type " + type.code() + ", but was: " + holder.idType());
    }
    if (!HolderIds.isValid(holder.idType(), holder.id())) {
      throw ProblemException.malformed(
          "/holder/id",
          "/holder/id must be a valid identifier of type " + holder.idType() + " (with its check character), but was: "
              + Pseudonymiser.mask(holder.id()));
    }
  }

  private static void checkFields(LicenceType type, Map<String, String> fields) {
    for (String name : type.fields()) {
      if (!fields.containsKey(name)) {
        throw ProblemException.malformed("/fields/" + name, "/fields/" + name + " is required by licence type " + type.code());
      }
    }
    Set<String> unknown = new LinkedHashSet<>(fields.keySet());
    type.fields().forEach(unknown::remove);
    if (!unknown.isEmpty()) {
      String first = unknown.iterator().next();
      throw ProblemException.malformed(
          "/fields/" + first, "/fields/" + first + " is not a field of licence type " + type.code() + "; its fields are " + type.fields());
    }
  }
}

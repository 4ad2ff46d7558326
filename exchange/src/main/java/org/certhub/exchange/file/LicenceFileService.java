package org.certhub.exchange.file;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.certhub.exchange.audit.Access;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.catalogue.CatalogueRepository;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.department.Role;
import org.certhub.exchange.licence.LicenceRepository;
import org.certhub.exchange.licence.StoredLicence;
import org.certhub.exchange.licence.TrustAnchors;
import org.certhub.exchange.pki.CertificateService;
import org.certhub.exchange.pki.IssuerKeys;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.JsonBody;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.file.FileFormat;
import org.certhub.signer.file.FileFormatException;
import org.certhub.signer.file.FileReport;
import org.certhub.signer.file.LicenceFile;
import org.certhub.signer.file.LicenceFileVerifier;
import org.certhub.signer.file.LicenceFiles;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.licence.Licence;
import org.certhub.signer.licence.LicenceType;
import org.certhub.signer.qr.QrPresentations;
import org.certhub.signer.seal.Seal;
import org.certhub.signer.seal.SealStatusSource;
import org.certhub.signer.seal.SealTrust;
import org.certhub.signer.tsa.TimeStampAuthority;
import org.springframework.stereotype.Service;

/**
 * Makes a licence's file for its issuing department or its holder, and verifies files. A file is made on demand
 * (never stored) with the issuing department's current signing key, which must be SM2 for a GB/T 38540 stamp, and
 * its seal; it prints the licence's static QR code (every field disclosed, as on paper, valid until the licence's
 * last day or at most {@link QrPresentations#MAX_LIFETIME}). Each file made is a ledger entry ({@code
 * licence.file}).
 */
@Service
public class LicenceFileService {
  /** Largest file accepted for verification. */
  public static final int MAX_FILE_BYTES = LicenceFileVerifier.MAX_FILE_BYTES;
  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  private final LicenceRepository licences;
  private final CatalogueRepository catalogue;
  private final IssuerKeys issuerKeys;
  private final FileSeals seals;
  private final SealStatusSource sealStatuses;
  private final TimeStampAuthority tsa;
  private final CertificateService certificates;
  private final TrustAnchors anchors;
  private final AccessLog accessLog;
  private final Clock clock;

  /** Wires the service. */
  public LicenceFileService(LicenceRepository licences, CatalogueRepository catalogue, IssuerKeys issuerKeys, FileSeals seals,
      SealStatusSource sealStatuses, TimeStampAuthority tsa, CertificateService certificates, TrustAnchors anchors, AccessLog accessLog,
      Clock clock) {
    this.sealStatuses = sealStatuses;
    this.licences = licences;
    this.catalogue = catalogue;
    this.issuerKeys = issuerKeys;
    this.seals = seals;
    this.tsa = tsa;
    this.certificates = certificates;
    this.anchors = anchors;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  /** The file of a licence the caller issued; another department's licence is "not found". */
  public byte[] forIssuer(Caller caller, String id, FileFormat format) {
    caller.require(Role.ISSUE);
    StoredLicence stored = licences.findIssued(id, caller.code())
        .orElseThrow(() -> ProblemException.of(ErrorCode.NOT_FOUND, "department " + caller.code() + " issued no licence " + JsonBody.truncate(id)));
    byte[] file = make(stored, format);
    accessLog.record(new Access("licence.file", caller.code(), licences.holderKey(id).orElse(null), stored.signed().licence().typeCode(), id,
        null, "allowed", format.extension(), UUID.randomUUID().toString()).by(caller.certificateFingerprint(), null));
    return file;
  }

  /** The file of a licence the signed-in holder holds; anyone else's is "not found". */
  public byte[] forHolder(String holderKey, String id, FileFormat format) {
    StoredLicence stored = licences.findHeld(id, holderKey)
        .orElseThrow(() -> ProblemException.of(ErrorCode.NOT_FOUND, "you hold no licence " + JsonBody.truncate(id)));
    byte[] file = make(stored, format);
    accessLog.record(new Access("licence.file", "citizen", holderKey, stored.signed().licence().typeCode(), id, null, "allowed",
        format.extension(), UUID.randomUUID().toString()));
    return file;
  }

  /**
   * Verifies a file offline against the hub's root, its CA certificates and CRL.
   *
   * @throws FileFormatException when the file is not a readable OFD or PDF
   */
  public FileReport verify(byte[] file) throws FileFormatException {
    Set<X509Certificate> roots = anchors.roots();
    SealTrust trust = new SealTrust(roots, roots, roots, certificates.caCertificates());
    return new LicenceFileVerifier(trust, certificates.revocationSource(), sealStatuses, clock).verify(file);
  }

  private byte[] make(StoredLicence stored, FileFormat format) {
    Licence licence = stored.signed().licence();
    String id = licence.id().toString();
    Instant now = clock.instant();
    String status = stored.statusOn(LocalDate.ofInstant(now, CHINA));
    if (!"valid".equals(status)) {
      throw ProblemException.of(ErrorCode.LICENCE_INVALID, "licence " + id + " is " + status + "; no file is made for it");
    }
    KeyHandle key;
    try {
      key = issuerKeys.signingKey(licence.issuerCode());
    } catch (IllegalStateException e) {
      throw ProblemException.denied(ErrorCode.CONFLICT, "file.key", "department " + licence.issuerCode() + " holds no signing key at the hub");
    }
    if (key.algorithm() != SignatureAlgorithm.SM2_SM3) {
      throw ProblemException.denied(ErrorCode.CONFLICT, "file.algorithm", "a GB/T 38540 stamp needs an SM2 signing key, but department "
          + licence.issuerCode() + " signs with " + key.algorithm());
    }
    Optional<LicenceType> type = catalogue.find(licence.typeCode());
    try {
      Seal seal = seals.sealFor(licence.issuerCode(), licence.issuerName(), key);
      String qr = qr(licence, type, key, now);
      return new LicenceFiles(seal, key, tsa, clock).make(new LicenceFile(stored.signed(), type, qr), format);
    } catch (org.certhub.signer.file.FormatUnavailableException e) {
      throw ProblemException.withCause(ErrorCode.FORMAT_UNAVAILABLE, "this hub cannot make " + format + " files now (" + e.getMessage()
          + "); ask for another format", e);
    } catch (SignerException e) {
      throw ProblemException.withCause(ErrorCode.INTEGRITY_FAILURE, "the " + format + " file of licence " + id + " could not be made", e);
    }
  }

  /** The static QR: every field disclosed, as printed; it lives until the licence's last day, at most the format's cap. */
  private String qr(Licence licence, Optional<LicenceType> type, KeyHandle key, Instant now) throws SignerException {
    LicenceType t = type.orElseThrow(() -> new IllegalStateException("licence type " + licence.typeCode() + " is not in the catalogue"));
    int statusIndex = licences.statusIndex(licence.id().toString())
        .orElseThrow(() -> new IllegalStateException("licence " + licence.id() + " has no status-list index"));
    Duration lifetime = QrPresentations.MAX_LIFETIME;
    if (licence.validUntil() != null) {
      Instant end = licence.validUntil().plusDays(1).atStartOfDay(CHINA).toInstant();
      Duration left = Duration.ofSeconds(Math.max(1, Duration.between(now, end).toSeconds()));
      lifetime = left.compareTo(lifetime) < 0 ? left : lifetime;
    }
    Set<String> disclosed = new LinkedHashSet<>(List.copyOf(licence.fields().keySet()));
    return QrPresentations.make(licence, t, key, disclosed, now, lifetime, statusIndex);
  }
}

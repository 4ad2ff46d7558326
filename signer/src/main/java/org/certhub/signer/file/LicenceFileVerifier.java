package org.certhub.signer.file;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.certhub.signer.SignerException;
import org.certhub.signer.licence.LicenceFormatException;
import org.certhub.signer.licence.LicenceVerificationException;
import org.certhub.signer.licence.LicenceVerifier;
import org.certhub.signer.licence.SignedLicence;
import org.certhub.signer.qr.QrImages;
import org.certhub.signer.seal.SealCheck;
import org.certhub.signer.pki.RevocationSource;
import org.certhub.signer.seal.SealReport;
import org.certhub.signer.seal.SealStatusSource;
import org.certhub.signer.seal.SealTrust;
import org.certhub.signer.seal.SealVerifier;

/**
 * Verifies a licence file offline, OFD or PDF, and reports per part ({@link FileReport}): the container, the
 * page content, the seal, the stamp or signature, the printed QR code and the signed licence inside. A byte
 * changed in a part's bytes makes that part {@link FilePart.Status#TAMPERED}; an unreadable file (not an OFD or
 * PDF, a broken ZIP directory, a truncated PDF) is a {@link FileFormatException} naming the structure. Reading
 * is bounded: the file by {@link #MAX_FILE_BYTES}, an OFD's entries in number and in inflated size, whatever
 * their headers claim.
 */
public final class LicenceFileVerifier {

  /** Largest file accepted: 20 MiB (a licence file is well under 1 MiB). */
  public static final int MAX_FILE_BYTES = 20 << 20;

  private final SealTrust trust;
  private final RevocationSource revocations;
  private final SealStatusSource statuses;
  private final Set<X509Certificate> anchors;
  private final Clock clock;

  /**
   * Creates a verifier.
   *
   * @param trust the anchors per role: the seal's maker and the stamp's signer as for {@link SealVerifier}; the
   *     licence's and the PDF signature's chains are judged against the signer anchors, the PDF's timestamp
   *     against the TSA anchors; not null
   * @param revocations certificate revocation for the seal's chains, not null
   * @param statuses seal revocation by esID, not null
   * @param clock the source of now, not null
   */
  public LicenceFileVerifier(SealTrust trust, RevocationSource revocations, SealStatusSource statuses, Clock clock) {
    this.trust = Objects.requireNonNull(trust, "trust");
    this.revocations = Objects.requireNonNull(revocations, "revocations");
    this.statuses = Objects.requireNonNull(statuses, "statuses");
    this.clock = Objects.requireNonNull(clock, "clock");
    Set<X509Certificate> all = new HashSet<>(trust.signerAnchors());
    all.addAll(trust.tsaAnchors());
    this.anchors = Set.copyOf(all);
  }

  /**
   * Verifies a file; its format is recognised from its first bytes.
   *
   * @param file the bytes, not null
   * @return the report
   * @throws FileFormatException if the file is too large, neither OFD nor PDF, or its structure cannot be read
   */
  public FileReport verify(byte[] file) throws FileFormatException {
    Objects.requireNonNull(file, "file");
    if (file.length > MAX_FILE_BYTES) {
      throw new FileFormatException("file", "the file must be at most " + MAX_FILE_BYTES + " bytes, but was: " + file.length);
    }
    FileFormat format = FileFormat.detect(file).orElseThrow(() -> new FileFormatException("file",
        "the file must start with PK\\3\\4 (OFD) or %PDF- (PDF), but was: " + (file.length == 0 ? "empty" : "neither")));
    return switch (format) {
      case OFD -> new OfdVerification(this, file).run();
      case PDF -> new PdfVerification(this, file).run();
    };
  }

  /**
   * A seal verifier whose path building may also use the CA certificates the file's licence carries: seals and
   * stamps hold only leaf certificates, and an intermediate only helps build a path to a trusted anchor.
   */
  SealVerifier seals(Optional<SignedLicence> licence) {
    List<X509Certificate> intermediates = new ArrayList<>(trust.intermediates());
    licence.ifPresent(l -> l.chain().stream().filter(c -> c.getBasicConstraints() >= 0).forEach(intermediates::add));
    return new SealVerifier(new SealTrust(trust.makerAnchors(), trust.signerAnchors(), trust.tsaAnchors(), intermediates),
        revocations, statuses, clock);
  }

  Set<X509Certificate> anchors() {
    return anchors;
  }

  Clock clock() {
    return clock;
  }

  /** Verifies the signed licence JSON carried inside; records the LICENCE part. */
  Optional<SignedLicence> licence(byte[] json, FileReport.Builder report) {
    if (json == null) {
      report.put(FilePart.Name.LICENCE, FilePart.Status.TAMPERED, LicenceFile.LICENCE_NAME + " must be in the file, but was: absent");
      return Optional.empty();
    }
    SignedLicence signed;
    try {
      signed = SignedLicence.parse(new String(json, java.nio.charset.StandardCharsets.UTF_8));
    } catch (LicenceFormatException e) {
      report.put(FilePart.Name.LICENCE, FilePart.Status.TAMPERED, "the signed licence must parse, but was: " + e.getMessage());
      return Optional.empty();
    }
    try {
      LicenceVerifier.verify(signed, anchors);
      report.put(FilePart.Name.LICENCE, FilePart.Status.PASSED, "licence " + signed.licence().id() + " signed by its issuer");
    } catch (LicenceVerificationException e) {
      boolean changed = e.reason() == LicenceVerificationException.Reason.BAD_SIGNATURE
          || e.reason() == LicenceVerificationException.Reason.MALFORMED
          || e.reason() == LicenceVerificationException.Reason.ALGORITHM_MISMATCH;
      report.put(FilePart.Name.LICENCE, changed ? FilePart.Status.TAMPERED : FilePart.Status.FAILED, e.reason() + ": " + e.getMessage());
    } catch (SignerException e) {
      report.put(FilePart.Name.LICENCE, FilePart.Status.FAILED, e.getMessage());
    } catch (RuntimeException e) {
      // LicenceVerifier lets Bouncy Castle's IllegalStateException out for a mangled certificate key (seen by the
      // byte-flip test): the bytes were changed.
      report.put(FilePart.Name.LICENCE, FilePart.Status.TAMPERED, "the licence's certificates must be well-formed, but was: " + e.getMessage());
    }
    return Optional.of(signed);
  }

  /** Checks that the printed QR picture reads back as the carried QR text; records the QR part. */
  static void qr(byte[] png, byte[] text, FileReport.Builder report) {
    if (png == null || text == null) {
      report.put(FilePart.Name.QR, FilePart.Status.TAMPERED, "the QR picture and " + LicenceFile.QR_NAME + " must be in the file, but was: "
          + (png == null ? "no picture" : "no text"));
      return;
    }
    String expected = new String(text, java.nio.charset.StandardCharsets.US_ASCII);
    try {
      String read = QrImages.read(png);
      if (read.equals(expected)) {
        report.put(FilePart.Name.QR, FilePart.Status.PASSED, "the printed QR code reads as the carried text");
      } else {
        report.put(FilePart.Name.QR, FilePart.Status.TAMPERED, "the printed QR code must read as " + LicenceFile.QR_NAME + ", but was: other text");
      }
    } catch (QrImages.QrImageException e) {
      report.put(FilePart.Name.QR, FilePart.Status.TAMPERED, "the printed QR code must be readable, but was: " + e.getMessage());
    }
  }

  /**
   * Every certificate the given CMS structures (a CMS signature, time-stamp tokens) carry must verify under an issuer
   * among them or the anchors. Their certificate sets are signed by nothing, and path building may skip a copy (of
   * the root, say), so a changed byte there would otherwise pass unseen; records SIGNATURE tampered if one does not.
   */
  void carriedCertificates(List<byte[]> signedData, FileReport.Builder report, String where) {
    try {
      org.bouncycastle.cert.jcajce.JcaX509CertificateConverter conv =
          new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().setProvider(org.certhub.signer.algorithm.Providers.bc());
      List<X509Certificate> all = new ArrayList<>();
      for (byte[] der : signedData) {
        for (org.bouncycastle.cert.X509CertificateHolder h : new org.bouncycastle.cms.CMSSignedData(der).getCertificates().getMatches(null)) {
          all.add(conv.getCertificate(h));
        }
      }
      List<X509Certificate> issuers = new ArrayList<>(all);
      issuers.addAll(anchors);
      for (X509Certificate c : all) {
        boolean ok = false;
        for (X509Certificate i : issuers) {
          if (!ok && i.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            try {
              c.verify(i.getPublicKey(), org.certhub.signer.algorithm.Providers.bc());
              ok = true;
            } catch (java.security.GeneralSecurityException | RuntimeException e) {
              // Another issuer of that name may still fit.
            }
          }
        }
        if (!ok) {
          report.put(FilePart.Name.SIGNATURE, FilePart.Status.TAMPERED, "every certificate " + where + " carries must verify under its issuer, but "
              + c.getSubjectX500Principal().getName() + " does not");
        }
      }
    } catch (java.security.GeneralSecurityException | org.bouncycastle.cms.CMSException | RuntimeException e) {
      report.put(FilePart.Name.SIGNATURE, FilePart.Status.TAMPERED, "the certificates " + where + " carries must be readable, but was: "
          + e.getMessage());
    }
  }

  /** Maps a stamp or seal report onto the SEAL and SIGNATURE parts. */
  static void sealReport(SealReport r, FileReport.Builder report, boolean stamp) {
    for (SealCheck c : r.checks()) {
      FilePart.Name part = switch (c.name()) {
        case SEAL_SIGNATURE, MAKER_CERTIFICATE, SEAL_VALIDITY, SEAL_STATUS -> FilePart.Name.SEAL;
        case FORMAT -> stamp ? FilePart.Name.SIGNATURE : FilePart.Name.SEAL;
        default -> FilePart.Name.SIGNATURE;
      };
      boolean integrity = switch (c.name()) {
        case FORMAT, SEAL_SIGNATURE, STAMP_SIGNATURE, CONTENT -> true;
        default -> false;
      };
      switch (c.status()) {
        case FAILED -> report.put(part, integrity ? FilePart.Status.TAMPERED : FilePart.Status.FAILED, c.name() + ": " + c.detail());
        case INDETERMINATE, NOT_CHECKED -> report.put(part, FilePart.Status.INDETERMINATE, c.name() + ": " + c.detail());
        default -> { }
      }
    }
  }
}

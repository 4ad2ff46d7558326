package org.certhub.signer.file;

import java.util.Objects;

/**
 * The outcome for one part of a licence file.
 *
 * @param part which part
 * @param status the outcome
 * @param detail what was found; on failure {@code "<what> must be <expected>, but was: <actual>"}
 */
public record FilePart(Name part, Status status, String detail) {

  /** The parts of a licence file, in report order. */
  public enum Name {
    /** The package itself: OFD ZIP structure, PDF cross-references and dictionaries outside the parts below. */
    CONTAINER,
    /** The page content: the laid-out text (OFD: every protected file not named below). */
    CONTENT,
    /** The seal: its maker's signature, certificate, validity and status, and its picture. */
    SEAL,
    /** The stamp (OFD) or CAdES signature (PDF): its value, the signer's certificate, the timestamp. */
    SIGNATURE,
    /** The printed QR code: the image decodes to the signed QR text. */
    QR,
    /** The signed licence inside the file: the issuer's signature verifies. */
    LICENCE
  }

  /** A part's outcome. */
  public enum Status {
    /** Verified. */
    PASSED,
    /** Bytes were changed: a digest, a signature value or a structure no longer matches. */
    TAMPERED,
    /** Intact but not valid: an untrusted or expired certificate, a revoked seal. */
    FAILED,
    /** Could not be decided on the data at hand. */
    INDETERMINATE
  }

  /** Validates the members. */
  public FilePart {
    Objects.requireNonNull(part, "part");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return part + " " + status + ": " + detail;
  }
}

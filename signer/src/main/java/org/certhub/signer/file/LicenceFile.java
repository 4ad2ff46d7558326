package org.certhub.signer.file;

import java.util.Objects;
import java.util.Optional;
import org.certhub.signer.licence.LicenceType;
import org.certhub.signer.licence.SignedLicence;

/**
 * What a licence file shows and carries.
 *
 * @param licence the issued, signed licence; its JSON travels inside the file ({@value #LICENCE_NAME})
 * @param type the licence type, for the fields' labels and order; empty prints the field names
 * @param qrText the licence's static, long-lived {@code CH1:} presentation, printed as a QR code and carried as
 *     text ({@value #QR_NAME}) so a verifier can compare what the picture says with what was signed
 */
public record LicenceFile(SignedLicence licence, Optional<LicenceType> type, String qrText) {

  /** Name of the signed licence JSON inside the file (OFD attachment, PDF embedded file). */
  public static final String LICENCE_NAME = "licence.json";
  /** Name of the QR text inside the file. */
  public static final String QR_NAME = "qr.txt";

  /** Validates the members. */
  public LicenceFile {
    Objects.requireNonNull(licence, "licence");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(qrText, "qrText");
    if (qrText.isEmpty() || qrText.length() > 4_000) {
      throw new IllegalArgumentException("qrText must be 1 to 4000 characters, but was: " + qrText.length());
    }
  }
}

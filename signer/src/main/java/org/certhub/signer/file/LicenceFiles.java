package org.certhub.signer.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.cms.CmsSigner;
import org.certhub.signer.cms.TimeStamper;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.seal.Seal;
import org.certhub.signer.seal.Stamper;

/**
 * Makes licence files: OFD with a GB/T 38540 stamp, PDF with a CAdES detached (PAdES-style) signature; both
 * signed with one SM2 key that the seal authorises, so a verifier can tie the PDF's signer to the seal too.
 */
public final class LicenceFiles {

  private final Seal seal;
  private final Stamper stamper;
  private final CmsSigner cms;

  /**
   * Creates a maker.
   *
   * @param seal the issuer's v4 seal, authorising {@code key}'s certificate, not null
   * @param key the signer's SM2 key with its chain, leaf first, not null
   * @param timeStamper the TSA for the stamp's and the signature's timestamp, or null for none
   * @param clock the source of signing times, not null
   */
  public LicenceFiles(Seal seal, KeyHandle key, TimeStamper timeStamper, Clock clock) {
    this.seal = Objects.requireNonNull(seal, "seal");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(clock, "clock");
    if (key.algorithm() != SignatureAlgorithm.SM2_SM3) {
      throw new IllegalArgumentException("key must be an SM2 key (GB/T 38540), but was: " + key.algorithm());
    }
    this.stamper = timeStamper == null ? new Stamper(key, clock) : new Stamper(key, clock, value -> {
      try {
        return timeStamper.timestamp(value);
      } catch (SignerException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    });
    this.cms = new CmsSigner(key, timeStamper, clock);
  }

  /**
   * Makes the file.
   *
   * @param file what it shows and carries, not null
   * @param format OFD or PDF, not null
   * @return the file's bytes
   * @throws SignerException if the seal does not authorise the key or is out of its validity, signing or
   *     time-stamping fails, or (PDF) no CJK font is found
   */
  public byte[] make(LicenceFile file, FileFormat format) throws SignerException {
    Objects.requireNonNull(file, "file");
    return switch (Objects.requireNonNull(format, "format")) {
      case OFD -> OfdLicenceFiles.write(file, seal, stamper);
      case PDF -> PdfLicenceFiles.write(file, seal, cms);
    };
  }

  static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // A temporary directory left behind is not worth failing the file for.
    }
  }
}

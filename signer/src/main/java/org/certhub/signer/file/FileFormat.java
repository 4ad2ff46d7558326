package org.certhub.signer.file;

import java.util.Locale;
import java.util.Optional;

/** The two licence file formats, recognised by their first bytes. */
public enum FileFormat {
  /** GB/T 33190 OFD: a ZIP package. */
  OFD("application/ofd", "ofd"),
  /** PDF (ISO 32000). */
  PDF("application/pdf", "pdf");

  private final String mediaType;
  private final String extension;

  FileFormat(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  /** The media type to serve the file as. */
  public String mediaType() {
    return mediaType;
  }

  /** The file name extension, without the dot. */
  public String extension() {
    return extension;
  }

  /**
   * Parses a format name as given in {@code ?format=} or on the command line.
   *
   * @param name {@code ofd} or {@code pdf}, any case
   * @return the format, empty for anything else
   */
  public static Optional<FileFormat> named(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "ofd" -> Optional.of(OFD);
      case "pdf" -> Optional.of(PDF);
      default -> Optional.empty();
    };
  }

  /**
   * Recognises a file by its magic bytes: {@code PK\3\4} (ZIP, so OFD) or {@code %PDF-}.
   *
   * @param file the file's bytes, not null
   * @return the format, empty when it is neither
   */
  public static Optional<FileFormat> detect(byte[] file) {
    if (file.length >= 4 && file[0] == 'P' && file[1] == 'K' && file[2] == 3 && file[3] == 4) {
      return Optional.of(OFD);
    }
    if (file.length >= 5 && file[0] == '%' && file[1] == 'P' && file[2] == 'D' && file[3] == 'F' && file[4] == '-') {
      return Optional.of(PDF);
    }
    return Optional.empty();
  }
}

package org.certhub.signer.file;

import org.certhub.signer.SignerException;

/** A file that is not a readable OFD or PDF licence file; {@link #where()} names the structure. */
public final class FileFormatException extends SignerException {
  private static final long serialVersionUID = 1L;
  private final String where;

  /**
   * Creates the exception.
   *
   * @param where the structure, e.g. {@code zip.entries[3]} or {@code pdf.signature.ByteRange}
   * @param message {@code "<what> must be <expected>, but was: <actual>"}
   */
  public FileFormatException(String where, String message) {
    super(where + ": " + message);
    this.where = where;
  }

  /** The structure that could not be read. */
  public String where() {
    return where;
  }
}

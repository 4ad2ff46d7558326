package org.certhub.signer.httpsig;

import org.certhub.signer.SignerException;

/**
 * Thrown when a structured header field (RFC 8941) is malformed or too large. The message names
 * the header, the character offset and what was expected there.
 */
public class StructuredFieldException extends SignerException {

  private final String header;
  private final int offset;

  /**
   * Creates the exception.
   *
   * @param header the field name, for example {@code "Signature-Input"}
   * @param offset the zero-based character offset of the problem in the field value
   * @param problem what was expected and what was found
   */
  public StructuredFieldException(String header, int offset, String problem) {
    super(header + " at offset " + offset + ": " + problem);
    this.header = header;
    this.offset = offset;
  }

  /**
   * Returns the field name.
   *
   * @return for example {@code "Signature-Input"}
   */
  public String header() {
    return header;
  }

  /**
   * Returns the zero-based character offset of the problem.
   *
   * @return the offset into the field value
   */
  public int offset() {
    return offset;
  }
}

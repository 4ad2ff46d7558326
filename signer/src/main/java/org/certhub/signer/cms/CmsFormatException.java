package org.certhub.signer.cms;

import org.certhub.signer.SignerException;

/**
 * Thrown when CMS or time-stamp bytes cannot be read as the expected structure: truncated DER, a length
 * beyond the input, nesting deeper than any CMS needs, the wrong content type, or a missing part. The
 * message names where, e.g. {@code "cms.signerInfos[0].unsignedAttrs.signatureTimeStampToken must be …"}.
 */
public class CmsFormatException extends SignerException {

  /**
   * Creates the exception.
   *
   * @param message where, expected and actual
   */
  public CmsFormatException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the parser's failure.
   *
   * @param message where, expected and actual
   * @param cause the underlying failure
   */
  public CmsFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}

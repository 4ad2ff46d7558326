package org.certhub.signer.seal;

import org.certhub.signer.SignerException;

/**
 * A seal or stamp that is not a well-formed GB/T 38540 / GM/T 0031 structure. The message names the
 * structure path of the offending value, e.g. {@code SESeal.eSealInfo.property.validEnd}.
 */
public class SealFormatException extends SignerException {

  /**
   * Creates the exception.
   *
   * @param message {@code "<path> must be <expected>, but was: <actual>"}
   */
  public SealFormatException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message {@code "<path> must be <expected>, but was: <actual>"}
   * @param cause the underlying failure
   */
  public SealFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}

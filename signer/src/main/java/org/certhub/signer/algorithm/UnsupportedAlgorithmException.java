package org.certhub.signer.algorithm;

import org.certhub.signer.SignerException;

/**
 * Thrown when an OID, name or key lies outside the closed algorithm registry ({@link
 * SignatureAlgorithm}, {@link DigestAlgorithm}). The message names the offending value.
 */
public class UnsupportedAlgorithmException extends SignerException {

  /**
   * Creates the exception.
   *
   * @param message what, where, expected and actual
   */
  public UnsupportedAlgorithmException(String message) {
    super(message);
  }
}

package org.certhub.signer.key;

import org.certhub.signer.SignerException;

/**
 * Thrown when key material is malformed or unusable: a key store that cannot be read with the given
 * password, an entry that is missing or of the wrong kind, or a private key that does not match its
 * public key.
 */
public class KeyFormatException extends SignerException {

  /**
   * Creates the exception.
   *
   * @param message what, where, expected and actual
   */
  public KeyFormatException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what, where, expected and actual
   * @param cause the underlying failure
   */
  public KeyFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}

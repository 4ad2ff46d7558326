package org.certhub.signer.json;

import org.certhub.signer.SignerException;

/** Thrown when JSON text, or a detached JSON signature, is malformed. */
public class JsonSignatureFormatException extends SignerException {

  /**
   * Creates the exception.
   *
   * @param message what, where, expected and actual
   */
  public JsonSignatureFormatException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what, where, expected and actual
   * @param cause the underlying failure
   */
  public JsonSignatureFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}

package org.certhub.ledger.checkpoint;

import org.certhub.ledger.LedgerException;

/**
 * Malformed checkpoint, signed note or verifier key text. The message names the line or field and
 * follows {@code "<what> must be <expected>, but was: <actual>"}.
 */
public final class CheckpointFormatException extends LedgerException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is malformed, where, expected and actual
   */
  public CheckpointFormatException(String message) {
    super(message);
  }
}

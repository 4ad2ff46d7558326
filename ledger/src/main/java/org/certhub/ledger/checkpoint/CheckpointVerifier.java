package org.certhub.ledger.checkpoint;

import java.util.Objects;
import org.certhub.ledger.LedgerVerificationException;

/** Turns a signed checkpoint note into a {@link VerifiedCheckpoint}, or rejects it. */
public final class CheckpointVerifier {

  private CheckpointVerifier() {}

  /**
   * Verifies the note signature with {@code verifier}, parses the checkpoint body strictly, and
   * checks its origin.
   *
   * @param signedNote the signed checkpoint note
   * @param verifier the trusted log key
   * @param expectedOrigin the origin the checkpoint must carry
   * @return the verified checkpoint
   * @throws CheckpointFormatException if the note or the checkpoint body is malformed
   * @throws LedgerVerificationException if the signature is missing or invalid, or the origin is
   *     not {@code expectedOrigin}
   */
  public static VerifiedCheckpoint verify(
      String signedNote, NoteVerifier verifier, String expectedOrigin)
      throws CheckpointFormatException, LedgerVerificationException {
    Objects.requireNonNull(signedNote, "signedNote");
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(expectedOrigin, "expectedOrigin");
    String text = verifier.verify(signedNote);
    Checkpoint checkpoint = Checkpoint.parse(text);
    if (!checkpoint.origin().equals(expectedOrigin)) {
      throw new LedgerVerificationException(
          "checkpoint line 1 (origin) must be " + Notes.quote(expectedOrigin) + ", but was: "
              + Notes.quote(checkpoint.origin()));
    }
    return new VerifiedCheckpoint(checkpoint, signedNote);
  }
}

package org.certhub.ledger.checkpoint;

import java.util.Objects;

/**
 * A checkpoint whose signature was verified with a trusted key and whose origin was checked. Only
 * {@link CheckpointVerifier#verify} creates instances.
 */
public final class VerifiedCheckpoint {

  private final Checkpoint checkpoint;
  private final String signedNote;

  VerifiedCheckpoint(Checkpoint checkpoint, String signedNote) {
    this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
    this.signedNote = Objects.requireNonNull(signedNote, "signedNote");
  }

  /**
   * Returns the log origin.
   *
   * @return the origin (first line)
   */
  public String origin() {
    return checkpoint.origin();
  }

  /**
   * Returns the tree size.
   *
   * @return the size
   */
  public long size() {
    return checkpoint.size();
  }

  /**
   * Returns the root hash at {@link #size()}.
   *
   * @return a copy of the 32-byte root hash
   */
  public byte[] rootHash() {
    return checkpoint.rootHash();
  }

  /**
   * Returns the whole signed note as verified, including all signature lines.
   *
   * @return the signed note text
   */
  public String signedNote() {
    return signedNote;
  }

  /**
   * Returns the checkpoint value.
   *
   * @return the checkpoint
   */
  public Checkpoint checkpoint() {
    return checkpoint;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifiedCheckpoint v
        && checkpoint.equals(v.checkpoint)
        && signedNote.equals(v.signedNote);
  }

  @Override
  public int hashCode() {
    return Objects.hash(checkpoint, signedNote);
  }

  @Override
  public String toString() {
    return "VerifiedCheckpoint[" + checkpoint + "]";
  }
}

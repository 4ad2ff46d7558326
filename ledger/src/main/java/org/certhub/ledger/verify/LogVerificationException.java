package org.certhub.ledger.verify;

import org.certhub.ledger.LedgerVerificationException;

/**
 * A stored ledger failed {@link LogVerifier#verify}. {@link #location()} says whether {@link
 * #badIndex()} is a journal record index or a checkpoint number (both 0-based).
 *
 * <p><b>What "first bad index" means.</b> Checkpoints only vouch for roots at their sizes, so a
 * changed journal entry is detected at the first checkpoint whose signed root no longer matches
 * the recomputed one. Every record below the previous checkpoint's size is proven unchanged (that
 * checkpoint still matches), so the first changed record lies in {@code [previous size, this
 * size)}. {@code badIndex()} is the lower end of that range: the lowest journal index that is not
 * proven good. With a checkpoint after every entry the range has one element and {@code
 * badIndex()} is exactly the changed record; the message always gives the whole range.
 */
public final class LogVerificationException extends LedgerVerificationException {

  private static final long serialVersionUID = 1L;

  /** What kind of index {@link #badIndex()} is. */
  public enum Location {
    /** A 0-based index into {@code journal/journal.log}. */
    JOURNAL_RECORD,
    /** A 0-based index into {@code checkpoints.log}. */
    CHECKPOINT,
    /** A 0-based entry index whose tile (hash tile or entry bundle) is wrong; the message names the file and byte. */
    TILE,
    /** A 0-based index into the anchor file: an anchored checkpoint the log does not match. */
    ANCHOR
  }

  private final Location location;
  private final long badIndex;

  LogVerificationException(Location location, long badIndex, String message, Throwable cause) {
    super(message, cause);
    this.location = location;
    this.badIndex = badIndex;
  }

  /**
   * Returns the first bad index (see the class documentation).
   *
   * @return the 0-based journal record index or checkpoint number
   */
  public long badIndex() {
    return badIndex;
  }

  /**
   * Returns whether {@link #badIndex()} indexes journal records or checkpoints.
   *
   * @return the location kind
   */
  public Location location() {
    return location;
  }
}

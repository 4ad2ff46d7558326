package org.certhub.ledger.journal;

import org.certhub.ledger.LedgerException;

/**
 * A record file is damaged in a way a crash cannot explain: a record in the middle of the file
 * fails its checks while a valid record follows it. Recovery refuses to truncate such a file,
 * since that would silently drop acknowledged records; an operator must investigate.
 */
public final class JournalCorruptionException extends LedgerException {

  private static final long serialVersionUID = 1L;

  private final long recordIndex;
  private final long offset;

  JournalCorruptionException(String message, long recordIndex, long offset) {
    super(message);
    this.recordIndex = recordIndex;
    this.offset = offset;
  }

  /**
   * Returns the 0-based number of the damaged record.
   *
   * @return the record index
   */
  public long recordIndex() {
    return recordIndex;
  }

  /**
   * Returns the byte offset of the damaged record's header in the file.
   *
   * @return the byte offset
   */
  public long offset() {
    return offset;
  }
}

/**
 * The durable write-ahead journal of the ledger: one append-only file of length- and
 * CRC32C-framed records, with group commit and crash recovery.
 *
 * <p>Record format ({@link org.certhub.ledger.journal.RecordFile}): {@code [u32 big-endian
 * payload length][u32 big-endian CRC32C (RFC 3720 / Castagnoli) of the payload][payload]}. Entries
 * are at most 65,535 bytes so that they fit the big-endian uint16 length prefix of C2SP tlog-tiles
 * entry bundles (<a href="https://c2sp.org/tlog-tiles">c2sp.org/tlog-tiles</a>).
 *
 * <p>Durability contract: see {@link org.certhub.ledger.journal.Journal#append(byte[])}.
 */
package org.certhub.ledger.journal;

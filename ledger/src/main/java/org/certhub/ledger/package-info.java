/**
 * CertHub's verifiable access ledger: an append-only, tamper-evident log.
 *
 * <p>{@link org.certhub.ledger.Ledger} ties together a durable write-ahead
 * {@linkplain org.certhub.ledger.journal.Journal journal}, an in-memory RFC 9162 §2.1
 * {@linkplain org.certhub.ledger.tree.MerkleTree Merkle tree} and periodically published
 * C2SP signed checkpoints (<a href="https://c2sp.org/tlog-checkpoint">c2sp.org/tlog-checkpoint</a>,
 * <a href="https://c2sp.org/signed-note">c2sp.org/signed-note</a>). Outsiders check a stored
 * ledger with {@link org.certhub.ledger.verify.LogVerifier}.
 *
 * <p>Errors: every expected failure of untrusted input or stored data is a checked
 * {@link org.certhub.ledger.LedgerException}; malformed input is a {@code ...FormatException},
 * well-formed but wrong input is a {@link org.certhub.ledger.LedgerVerificationException}.
 * Programmer errors are {@code NullPointerException}/{@code IllegalArgumentException}/
 * {@code IllegalStateException}.
 */
package org.certhub.ledger;

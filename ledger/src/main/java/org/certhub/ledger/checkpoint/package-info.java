/**
 * C2SP signed notes (<a href="https://c2sp.org/signed-note">c2sp.org/signed-note</a>) and
 * transparency log checkpoints (<a href="https://c2sp.org/tlog-checkpoint">c2sp.org/tlog-checkpoint</a>).
 *
 * <p>A checkpoint is the note text {@code "<origin>\n<size>\n<base64 root>\n"} signed by the log's
 * Ed25519 key (signature type 0x01). {@link org.certhub.ledger.checkpoint.Checkpoint#parse} turns
 * text into an <em>unverified</em> {@link org.certhub.ledger.checkpoint.Checkpoint};
 * {@link org.certhub.ledger.checkpoint.CheckpointVerifier#verify} is the only source of a
 * {@link org.certhub.ledger.checkpoint.VerifiedCheckpoint}.
 *
 * <p>Malformed text is a {@link org.certhub.ledger.checkpoint.CheckpointFormatException}; well-formed
 * but wrong (bad signature, missing signature, wrong origin) is a
 * {@link org.certhub.ledger.LedgerVerificationException}.
 */
package org.certhub.ledger.checkpoint;

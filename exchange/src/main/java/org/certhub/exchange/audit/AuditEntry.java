package org.certhub.exchange.audit;

import java.time.Instant;

/**
 * One indexed ledger entry as an auditor sees it.
 *
 * @param index the entry's index in the ledger (verifiable with an inclusion proof)
 * @param time when the hub recorded it
 * @param access what happened
 * @param leafHash base64 RFC 9162 leaf hash of the entry
 */
public record AuditEntry(long index, Instant time, Access access, String leafHash) {}

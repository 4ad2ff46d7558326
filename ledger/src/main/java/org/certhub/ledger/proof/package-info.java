/**
 * Verification of RFC 9162 Merkle proofs: inclusion proofs (RFC 9162 §2.1.3.2) and consistency
 * proofs (RFC 9162 §2.1.4.2).
 *
 * <p>All preconditions (index range, sizes, proof length, hash lengths) are checked up front,
 * before any hashing, so a malformed proof is reported precisely rather than as a root mismatch.
 */
package org.certhub.ledger.proof;

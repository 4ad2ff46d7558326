/**
 * RFC 9162 §2.1 Merkle hash trees (identical to RFC 6962 §2.1 for SHA-256).
 *
 * <p>{@link org.certhub.ledger.tree.Hasher} computes the leaf and interior node hashes of RFC 9162
 * §2.1.1 with an injected hash function (SHA-256 by default, SM3 through a provider).
 * {@link org.certhub.ledger.tree.MerkleTree} is an in-memory append-only tree that computes roots,
 * inclusion proofs (RFC 9162 §2.1.3.1, {@code PATH}) and consistency proofs (RFC 9162 §2.1.4.1,
 * {@code PROOF}/{@code SUBPROOF}). Proofs are checked by {@link org.certhub.ledger.proof.ProofVerifier}.
 */
package org.certhub.ledger.tree;

package org.certhub.fabric.chaincode;

/**
 * Stable refusal codes: the payload of every {@link org.hyperledger.fabric.shim.ChaincodeException}
 * the contract throws, and the prefix of its message. Clients branch on these, never on the text.
 */
public enum ErrorCode {
  /** An argument is malformed: empty origin, bad digest, unknown status, bad proof encoding. */
  BAD_ARGUMENT,
  /** The signed note or its checkpoint body breaks the C2SP format rules. */
  CHECKPOINT_MALFORMED,
  /** The note carries no valid signature by the log's registered key, or names another origin. */
  SIGNATURE_INVALID,
  /** No verifier key is registered for the checkpoint's origin. */
  LOG_NOT_REGISTERED,
  /** The origin is already registered with another key or by another organisation. */
  LOG_ALREADY_REGISTERED,
  /** The submitter's organisation does not own the log (did not register it). */
  NOT_LOG_OWNER,
  /** A checkpoint with another root is already anchored at this (origin, size). */
  ROOT_CONFLICT,
  /** The checkpoint's size is below the last anchored size of its log. */
  SIZE_BELOW_LAST,
  /** The consistency proof does not prove the checkpoint extends the last anchored one. */
  INCONSISTENT,
  /** Only the issuing organisation may change a licence's status. */
  NOT_ISSUER,
  /** A revoked licence stays revoked. */
  REVOKED_IS_FINAL,
  /** A superseded or expired licence keeps that status (its next version has its own identifier). */
  STATUS_IS_FINAL,
  /** Nothing is stored under the requested key. */
  NOT_FOUND
}

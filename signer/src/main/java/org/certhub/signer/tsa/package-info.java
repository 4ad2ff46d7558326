/**
 * The hub's RFC 3161 time-stamping authority ({@link org.certhub.signer.tsa.TimeStampAuthority}): answers
 * DER queries with DER replies and stamps CAdES-T signatures in process. See {@code docs/signatures.md}.
 */
package org.certhub.signer.tsa;

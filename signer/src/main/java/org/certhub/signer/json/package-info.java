/**
 * Detached signatures over JSON documents, computed on the RFC 8785 JSON Canonicalization Scheme
 * (JCS) form; signer identified by the SHA-256 of its certificate (cf. RFC 7515 §4.1.8 {@code
 * x5t#S256}, hex-encoded and self-describing here).
 */
package org.certhub.signer.json;

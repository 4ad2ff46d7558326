/**
 * CMS SignedData (RFC 5652) in the CAdES baseline profiles B and T (ETSI EN 319 122-1): {@link
 * org.certhub.signer.cms.CmsSigner} makes detached and enveloping signatures with SM2 (SM3withSM2,
 * 1.2.156.10197.1.501, digest SM3 1.2.156.10197.1.401, GB/T 35275 / GM/T 0010), ECDSA P-256 with SHA-256
 * (RFC 5753) or Ed25519 with SHA-512 (RFC 8419), signing-certificate-v2 (RFC 5035) and a signature timestamp
 * (RFC 3161, id-aa-signatureTimeStampToken); {@link org.certhub.signer.cms.CmsVerifier} verifies them and
 * reports each check. See {@code docs/signatures.md}.
 */
package org.certhub.signer.cms;

/**
 * The closed algorithm registry.
 *
 * <p>{@link org.certhub.signer.algorithm.SignatureAlgorithm}: SM2 with SM3 (GB/T 32918-2016, GM/T
 * 0003-2012; OID 1.2.156.10197.1.501 per GB/T 33560-2017; default user ID per GB/T 35276-2017),
 * ECDSA P-256 with SHA-256 (FIPS 186-4, RFC 5758) and Ed25519 (RFC 8032, RFC 8410). {@link
 * org.certhub.signer.algorithm.DigestAlgorithm}: SHA-256 (FIPS 180-4) and SM3 (GB/T 32905-2016).
 *
 * <p>All primitives come from the one Bouncy Castle provider instance in {@link
 * org.certhub.signer.algorithm.Providers}; the global JCA provider list is never modified.
 */
package org.certhub.signer.algorithm;

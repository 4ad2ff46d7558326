/**
 * X.509 PKI: a certification authority, certificate profiles, CRLs, chain validation with revocation,
 * and PEM.
 *
 * <p>Certificates are X.509 v3 per RFC 5280 (§4.1 structure, §4.2 extensions, §6 path validation
 * subset), signed with SM3withSM2 (GM/T 0015-2012, GB/T 20518-2018), ECDSA with SHA-256 (RFC 5758)
 * or Ed25519 (RFC 8410). CRLs are X.509 v2 complete CRLs per RFC 5280 §5 with CRLNumber,
 * AuthorityKeyIdentifier and reasonCode; {@link org.certhub.signer.pki.CrlRevocationSource} uses only
 * CRLs whose signature it verified. Time-stamping certificates follow RFC 3161 §2.3, seal-maker
 * certificates carry id-kp-documentSigning (RFC 9336). PEM text follows RFC 7468; private keys are
 * PKCS#8 (RFC 5208/5958). Interoperability is checked in tests with OpenSSL 3 ({@code openssl
 * verify}, {@code openssl crl}, {@code openssl ca -gencrl}) in both directions.
 */
package org.certhub.signer.pki;

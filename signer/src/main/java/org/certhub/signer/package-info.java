/**
 * CertHub signer: keys, PKI and signed e-licences as a plain Java library on Bouncy Castle.
 *
 * <p>Feature packages: {@link org.certhub.signer.algorithm} (the closed algorithm registry: SM2/SM3
 * per GB/T 32918 and GB/T 32905, ECDSA P-256 per FIPS 186-4, Ed25519 per RFC 8032), {@link
 * org.certhub.signer.key} (key custody: handles that sign, PKCS#12 stores), {@link
 * org.certhub.signer.pki} (X.509 v3 per RFC 5280: CA, profiles, chain validation, PEM per RFC 7468),
 * {@link org.certhub.signer.licence} (e-licences per GB/T 36901-36906, signed over RFC 8785 JCS) and
 * {@link org.certhub.signer.json} (detached signatures over JCS-canonical JSON).
 *
 * <p>Every checked failure extends {@link org.certhub.signer.SignerException}.
 */
package org.certhub.signer;

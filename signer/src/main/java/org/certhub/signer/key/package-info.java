/**
 * Key custody: handles that sign, verifiers bound to a key, and PKCS#12 (RFC 7292) stores.
 *
 * <p>Follows the "a key fixes its algorithm" rule: a {@link org.certhub.signer.key.KeyHandle} or
 * {@link org.certhub.signer.key.Verifier} derives its {@link
 * org.certhub.signer.algorithm.SignatureAlgorithm} from the key (RFC 5280 §4.1.2.7
 * SubjectPublicKeyInfo). Private keys are never exposed, except through the greppable {@link
 * org.certhub.signer.key.InsecureKeyExport} capability. SM2 signing follows GB/T 32918.2-2016 with the
 * default user ID of GB/T 35276-2017; signatures are DER per GB/T 35276 §7.
 */
package org.certhub.signer.key;

package org.certhub.signer.key;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.SignatureAlgorithm;

/**
 * A private key that signs. The secret never leaves the handle: there is no accessor for key bytes,
 * so a PKCS#12 file, a PKCS#11 token or a remote signer can stand behind the same interface.
 *
 * <p><b>Security guarantees.</b> The algorithm is fixed by the key ({@link #algorithm()}); callers
 * cannot choose another one. Signatures are in the algorithm's standard encoding: DER {@code
 * SEQUENCE {r, s}} for SM2 and ECDSA, the 64-byte RFC 8032 form for Ed25519.
 */
public interface KeyHandle {

  /**
   * Returns the algorithm this key signs with.
   *
   * @return the algorithm fixed by the key
   */
  SignatureAlgorithm algorithm();

  /**
   * Returns the public half of the key.
   *
   * @return the public key
   */
  PublicKey publicKey();

  /**
   * Returns the certificate chain of the key, leaf first.
   *
   * @return an unmodifiable list, possibly empty when the key has no certificate
   */
  List<X509Certificate> chain();

  /**
   * Signs {@code data} (the whole message; hashing is part of the algorithm).
   *
   * @param data the bytes to be signed, not null
   * @return a new signature array
   * @throws SignerException if the underlying key store or token fails to sign
   */
  byte[] sign(byte[] data) throws SignerException;
}

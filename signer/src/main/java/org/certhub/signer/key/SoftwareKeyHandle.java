package org.certhub.signer.key;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.algorithm.SignatureAlgorithm;

/**
 * A {@link KeyHandle} over an in-memory JCA private key, signing with Bouncy Castle.
 *
 * <p>Initialised {@link Signature} objects are kept in a pool and reused: a JCA signature returns to
 * its freshly-initialised state after {@code sign()}, and initialisation is the expensive part for
 * SM2 (it derives the public point and the user-ID digest Z, GB/T 32918.2 §5.5, costing about as
 * much as a signature). The pool holds at most one instance per concurrent caller; an instance that
 * failed is dropped, not reused.
 */
final class SoftwareKeyHandle implements KeyHandle {

  private final SignatureAlgorithm algorithm;
  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final List<X509Certificate> chain;
  private final ConcurrentLinkedQueue<Signature> idle = new ConcurrentLinkedQueue<>();

  SoftwareKeyHandle(
      SignatureAlgorithm algorithm,
      PrivateKey privateKey,
      PublicKey publicKey,
      List<X509Certificate> chain) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    this.chain = List.copyOf(chain);
  }

  @Override
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public List<X509Certificate> chain() {
    return chain;
  }

  @Override
  public byte[] sign(byte[] data) throws SignerException {
    Objects.requireNonNull(data, "data");
    try {
      Signature s = idle.poll();
      if (s == null) {
        s = Signature.getInstance(algorithm.jcaName(), Providers.bc());
        s.initSign(privateKey);
      }
      s.update(data);
      byte[] signature = s.sign();
      idle.offer(s); // only after success: sign() has reset it to the initialised state
      return signature;
    } catch (GeneralSecurityException e) {
      throw new SignerException(
          "key must sign with " + algorithm + ", but was: " + e.getClass().getSimpleName(), e);
    }
  }

  /** Package-private: lets the key store persist the key without a public accessor. */
  PrivateKey privateKey() {
    return privateKey;
  }

  @Override
  public String toString() {
    return "KeyHandle[" + algorithm + ", chain=" + chain.size() + " certificate(s)]";
  }
}

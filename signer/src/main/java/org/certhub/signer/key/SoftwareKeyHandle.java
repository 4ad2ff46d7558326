package org.certhub.signer.key;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.algorithm.SignatureAlgorithm;

/** A {@link KeyHandle} over an in-memory JCA private key, signing with Bouncy Castle. */
final class SoftwareKeyHandle implements KeyHandle {

  private final SignatureAlgorithm algorithm;
  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final List<X509Certificate> chain;

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
      Signature s = Signature.getInstance(algorithm.jcaName(), Providers.bc());
      s.initSign(privateKey);
      s.update(data);
      return s.sign();
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

package org.certhub.signer.key;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.Objects;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.algorithm.UnsupportedAlgorithmException;

/**
 * Key generation and {@link KeyHandle} construction for in-memory (software) keys.
 *
 * <p>All keys come from the Bouncy Castle provider with a {@link SecureRandom}: SM2 keys are EC keys
 * on {@code sm2p256v1} (GB/T 32918.5-2017), ECDSA keys on NIST P-256, Ed25519 keys per RFC 8032.
 */
public final class Keys {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] PROBE = "certhub key pair probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private Keys() {}

  /**
   * Generates a fresh key pair for {@code algorithm}.
   *
   * @param algorithm the algorithm the key will be bound to, not null
   * @return a new key pair from the Bouncy Castle provider
   */
  public static KeyPair generate(SignatureAlgorithm algorithm) {
    Objects.requireNonNull(algorithm, "algorithm");
    try {
      KeyPairGenerator g;
      switch (algorithm) {
        case SM2_SM3 -> {
          g = KeyPairGenerator.getInstance("EC", Providers.bc());
          g.initialize(new ECGenParameterSpec("sm2p256v1"), RANDOM);
        }
        case ECDSA_P256_SHA256 -> {
          g = KeyPairGenerator.getInstance("EC", Providers.bc());
          g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        }
        case ED25519 -> {
          g = KeyPairGenerator.getInstance("Ed25519", Providers.bc());
          g.initialize(255, RANDOM);
        }
        default -> throw new IllegalArgumentException("algorithm " + algorithm);
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Bouncy Castle must generate " + algorithm + " keys", e);
    }
  }

  /**
   * Wraps a key pair without certificates. The algorithm is derived from the public key.
   *
   * @param keyPair the key pair, not null
   * @return a handle with an empty chain
   * @throws IllegalArgumentException if the key is outside the registry or the private key does not
   *     match the public key
   */
  public static KeyHandle handle(KeyPair keyPair) {
    Objects.requireNonNull(keyPair, "keyPair");
    return handle(keyPair.getPrivate(), keyPair.getPublic(), List.of());
  }

  /**
   * Wraps a private key with its certificate chain (leaf first). The algorithm is derived from the
   * leaf certificate's public key.
   *
   * @param privateKey the private key, not null
   * @param chain the certificate chain, leaf first, not empty
   * @return a handle bound to the leaf key's algorithm
   * @throws IllegalArgumentException if the chain is empty, the key is outside the registry, or the
   *     private key does not match the leaf certificate's public key
   */
  public static KeyHandle handle(PrivateKey privateKey, List<X509Certificate> chain) {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(chain, "chain");
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(
          "chain must contain the leaf certificate, but was: empty (use handle(KeyPair) for a bare key)");
    }
    return handle(privateKey, chain.get(0).getPublicKey(), chain);
  }

  /**
   * Wraps a key pair with its certificate chain (leaf first); the leaf must certify the public key.
   *
   * @param keyPair the key pair, not null
   * @param chain the certificate chain, leaf first; may be empty
   * @return a handle bound to the public key's algorithm
   * @throws IllegalArgumentException if the leaf does not certify the key, the key is outside the
   *     registry, or the private key does not match the public key
   */
  public static KeyHandle handle(KeyPair keyPair, List<X509Certificate> chain) {
    Objects.requireNonNull(keyPair, "keyPair");
    Objects.requireNonNull(chain, "chain");
    if (!chain.isEmpty() && !chain.get(0).getPublicKey().equals(keyPair.getPublic())
        && !java.util.Arrays.equals(chain.get(0).getPublicKey().getEncoded(), keyPair.getPublic().getEncoded())) {
      throw new IllegalArgumentException(
          "chain[0] public key must be the key pair's public key, but was: a different key");
    }
    return handle(keyPair.getPrivate(), keyPair.getPublic(), chain);
  }

  private static KeyHandle handle(PrivateKey privateKey, PublicKey publicKey, List<X509Certificate> chain) {
    SignatureAlgorithm algorithm;
    try {
      algorithm = SignatureAlgorithm.forKey(publicKey);
    } catch (UnsupportedAlgorithmException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    PrivateKey bcPrivate = toBc(privateKey, algorithm);
    PublicKey bcPublic = toBc(publicKey, algorithm);
    checkPair(algorithm, bcPrivate, bcPublic);
    return new SoftwareKeyHandle(algorithm, bcPrivate, bcPublic, chain);
  }

  /** Sign-then-verify probe: rejects a private key of another algorithm or another key pair. */
  private static void checkPair(SignatureAlgorithm algorithm, PrivateKey priv, PublicKey pub) {
    try {
      Signature s = Signature.getInstance(algorithm.jcaName(), Providers.bc());
      s.initSign(priv);
      s.update(PROBE);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(algorithm.jcaName(), Providers.bc());
      v.initVerify(pub);
      v.update(PROBE);
      if (v.verify(sig)) {
        return;
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          "privateKey must be a " + algorithm + " key matching the public key, but was: "
              + privateKey(priv) + " (" + e.getClass().getSimpleName() + ")", e);
    }
    throw new IllegalArgumentException(
        "privateKey must match the public key, but was: the private half of another key pair");
  }

  private static String privateKey(PrivateKey k) {
    return k.getAlgorithm() + " private key";
  }

  /** Re-creates a key inside the BC provider so every operation runs on one implementation. */
  static PrivateKey toBc(PrivateKey key, SignatureAlgorithm algorithm) {
    byte[] encoded = key.getEncoded();
    if (encoded == null || !"PKCS#8".equals(key.getFormat())) {
      return key; // a token-held key: use as is
    }
    try {
      return KeyFactory.getInstance(keyFactoryName(algorithm), Providers.bc())
          .generatePrivate(new PKCS8EncodedKeySpec(encoded));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "privateKey must be a " + algorithm + " PKCS#8 key, but was: " + key.getAlgorithm(), e);
    } finally {
      java.util.Arrays.fill(encoded, (byte) 0);
    }
  }

  static PublicKey toBc(PublicKey key, SignatureAlgorithm algorithm) {
    try {
      return KeyFactory.getInstance(keyFactoryName(algorithm), Providers.bc())
          .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "publicKey must be a " + algorithm + " key, but was: " + key.getAlgorithm(), e);
    }
  }

  private static String keyFactoryName(SignatureAlgorithm algorithm) {
    return algorithm == SignatureAlgorithm.ED25519 ? "Ed25519" : "EC";
  }
}

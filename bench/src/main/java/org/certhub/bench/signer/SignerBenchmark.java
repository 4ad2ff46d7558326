package org.certhub.bench.signer;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.custom.gm.SM2P256V1Curve;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Curve;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Keys;
import org.certhub.signer.key.Verifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Sign and verify per algorithm, twice in the same run: through the signer's own API ({@link
 * KeyHandle#sign}, {@link Verifier#verify}) and through the bare Bouncy Castle lightweight primitive
 * ({@link SM2Signer}, {@link ECDSASigner} with SHA-256, {@link Ed25519Signer}) on the optimised
 * custom curves ({@link CustomNamedCurves}). The ratio API/BC is the cost of our layers (JCA,
 * pooling, DER checks); it must stay at or above 0.80 (docs/benchmarks.md).
 *
 * <p>Keys are generated once per trial; the message is fixed content of {@link #messageBytes} bytes,
 * 1 KiB unless the run overrides it ({@code -p messageBytes=20} matches the 20-byte input {@code
 * openssl speed} signs, for a like-for-like comparison with OpenSSL). One state per thread, because
 * the bare BC signers are stateful and the API objects are meant to be shared anyway.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignerBenchmark {

  /** The algorithm under test, a {@link SignatureAlgorithm} constant name. */
  @Param({"SM2_SM3", "ECDSA_P256_SHA256", "ED25519"})
  public String algorithm;

  /** The message size every operation signs or verifies. */
  @Param({"1024"})
  public int messageBytes;

  private byte[] message;
  private KeyHandle handle;
  private Verifier verifier;
  private byte[] apiSignature;
  private Signer bcSigner;
  private Signer bcVerifier;
  private byte[] bcSignature;

  /**
   * Generates the keys, checks that both paths run on BC's optimised curve implementation, and
   * makes one signature per path for the verify benchmarks.
   *
   * @throws Exception if key generation or the first signature fails
   */
  @Setup
  public void setUp() throws Exception {
    message = new byte[messageBytes];
    new Random(20261122L).nextBytes(message); // fixed content, not a secret
    SignatureAlgorithm alg = SignatureAlgorithm.valueOf(algorithm);

    handle = Keys.handle(Keys.generate(alg));
    verifier = Verifier.forPublicKey(handle.publicKey());
    apiSignature = handle.sign(message);
    verifier.verify(apiSignature, message);

    SecureRandom random = new SecureRandom();
    switch (alg) {
      case SM2_SM3 -> {
        requireCurve(handle.publicKey(), SM2P256V1Curve.class);
        AsymmetricCipherKeyPair kp = ecKeyPair("sm2p256v1", SM2P256V1Curve.class, random);
        bcSigner = new SM2Signer();
        bcSigner.init(true, new ParametersWithRandom(kp.getPrivate(), random));
        bcVerifier = new SM2Signer();
        bcVerifier.init(false, kp.getPublic());
      }
      case ECDSA_P256_SHA256 -> {
        requireCurve(handle.publicKey(), SecP256R1Curve.class);
        AsymmetricCipherKeyPair kp = ecKeyPair("secp256r1", SecP256R1Curve.class, random);
        bcSigner = new DSADigestSigner(new ECDSASigner(), new SHA256Digest());
        bcSigner.init(true, new ParametersWithRandom(kp.getPrivate(), random));
        bcVerifier = new DSADigestSigner(new ECDSASigner(), new SHA256Digest());
        bcVerifier.init(false, kp.getPublic());
      }
      case ED25519 -> {
        Ed25519PrivateKeyParameters sk = new Ed25519PrivateKeyParameters(random);
        bcSigner = new Ed25519Signer();
        bcSigner.init(true, sk);
        bcVerifier = new Ed25519Signer();
        bcVerifier.init(false, sk.generatePublicKey());
      }
      default -> throw new IllegalArgumentException("algorithm " + alg);
    }
    bcSignature = signBc();
    if (!verifyBc()) {
      throw new IllegalStateException("bare BC " + alg + " signature must verify, but was: invalid");
    }
  }

  private static AsymmetricCipherKeyPair ecKeyPair(
      String curve, Class<? extends ECCurve> expected, SecureRandom random) {
    X9ECParameters x9 = CustomNamedCurves.getByName(curve);
    if (!expected.isInstance(x9.getCurve())) {
      throw new IllegalStateException(
          "CustomNamedCurves " + curve + " must be " + expected.getSimpleName() + ", but was: "
              + x9.getCurve().getClass().getName());
    }
    ECKeyPairGenerator g = new ECKeyPairGenerator();
    g.init(new ECKeyGenerationParameters(new ECDomainParameters(x9), random));
    return g.generateKeyPair();
  }

  /** The API path must use the same optimised curve as the bare path, or the comparison is moot. */
  private static void requireCurve(PublicKey key, Class<? extends ECCurve> expected) {
    ECCurve curve = ((org.bouncycastle.jce.interfaces.ECPublicKey) key).getParameters().getCurve();
    if (!expected.isInstance(curve)) {
      throw new IllegalStateException("signer key curve must be " + expected.getSimpleName()
          + ", but was: " + curve.getClass().getName());
    }
  }

  /**
   * Signs the message through {@link KeyHandle#sign}.
   *
   * @return the signature
   * @throws SignerException if signing fails
   */
  @Benchmark
  public byte[] signApi() throws SignerException {
    return handle.sign(message);
  }

  /**
   * Verifies through {@link Verifier#verify}.
   *
   * @return the verifier, so the call is not dead code
   * @throws SignerException if the signature does not verify
   */
  @Benchmark
  public Verifier verifyApi() throws SignerException {
    verifier.verify(apiSignature, message);
    return verifier;
  }

  /**
   * Signs the message with the bare BC lightweight signer.
   *
   * @return the signature
   * @throws CryptoException if signing fails
   */
  @Benchmark
  public byte[] signBc() throws CryptoException {
    bcSigner.update(message, 0, message.length);
    return bcSigner.generateSignature();
  }

  /**
   * Verifies with the bare BC lightweight signer.
   *
   * @return whether the signature verified (always true)
   */
  @Benchmark
  public boolean verifyBc() {
    bcVerifier.update(message, 0, message.length);
    return bcVerifier.verifySignature(bcSignature);
  }
}

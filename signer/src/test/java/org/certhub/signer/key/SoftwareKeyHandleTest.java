package org.certhub.signer.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.custom.gm.SM2P256V1Curve;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Curve;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pooled, reused JCA signatures behind {@link KeyHandle#sign} and {@link Verifier#verify}: reuse
 * must never change a result, across calls, threads and failures.
 */
class SoftwareKeyHandleTest {

  private static final byte[] DATA = "pooled".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void sign_concurrentlyFromFourThreads_everySignatureVerifies(SignatureAlgorithm alg) throws Exception {
    KeyHandle key = Keys.handle(Keys.generate(alg));
    Verifier verifier = Verifier.forPublicKey(key.publicKey());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        final int thread = t;
        Callable<Integer> task = () -> {
          for (int i = 0; i < 25; i++) {
            byte[] data = ("message " + thread + "/" + i).getBytes(StandardCharsets.UTF_8);
            verifier.verify(key.sign(data), data);
          }
          return 25;
        };
        results.add(pool.submit(task));
      }
      int total = 0;
      for (Future<Integer> f : results) {
        total += f.get();
      }
      assertThat(total).isEqualTo(100);
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void verify_afterRejectedAndMalformedSignatures_stillAcceptsValidOne(SignatureAlgorithm alg) throws Exception {
    KeyHandle key = Keys.handle(Keys.generate(alg));
    Verifier verifier = Verifier.forPublicKey(key.publicKey());
    byte[] sig = key.sign(DATA);
    byte[] flipped = sig.clone();
    flipped[flipped.length - 1] ^= 1;
    assertThatThrownBy(() -> verifier.verify(flipped, DATA)).isInstanceOf(SignatureVerificationException.class);
    assertThatThrownBy(() -> verifier.verify(new byte[] {0x30, 0x01}, DATA))
        .isInstanceOf(SignatureVerificationException.class);
    assertThatThrownBy(() -> verifier.verify(sig, "other".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SignatureVerificationException.class);
    verifier.verify(sig, DATA);
    verifier.verify(key.sign(DATA), DATA);
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"SM2_SM3", "ECDSA_P256_SHA256"})
  void sign_sameDataTwice_randomisedButBothVerify(SignatureAlgorithm alg) throws Exception {
    KeyHandle key = Keys.handle(Keys.generate(alg));
    byte[] a = key.sign(DATA);
    byte[] b = key.sign(DATA);
    assertThat(a).isNotEqualTo(b); // fresh k per signature, also on a reused instance
    Verifier v = Verifier.forPublicKey(key.publicKey());
    v.verify(a, DATA);
    v.verify(b, DATA);
  }

  @Test
  void sign_ed25519Twice_deterministic() throws Exception {
    KeyHandle key = Keys.handle(Keys.generate(SignatureAlgorithm.ED25519));
    assertThat(key.sign(DATA)).isEqualTo(key.sign(DATA)); // RFC 8032: no per-signature randomness
  }

  /** Generated and JDK-made keys both end up on BC's optimised curve classes, which sign fastest. */
  @Test
  void handle_ecKeys_runOnBcOptimisedCurves() throws Exception {
    assertThat(curve(Keys.handle(Keys.generate(SignatureAlgorithm.SM2_SM3)))).isInstanceOf(SM2P256V1Curve.class);
    assertThat(curve(Keys.handle(Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256))))
        .isInstanceOf(SecP256R1Curve.class);
    KeyPairGenerator jdk = KeyPairGenerator.getInstance("EC", "SunEC");
    jdk.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = jdk.generateKeyPair();
    assertThat(curve(Keys.handle(pair))).isInstanceOf(SecP256R1Curve.class);
  }

  private static ECCurve curve(KeyHandle key) {
    return ((org.bouncycastle.jce.interfaces.ECPublicKey) key.publicKey()).getParameters().getCurve();
  }
}

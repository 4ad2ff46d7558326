package org.certhub.signer.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.certhub.signer.OpenSsl;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.pki.Pem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SM2 interoperability with OpenSSL 3: {@code openssl dgst -sm3 -sign/-verify -sigopt
 * distid:1234567812345678} uses the same default user ID (GB/T 35276) and DER encoding as we do.
 */
class Sm2OpenSslInteropTest {

  private static final byte[] DATA = "电子证照 e-licence".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @BeforeAll
  static void openssl() {
    assertThat(OpenSsl.available()).as("OpenSSL 3 must be installed at " + OpenSsl.BINARY).isTrue();
  }

  static String publicKeyPem(java.security.PublicKey key) throws Exception {
    java.io.StringWriter w = new java.io.StringWriter();
    try (org.bouncycastle.util.io.pem.PemWriter p = new org.bouncycastle.util.io.pem.PemWriter(w)) {
      p.writeObject(new PemObject("PUBLIC KEY", key.getEncoded()));
    }
    return w.toString();
  }

  @Test
  void verify_ourSm2SignatureWithOpenSsl_verifiedOk() throws Exception {
    KeyHandle k = Keys.handle(Keys.generate(SignatureAlgorithm.SM2_SM3));
    Files.write(dir.resolve("data.bin"), DATA);
    Files.write(dir.resolve("sig.der"), k.sign(DATA));
    Files.writeString(dir.resolve("pub.pem"), publicKeyPem(k.publicKey()));
    String out = OpenSsl.ok(dir, "dgst", "-sm3", "-verify", "pub.pem", "-sigopt",
        "distid:1234567812345678", "-signature", "sig.der", "data.bin");
    assertThat(out.trim()).isEqualTo("Verified OK");
  }

  @Test
  void verify_ourTamperedSm2SignatureWithOpenSsl_verificationFailure() throws Exception {
    KeyHandle k = Keys.handle(Keys.generate(SignatureAlgorithm.SM2_SM3));
    byte[] sig = k.sign(DATA);
    sig[sig.length - 1] ^= 1;
    Files.write(dir.resolve("data.bin"), DATA);
    Files.write(dir.resolve("sig.der"), sig);
    Files.writeString(dir.resolve("pub.pem"), publicKeyPem(k.publicKey()));
    OpenSsl.Result r = OpenSsl.run(dir, "dgst", "-sm3", "-verify", "pub.pem", "-sigopt",
        "distid:1234567812345678", "-signature", "sig.der", "data.bin");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("Verification failure");
  }

  @Test
  void verify_openSslSm2KeyAndSignature_acceptedByVerifier() throws Exception {
    OpenSsl.ok(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "key.pem");
    OpenSsl.ok(dir, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
    Files.write(dir.resolve("data.bin"), DATA);
    OpenSsl.ok(dir, "dgst", "-sm3", "-sign", "key.pem", "-sigopt", "distid:1234567812345678",
        "-out", "sig.der", "data.bin");
    java.security.PublicKey pub;
    try (PemReader r = new PemReader(Files.newBufferedReader(dir.resolve("pub.pem")))) {
      pub = java.security.KeyFactory.getInstance("EC", org.certhub.signer.algorithm.Providers.bc())
          .generatePublic(new java.security.spec.X509EncodedKeySpec(r.readPemObject().getContent()));
    }
    Verifier v = Verifier.forPublicKey(pub);
    assertThat(v.algorithm()).isEqualTo(SignatureAlgorithm.SM2_SM3);
    byte[] sig = Files.readAllBytes(dir.resolve("sig.der"));
    v.verify(sig, DATA);
    byte[] other = DATA.clone();
    other[0] ^= 1;
    assertThatThrownBy(() -> v.verify(sig, other)).isInstanceOf(SignatureVerificationException.class);

    // and the OpenSSL PKCS#8 private key parses into a handle that signs verifiably with OpenSSL
    KeyHandle k = Keys.handle(new java.security.KeyPair(pub, Pem.parsePrivateKey(Files.readString(dir.resolve("key.pem")))));
    Files.write(dir.resolve("sig2.der"), k.sign(DATA));
    assertThat(OpenSsl.ok(dir, "dgst", "-sm3", "-verify", "pub.pem", "-sigopt", "distid:1234567812345678",
        "-signature", "sig2.der", "data.bin").trim()).isEqualTo("Verified OK");
  }
}

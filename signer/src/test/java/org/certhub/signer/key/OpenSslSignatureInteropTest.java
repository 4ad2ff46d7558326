package org.certhub.signer.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.util.io.pem.PemReader;
import org.certhub.signer.OpenSsl;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.pki.Pem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw-signature interoperability with OpenSSL 3 for ECDSA P-256 and Ed25519, both directions:
 * OpenSSL verifies what {@link KeyHandle#sign} makes ({@code openssl dgst -sha256 -verify}, {@code
 * openssl pkeyutl -verify -rawin}), and {@link Verifier} accepts what OpenSSL signs with its own key.
 * The SM2 counterpart is {@link Sm2OpenSslInteropTest}.
 */
class OpenSslSignatureInteropTest {

  private static final byte[] DATA = "电子证照 licence bytes".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @BeforeAll
  static void openssl() {
    assertThat(OpenSsl.available()).as("OpenSSL 3 must be installed at " + OpenSsl.BINARY).isTrue();
  }

  private static PublicKey readPublicKey(Path pem, String keyFactory) throws Exception {
    try (PemReader r = new PemReader(Files.newBufferedReader(pem))) {
      return KeyFactory.getInstance(keyFactory, Providers.bc())
          .generatePublic(new X509EncodedKeySpec(r.readPemObject().getContent()));
    }
  }

  @Test
  void opensslDgstVerify_ourP256Signature_verifiedOkAndTamperedFails() throws Exception {
    KeyHandle k = Keys.handle(Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256));
    Files.write(dir.resolve("data.bin"), DATA);
    byte[] sig = k.sign(DATA);
    Files.write(dir.resolve("sig.der"), sig);
    Files.writeString(dir.resolve("pub.pem"), Sm2OpenSslInteropTest.publicKeyPem(k.publicKey()));
    assertThat(OpenSsl.ok(dir, "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der", "data.bin").trim())
        .isEqualTo("Verified OK");
    sig[sig.length - 1] ^= 1;
    Files.write(dir.resolve("bad.der"), sig);
    OpenSsl.Result r = OpenSsl.run(dir, "dgst", "-sha256", "-verify", "pub.pem", "-signature", "bad.der", "data.bin");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("Verification failure");
  }

  @Test
  void verify_opensslP256KeyAndSignature_acceptedByVerifier() throws Exception {
    OpenSsl.ok(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem");
    OpenSsl.ok(dir, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
    Files.write(dir.resolve("data.bin"), DATA);
    OpenSsl.ok(dir, "dgst", "-sha256", "-sign", "key.pem", "-out", "sig.der", "data.bin");
    PublicKey pub = readPublicKey(dir.resolve("pub.pem"), "EC");
    Verifier v = Verifier.forPublicKey(pub);
    assertThat(v.algorithm()).isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
    byte[] sig = Files.readAllBytes(dir.resolve("sig.der"));
    v.verify(sig, DATA);
    byte[] other = DATA.clone();
    other[0] ^= 1;
    assertThatThrownBy(() -> v.verify(sig, other)).isInstanceOf(SignatureVerificationException.class);
    // the OpenSSL PKCS#8 key becomes a handle whose signatures OpenSSL accepts
    KeyHandle k = Keys.handle(new KeyPair(pub, Pem.parsePrivateKey(Files.readString(dir.resolve("key.pem")))));
    Files.write(dir.resolve("ours.der"), k.sign(DATA));
    assertThat(OpenSsl.ok(dir, "dgst", "-sha256", "-verify", "pub.pem", "-signature", "ours.der", "data.bin").trim())
        .isEqualTo("Verified OK");
  }

  @Test
  void opensslPkeyutlVerify_ourEd25519Signature_verifiedAndTamperedFails() throws Exception {
    KeyHandle k = Keys.handle(Keys.generate(SignatureAlgorithm.ED25519));
    Files.write(dir.resolve("data.bin"), DATA);
    byte[] sig = k.sign(DATA);
    Files.write(dir.resolve("sig.bin"), sig);
    Files.writeString(dir.resolve("pub.pem"), Sm2OpenSslInteropTest.publicKeyPem(k.publicKey()));
    assertThat(OpenSsl.ok(dir, "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "data.bin",
        "-sigfile", "sig.bin").trim()).isEqualTo("Signature Verified Successfully");
    sig[0] ^= 1;
    Files.write(dir.resolve("bad.bin"), sig);
    OpenSsl.Result r = OpenSsl.run(dir, "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in",
        "data.bin", "-sigfile", "bad.bin");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("Signature Verification Failure");
  }

  @Test
  void verify_opensslEd25519Signature_acceptedByVerifierAndIdenticalToOurs() throws Exception {
    OpenSsl.ok(dir, "genpkey", "-algorithm", "ED25519", "-out", "key.pem");
    OpenSsl.ok(dir, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
    Files.write(dir.resolve("data.bin"), DATA);
    OpenSsl.ok(dir, "pkeyutl", "-sign", "-inkey", "key.pem", "-rawin", "-in", "data.bin", "-out", "sig.bin");
    PublicKey pub = readPublicKey(dir.resolve("pub.pem"), "Ed25519");
    byte[] sig = Files.readAllBytes(dir.resolve("sig.bin"));
    Verifier.forPublicKey(pub).verify(sig, DATA);
    // Ed25519 is deterministic (RFC 8032): the same key signs the same bytes identically in both
    KeyHandle k = Keys.handle(new KeyPair(pub, Pem.parsePrivateKey(Files.readString(dir.resolve("key.pem")))));
    assertThat(k.sign(DATA)).isEqualTo(sig);
  }
}

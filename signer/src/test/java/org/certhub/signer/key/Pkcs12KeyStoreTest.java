package org.certhub.signer.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.pki.CertificateProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Pkcs12KeyStoreTest {

  private static final char[] PASSWORD = "changeit-test".toCharArray();
  private static final byte[] DATA = "to be signed".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  /** BC's PKCS12 store round-trips SM2, P-256 and Ed25519 keys with three-certificate chains. */
  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void put_thenReopen_keyAndChainRoundTrip(SignatureAlgorithm alg) throws Exception {
    TestPki pki = TestPki.create(alg, CertificateProfile.DOCUMENT_SIGNING);
    Path file = dir.resolve("nested/dir/keys.p12");
    Pkcs12KeyStore store = Pkcs12KeyStore.openOrCreate(file, PASSWORD);
    KeyHandle original = pki.leafKey();
    store.put("dept", ((SoftwareKeyHandle) original).privateKey(), original.chain());

    Pkcs12KeyStore reopened = Pkcs12KeyStore.openOrCreate(file, PASSWORD);
    assertThat(reopened.contains("dept")).isTrue();
    assertThat(reopened.aliases()).containsExactly("dept");
    assertThat(reopened.chain("dept")).hasSize(3);
    assertThat(reopened.chain("dept").get(0).getEncoded()).isEqualTo(pki.leaf().getEncoded());
    KeyHandle loaded = reopened.key("dept");
    assertThat(loaded.algorithm()).isEqualTo(alg);
    assertThat(loaded.chain()).hasSize(3);
    Verifier.forCertificate(pki.leaf()).verify(loaded.sign(DATA), DATA);
  }

  @Test
  void openOrCreate_newFile_isOwnerOnly() throws Exception {
    Path file = dir.resolve("keys.p12");
    Pkcs12KeyStore.openOrCreate(file, PASSWORD);
    assertThat(Files.exists(file)).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void put_afterPut_stillOwnerOnlyAndNoTempFilesLeft() throws Exception {
    Path file = dir.resolve("keys.p12");
    Pkcs12KeyStore store = Pkcs12KeyStore.openOrCreate(file, PASSWORD);
    TestPki pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.LOG_SIGNING);
    store.put("log", ((SoftwareKeyHandle) pki.leafKey()).privateKey(), pki.leafKey().chain());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("keys.p12");
    }
  }

  @Test
  void key_missingAlias_throwsNamingAlias() throws Exception {
    Pkcs12KeyStore store = Pkcs12KeyStore.openOrCreate(dir.resolve("keys.p12"), PASSWORD);
    assertThatThrownBy(() -> store.key("hub-signing"))
        .isInstanceOf(KeyFormatException.class)
        .hasMessage("key store keys.p12 alias must be one of [], but was: hub-signing");
    assertThat(store.chain("hub-signing")).isEmpty();
    assertThat(store.contains("hub-signing")).isFalse();
  }

  @Test
  void openOrCreate_wrongPassword_throws() throws Exception {
    Path file = dir.resolve("keys.p12");
    Pkcs12KeyStore store = Pkcs12KeyStore.openOrCreate(file, PASSWORD);
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    store.put("a", ((SoftwareKeyHandle) pki.leafKey()).privateKey(), pki.leafKey().chain());
    assertThatThrownBy(() -> Pkcs12KeyStore.openOrCreate(file, "wrong".toCharArray()))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageStartingWith("key store " + file
            + " must be a PKCS#12 file readable with the given password, but was: ");
  }

  @Test
  void put_keyNotMatchingChain_throws() throws Exception {
    Pkcs12KeyStore store = Pkcs12KeyStore.openOrCreate(dir.resolve("keys.p12"), PASSWORD);
    TestPki pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.DOCUMENT_SIGNING);
    java.security.PrivateKey other = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256).getPrivate();
    assertThatThrownBy(() -> store.put("x", other, pki.leafKey().chain()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("privateKey must match the public key, but was: the private half of another key pair");
  }

  @Test
  void hmacKey_firstUseThenReopen_sameKeyPersisted() throws Exception {
    Path file = dir.resolve("secrets/secrets.p12");
    SecretStore store = SecretStore.openOrCreate(file, PASSWORD);
    SecretKey k1 = store.hmacKey("ledger-pseudonym");
    assertThat(k1.getAlgorithm()).isEqualToIgnoringCase("HmacSHA256");
    assertThat(k1.getEncoded()).hasSize(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    SecretKey k2 = SecretStore.openOrCreate(file, PASSWORD).hmacKey("ledger-pseudonym");
    assertThat(k2.getEncoded()).isEqualTo(k1.getEncoded());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(k2);
    assertThat(mac.doFinal(DATA)).hasSize(32);
    assertThat(store.hmacKey("other").getEncoded()).isNotEqualTo(k1.getEncoded());
  }
}

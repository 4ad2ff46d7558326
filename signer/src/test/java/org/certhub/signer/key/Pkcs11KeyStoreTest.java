package org.certhub.signer.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.certhub.signer.SignerException;
import org.certhub.signer.TestLicences;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.algorithm.UnsupportedAlgorithmException;
import org.certhub.signer.licence.LicenceSigner;
import org.certhub.signer.licence.LicenceVerifier;
import org.certhub.signer.licence.SignedLicence;
import org.certhub.signer.licence.VerifiedLicence;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.CertificateRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Pkcs11KeyStore} against a real SoftHSM2 token through the JDK's SunPKCS11 provider.
 *
 * <p>SoftHSM2 must be installed (Debian package {@code softhsm2}; {@code .ci/run} installs it):
 * without it these tests fail, they never skip. The library reads {@code SOFTHSM2_CONF} when
 * SunPKCS11 loads it into this JVM, so surefire sets the variable ({@code signer/pom.xml}); {@link
 * #token()} writes that file, a fresh token directory under {@code target/softhsm2}, and initialises
 * one token with {@code softhsm2-util}, whose output names the slot ID the store is opened with.
 */
class Pkcs11KeyStoreTest {

  static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
  static final Path UTIL = Path.of("/usr/bin/softhsm2-util");
  static final char[] PIN = "123456".toCharArray();
  static final byte[] DATA = "to be signed on the token".getBytes(StandardCharsets.UTF_8);

  static long slotId;
  static TestPki pki;

  @BeforeAll
  static void token() throws Exception {
    assertThat(Files.isExecutable(UTIL))
        .as(UTIL + " is missing: install the softhsm2 package (apt-get install softhsm2; CI's .ci/run does)")
        .isTrue();
    assertThat(Files.isRegularFile(LIBRARY))
        .as(LIBRARY + " is missing: install the softhsm2 package (apt-get install softhsm2)")
        .isTrue();
    String env = System.getenv("SOFTHSM2_CONF");
    assertThat(env)
        .as("SOFTHSM2_CONF must be set for the test JVM: run through Maven, whose surefire configuration"
            + " in signer/pom.xml sets it")
        .isNotNull();
    Path conf = Path.of(env);
    Path tokens = conf.resolveSibling("tokens");
    if (Files.exists(tokens)) {
      try (Stream<Path> old = Files.walk(tokens)) {
        for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(tokens);
    Files.writeString(conf, "directories.tokendir = " + tokens.toAbsolutePath() + "\n"
        + "objectstore.backend = file\nlog.level = ERROR\n");
    ProcessBuilder pb = new ProcessBuilder(UTIL.toString(), "--init-token", "--free", "--label",
        "certhub-test", "--so-pin", "87654321", "--pin", new String(PIN)).redirectErrorStream(true);
    pb.environment().put("SOFTHSM2_CONF", conf.toString());
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("softhsm2-util finishes").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("softhsm2-util --init-token: " + out).isZero();
    Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(out);
    assertThat(m.find()).as("softhsm2-util names the new slot: " + out).isTrue();
    slotId = Long.parseLong(m.group(1));
    pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.DOCUMENT_SIGNING);
  }

  static Pkcs11KeyStore open() throws SignerException {
    return Pkcs11KeyStore.open(LIBRARY, Pkcs11KeyStore.Slot.id(slotId), PIN);
  }

  /** Certifies a token key as the licence issuer's DOCUMENT_SIGNING key, chain leaf first. */
  static List<X509Certificate> certify(PublicKey key) throws SignerException {
    X509Certificate leaf = pki.issuing().issue(CertificateRequest.of(
        "CN=Market Regulation Bureau HSM,organizationIdentifier=" + TestPki.ISSUER_CODE + ",O=Hunan,C=CN",
        key, CertificateProfile.DOCUMENT_SIGNING, TestPki.NOW.minus(Duration.ofDays(30)),
        TestPki.NOW.plus(Duration.ofDays(365))));
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(leaf);
    chain.addAll(pki.issuing().chain());
    return chain;
  }

  @Test
  void generate_p256OnToken_signsLicenceThatVerifies() throws Exception {
    try (Pkcs11KeyStore store = open()) {
      KeyHandle key = store.generate("licence-signing", SignatureAlgorithm.ECDSA_P256_SHA256,
          Pkcs11KeyStoreTest::certify);
      assertThat(key.algorithm()).isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
      assertThat(key.chain()).hasSize(3);
      assertThat(key.toString()).isEqualTo("KeyHandle[ECDSA_P256_SHA256, PKCS#11, chain=3 certificate(s)]");

      SignedLicence signed = LicenceSigner.sign(
          TestLicences.businessLicence("20260000001", TestPki.NOW.minus(Duration.ofDays(1))), key);
      VerifiedLicence verified =
          LicenceVerifier.verify(SignedLicence.parse(signed.toJson()), Set.of(pki.root().certificate()));
      assertThat(verified.signerCertificate().getEncoded()).isEqualTo(key.chain().get(0).getEncoded());
    }
  }

  @Test
  void sign_onToken_isDerAndVerifies() throws Exception {
    try (Pkcs11KeyStore store = open()) {
      KeyHandle key = store.generate("der-check", SignatureAlgorithm.ECDSA_P256_SHA256,
          Pkcs11KeyStoreTest::certify);
      byte[] sig = key.sign(DATA);
      ASN1Sequence seq = ASN1Sequence.getInstance(sig);
      assertThat(seq.size()).isEqualTo(2);
      assertThat(ASN1Integer.getInstance(seq.getObjectAt(0)).getValue().signum()).isEqualTo(1);
      Verifier.forCertificate(key.chain().get(0)).verify(sig, DATA);
      byte[] other = DATA.clone();
      other[0] ^= 1;
      assertThatThrownBy(() -> Verifier.forCertificate(key.chain().get(0)).verify(sig, other))
          .isInstanceOf(SignatureVerificationException.class);
    }
  }

  @Test
  void open_newStoreObjectAfterClose_keyStillThere() throws Exception {
    List<X509Certificate> chain;
    try (Pkcs11KeyStore store = open()) {
      chain = store.generate("persisted", SignatureAlgorithm.ECDSA_P256_SHA256,
          Pkcs11KeyStoreTest::certify).chain();
    }
    try (Pkcs11KeyStore reopened = open()) {
      assertThat(reopened.contains("persisted")).isTrue();
      assertThat(reopened.aliases()).contains("persisted");
      KeyHandle key = reopened.key("persisted");
      assertThat(key.chain()).hasSize(3);
      for (int i = 0; i < 3; i++) {
        assertThat(key.chain().get(i).getEncoded()).isEqualTo(chain.get(i).getEncoded());
      }
      Verifier.forCertificate(chain.get(0)).verify(key.sign(DATA), DATA);
    }
  }

  @Test
  void generate_privateKey_isNotExtractable() throws Exception {
    try (Pkcs11KeyStore store = open()) {
      KeyHandle key = store.generate("not-extractable", SignatureAlgorithm.ECDSA_P256_SHA256,
          Pkcs11KeyStoreTest::certify);
      PrivateKey tokenKey = ((Pkcs11KeyStore.Pkcs11KeyHandle) key).tokenKey();
      assertThat(tokenKey.getEncoded()).isNull();
      assertThat(tokenKey.toString()).contains("token object, sensitive, unextractable");
      assertThatThrownBy(() -> org.certhub.signer.pki.Pem.privateKeyPkcs8(tokenKey, InsecureKeyExport.DEMO_ONLY))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("key must be exportable as PKCS#8, but was: ");
    }
  }

  @Test
  void open_wrongPin_throwsNamingPkcs11Error() {
    assertThatThrownBy(() -> Pkcs11KeyStore.open(LIBRARY, Pkcs11KeyStore.Slot.id(slotId), "000000".toCharArray()))
        .isInstanceOf(KeyFormatException.class)
        .hasMessage("PKCS#11 token slot " + slotId
            + " of libsofthsm2.so login must succeed with the given PIN, but was: CKR_PIN_INCORRECT");
  }

  @Test
  void open_wrongPinWhileAnotherStoreIsOpen_refusedNotSilentlyAccepted() throws Exception {
    try (Pkcs11KeyStore store = open()) {
      assertThat(store.aliases()).isNotNull();
      assertThatThrownBy(() -> Pkcs11KeyStore.open(LIBRARY, Pkcs11KeyStore.Slot.id(slotId), "000000".toCharArray()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("PKCS#11 token slot " + slotId + " of " + LIBRARY
              + " must not be open twice in one process (login state is shared), but was: already open");
    }
  }

  @Test
  void open_absentSlot_throws() {
    assertThatThrownBy(() -> Pkcs11KeyStore.open(LIBRARY, Pkcs11KeyStore.Slot.id(4242), PIN))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageStartingWith("PKCS#11 token slot 4242 of libsofthsm2.so must be a present, initialised"
            + " token, but was: ");
  }

  @Test
  void open_missingLibrary_throws() {
    assertThatThrownBy(() -> Pkcs11KeyStore.open(Path.of("/nonexistent/libpkcs11.so"), Pkcs11KeyStore.Slot.id(slotId), PIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("library must be a readable PKCS#11 module file, but was: /nonexistent/libpkcs11.so (missing)");
  }

  @Test
  void key_missingAlias_throwsListingAliases() throws Exception {
    try (Pkcs11KeyStore store = open()) {
      store.generate("present", SignatureAlgorithm.ECDSA_P256_SHA256, Pkcs11KeyStoreTest::certify);
      assertThat(store.contains("absent")).isFalse();
      assertThatThrownBy(() -> store.key("absent"))
          .isInstanceOf(KeyFormatException.class)
          .hasMessageStartingWith("PKCS#11 token slot " + slotId + " of libsofthsm2.so alias must be one of [")
          .hasMessageContaining("present")
          .hasMessageEndingWith("], but was: absent");
    }
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"SM2_SM3", "ED25519"})
  void generate_algorithmSunPkcs11CannotMap_throwsUnsupported(SignatureAlgorithm alg) throws Exception {
    try (Pkcs11KeyStore store = open()) {
      assertThatThrownBy(() -> store.generate("unsupported-" + alg, alg, Pkcs11KeyStoreTest::certify))
          .isInstanceOf(UnsupportedAlgorithmException.class)
          .hasMessage("PKCS#11 key algorithm must be ECDSA_P256_SHA256 (SunPKCS11 on JDK 17 maps no SM2 or"
              + " EdDSA mechanism), but was: " + alg);
      assertThat(store.contains("unsupported-" + alg)).isFalse();
    }
  }

  @Test
  void generate_certifierForAnotherKey_throwsAndStoresNothing() throws Exception {
    try (Pkcs11KeyStore store = open()) {
      assertThatThrownBy(() -> store.generate("mismatch", SignatureAlgorithm.ECDSA_P256_SHA256,
          pub -> certify(Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256).getPublic())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("certify(publicKey)[0] must certify the generated public key, but was: a certificate"
              + " for another key");
      assertThat(store.contains("mismatch")).isFalse();
    }
  }

  @Test
  void generate_existingAlias_throws() throws Exception {
    try (Pkcs11KeyStore store = open()) {
      store.generate("taken", SignatureAlgorithm.ECDSA_P256_SHA256, Pkcs11KeyStoreTest::certify);
      assertThatThrownBy(() -> store.generate("taken", SignatureAlgorithm.ECDSA_P256_SHA256,
          Pkcs11KeyStoreTest::certify))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("PKCS#11 token slot " + slotId + " of libsofthsm2.so alias must not exist yet, but was:"
              + " taken (already present)");
    }
  }

  @Test
  void sign_afterClose_throws() throws Exception {
    KeyHandle key;
    try (Pkcs11KeyStore store = open()) {
      key = store.generate("closed-handle", SignatureAlgorithm.ECDSA_P256_SHA256, Pkcs11KeyStoreTest::certify);
      key.sign(DATA);
    }
    assertThatThrownBy(() -> key.sign(DATA))
        .isInstanceOf(SignerException.class)
        .hasMessage("PKCS#11 token slot " + slotId + " of libsofthsm2.so must be open to sign, but was: closed");
  }

  @Test
  void slot_negative_throws() {
    assertThatThrownBy(() -> Pkcs11KeyStore.Slot.listIndex(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slotListIndex must not be negative, but was: -1");
  }
}

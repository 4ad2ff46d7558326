package org.certhub.signer.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certhub.signer.qr.QrFixtures.NOW;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.licence.Licence;
import org.certhub.signer.qr.QrVerificationException.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class QrPresentationTest {

  static final Set<String> SIX = Set.of("name", "type", "legalRepresentative", "registeredCapital", "establishedOn", "address");

  static TestPki es256;
  static Licence licence;

  @BeforeAll
  static void setUp() throws Exception {
    es256 = QrFixtures.pki(SignatureAlgorithm.ECDSA_P256_SHA256);
    licence = QrFixtures.businessLicence();
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void roundTripsPerAlgorithm(SignatureAlgorithm alg) throws Exception {
    TestPki pki = QrFixtures.pki(alg);
    String text = QrPresentations.make(licence, QrFixtures.type(), pki.leafKey(), Set.of("name", "registeredCapital"), NOW, 42);

    VerifiedPresentation v = QrVerifier.verify(text, QrFixtures.trust(pki), NOW.plusSeconds(10));

    assertThat(text).startsWith("CH1:");
    assertThat(v.issuerCode()).isEqualTo(QrFixtures.ISSUER);
    assertThat(v.licenceId()).isEqualTo(licence.id());
    assertThat(v.typeCode()).isEqualTo(QrFixtures.BUSINESS);
    assertThat(v.typeName()).isEqualTo("营业执照");
    assertThat(v.holderName()).isEqualTo("杭州示例科技有限公司");
    assertThat(v.disclosed()).containsExactly(Map.entry("name", "杭州示例科技有限公司"), Map.entry("registeredCapital", "1000"));
    assertThat(v.issuedAt()).isEqualTo(NOW);
    assertThat(v.expiry()).isEqualTo(NOW.plus(QrPresentations.DEFAULT_LIFETIME));
    assertThat(v.statusIndex()).isEqualTo(42);
    Map<?, ?> prot = (Map<?, ?>) Cbor.decode((byte[]) QrFixtures.open(text).get(0));
    assertThat(prot.get(1L)).isEqualTo(CoseAlgorithm.forKey(alg).value());
    assertThat((byte[]) prot.get(4L)).isEqualTo(TrustedKey.kidOf(pki.leaf())).hasSize(8);
    assertThat((byte[]) QrFixtures.open(text).get(3)).hasSize(64);
  }

  @Test
  void sm2UsesThePrivateUseAlgorithmValue() {
    assertThat(CoseAlgorithm.forKey(SignatureAlgorithm.SM2_SM3).value()).isEqualTo(-65537L);
  }

  @Test
  void disclosesNothingWhenAskedForNothing() throws Exception {
    String text = QrPresentations.make(licence, QrFixtures.type(), es256.leafKey(), Set.of(), NOW, 0);
    assertThat(QrVerifier.verify(text, QrFixtures.trust(es256), NOW).disclosed()).isEmpty();
    List<?> sd = (List<?>) ((Map<?, ?>) QrFixtures.open(text).get(1)).get(-65537L);
    assertThat((List<?>) sd.get(0)).isEmpty();
    assertThat((Map<?, ?>) sd.get(1)).hasSize(licence.fields().size());
  }

  @Test
  void lifetimeIsConfigurable() throws Exception {
    String text = QrPresentations.make(licence, QrFixtures.type(), es256.leafKey(), SIX, NOW, Duration.ofHours(1), 7);
    assertThat(QrVerifier.verify(text, QrFixtures.trust(es256), NOW.plusSeconds(3_599)).expiry()).isEqualTo(NOW.plusSeconds(3_600));
    assertThatThrownBy(() -> QrVerifier.verify(text, QrFixtures.trust(es256), NOW.plusSeconds(3_600)))
        .satisfies(e -> assertThat(((QrVerificationException) e).reason()).isEqualTo(Reason.EXPIRED));
  }

  @Test
  void refusesToDiscloseAFieldTheLicenceLacks() {
    assertThatThrownBy(() -> QrPresentations.make(licence, QrFixtures.type(), es256.leafKey(), Set.of("nickname"), NOW, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"nickname\"");
  }

  // ---- one test per reason ----

  @Test
  void malformed() throws Exception {
    TrustList trust = QrFixtures.trust(es256);
    String good = QrPresentations.make(licence, QrFixtures.type(), es256.leafKey(), SIX, NOW, 0);
    assertReason("garbage", trust, Reason.MALFORMED, "must start with \"CH1:\"");
    assertReason("HC1:" + good.substring(4), trust, Reason.MALFORMED, "must start with \"CH1:\"");
    assertReason("CH1:abc", trust, Reason.MALFORMED, "Base45 alphabet");
    assertReason("CH1:" + Base45.encode(new byte[] {0x78, (byte) 0x9c, 1, 2, 3}), trust, Reason.MALFORMED, "zlib");
    assertReason("CH1:" + Base45.encode(new byte[] {(byte) 0xd2, (byte) 0x84}), trust, Reason.MALFORMED, "remaining bytes");
    assertReason("CH1:" + Base45.encode(Cbor.encode(List.of(1L))), trust, Reason.MALFORMED, "tag 18");
    assertReason("CH1:" + "0".repeat(7_000), trust, Reason.MALFORMED, "at most");
  }

  @Test
  void malformedZipBomb() {
    byte[] zeros = new byte[200_000];
    java.util.zip.Deflater d = new java.util.zip.Deflater(9);
    d.setInput(zeros);
    d.finish();
    byte[] buf = new byte[4_096];
    int n = d.deflate(buf);
    d.end();
    String bomb = "CH1:" + Base45.encode(java.util.Arrays.copyOf(buf, n));
    assertThat(bomb.length()).isLessThan(Envelope.MAX_TEXT_CHARS);
    assertReason(bomb, QrFixtures.trust(es256), Reason.MALFORMED, "decompressed COSE bytes must be at most 4096");
  }

  @Test
  void malformedTooDeep() {
    Object deep = 0L;
    for (int i = 0; i < 12; i++) {
      deep = List.of(deep);
    }
    String text = Envelope.wrap(Cbor.encode(new Cbor.Tag(18, List.of(new byte[0], Map.of(), new byte[0], deep))));
    assertReason(text, QrFixtures.trust(es256), Reason.MALFORMED, "levels deep");
  }

  @Test
  void unknownIssuer() throws Exception {
    TestPki other = QrFixtures.pki(SignatureAlgorithm.ECDSA_P256_SHA256);
    String text = QrPresentations.make(licence, QrFixtures.type(), es256.leafKey(), SIX, NOW, 0);
    assertReason(text, QrFixtures.trust(other), Reason.UNKNOWN_ISSUER, "must be in the trust list");
    // The right key, but trusted for a different issuer than the claims name.
    assertReason(text, TrustList.of(new TrustedKey("11430000006122244L", es256.leaf())), Reason.UNKNOWN_ISSUER,
        "is trusted for issuer 11430000006122244L");
  }

  @Test
  void algorithmMismatch() throws Exception {
    List<Object> cose = QrFixtures.open(QrPresentations.make(licence, QrFixtures.type(), es256.leafKey(), SIX, NOW, 0));
    Map<Object, Object> prot = new LinkedHashMap<>((Map<?, ?>) Cbor.decode((byte[]) cose.get(0)));
    prot.put(1L, -8L); // claims EdDSA for a P-256 key
    cose.set(0, Cbor.encode(prot));
    assertReason(QrFixtures.seal(cose), QrFixtures.trust(es256), Reason.ALGORITHM_MISMATCH, "must be -7");
  }

  @Test
  void badSignature() throws Exception {
    List<Object> cose = QrFixtures.open(QrPresentations.make(licence, QrFixtures.type(), es256.leafKey(), SIX, NOW, 0));
    byte[] sig = ((byte[]) cose.get(3)).clone();
    sig[10] ^= 1;
    cose.set(3, sig);
    assertReason(QrFixtures.seal(cose), QrFixtures.trust(es256), Reason.BAD_SIGNATURE, "must verify");
    cose.set(3, java.util.Arrays.copyOf(sig, 70));
    assertReason(QrFixtures.seal(cose), QrFixtures.trust(es256), Reason.BAD_SIGNATURE, "70 bytes");
  }

  @Test
  void expired() throws Exception {
    String text = QrPresentations.make(licence, QrFixtures.type(), es256.leafKey(), SIX, NOW, 0);
    assertReason(text, QrFixtures.trust(es256), NOW.plus(Duration.ofMinutes(5)), Reason.EXPIRED, "claims.exp");
    assertThat(QrVerifier.verify(text, QrFixtures.trust(es256), NOW.plus(Duration.ofMinutes(5)).minusSeconds(1))).isNotNull();
  }

  @Test
  void notYetValid() throws Exception {
    String text = QrPresentations.make(licence, QrFixtures.type(), es256.leafKey(), SIX, NOW, 0);
    assertReason(text, QrFixtures.trust(es256), NOW.minusSeconds(61), Reason.NOT_YET_VALID, "claims.iat");
    assertThat(QrVerifier.verify(text, QrFixtures.trust(es256), NOW.minusSeconds(60))).isNotNull(); // within skew
  }

  @Test
  void signerCertificateOutsideItsValidityIsRefused() throws Exception {
    java.time.Instant late = NOW.plus(Duration.ofDays(400)); // the leaf is valid for 365 days from NOW
    String text = QrPresentations.make(licence, QrFixtures.type(), es256.leafKey(), SIX, late, 0);
    assertReason(text, QrFixtures.trust(es256), late, Reason.EXPIRED, "signer certificate");
    java.time.Instant early = NOW.minus(Duration.ofDays(31));
    String early1 = QrPresentations.make(licence, QrFixtures.type(), es256.leafKey(), SIX, early, 0);
    assertReason(early1, QrFixtures.trust(es256), early, Reason.NOT_YET_VALID, "signer certificate");
  }

  // ---- selective disclosure ----

  @Test
  void changedValueIsRefused() throws Exception {
    assertDisclosureTamper((triple, list) -> triple.set(2, "99999"));
  }

  @Test
  void changedSaltIsRefused() throws Exception {
    assertDisclosureTamper((triple, list) -> triple.set(0, new byte[16]));
  }

  @Test
  void tamperedCommitmentBreaksTheSignature() throws Exception {
    List<Object> cose = QrFixtures.open(QrPresentations.make(licence, QrFixtures.type(), es256.leafKey(), SIX, NOW, 0));
    Map<Object, Object> claims = new LinkedHashMap<>((Map<?, ?>) Cbor.decode((byte[]) cose.get(2)));
    Map<Object, Object> lic = new LinkedHashMap<>((Map<?, ?>) claims.get(-65537L));
    byte[] commitment = ((byte[]) lic.get(4L)).clone();
    commitment[0] ^= 1;
    lic.put(4L, commitment);
    claims.put(-65537L, lic);
    cose.set(2, Cbor.encode(claims));
    assertReason(QrFixtures.seal(cose), QrFixtures.trust(es256), Reason.BAD_SIGNATURE, "must verify");
  }

  @Test
  void onlyTheCommitmentIsSignedAndOnlyUndisclosedDigestsTravel() throws Exception {
    List<Object> cose = QrFixtures.open(QrPresentations.make(licence, QrFixtures.type(), es256.leafKey(), SIX, NOW, 0));
    Map<?, ?> claims = (Map<?, ?>) Cbor.decode((byte[]) cose.get(2));
    assertThat((byte[]) ((Map<?, ?>) claims.get(-65537L)).get(4L)).hasSize(32);
    List<?> sd = (List<?>) ((Map<?, ?>) cose.get(1)).get(-65537L);
    assertThat((List<?>) sd.get(0)).hasSize(6);
    assertThat((Map<?, ?>) sd.get(1)).hasSize(1);
    assertThat(new String(Cbor.encode(claims), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("张伟", "技术服务");
  }

  interface Tamper {
    void apply(List<Object> triple, List<Object> disclosures) throws Exception;
  }

  private static void assertDisclosureTamper(Tamper tamper) throws Exception {
    List<Object> cose = QrFixtures.open(QrPresentations.make(licence, QrFixtures.type(), es256.leafKey(), SIX, NOW, 0));
    Map<Object, Object> unprotected = new LinkedHashMap<>((Map<?, ?>) cose.get(1));
    List<Object> sd = new ArrayList<>((List<?>) unprotected.get(-65537L));
    List<Object> disclosures = new ArrayList<>((List<?>) sd.get(0));
    List<Object> triple = new ArrayList<>((List<?>) disclosures.get(0));
    tamper.apply(triple, disclosures);
    disclosures.set(0, triple);
    sd.set(0, disclosures);
    unprotected.put(-65537L, sd);
    cose.set(1, unprotected);
    assertReason(QrFixtures.seal(cose), QrFixtures.trust(es256), Reason.TAMPERED_DISCLOSURE, "unprotected.disclosures");
  }

  static void assertReason(String text, TrustList trust, Reason reason, String message) {
    assertReason(text, trust, NOW, reason, message);
  }

  static void assertReason(String text, TrustList trust, java.time.Instant now, Reason reason, String message) {
    assertThatThrownBy(() -> QrVerifier.verify(text, trust, now))
        .isInstanceOf(QrVerificationException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((QrVerificationException) e).reason()).isEqualTo(reason));
  }
}

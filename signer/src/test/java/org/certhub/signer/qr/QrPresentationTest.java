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
import org.junit.jupiter.params.provider.ValueSource;

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

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 6, 7})
  void disclosesNoneOneSomeOrAll(int count) throws Exception {
    List<String> order = List.of("name", "type", "legalRepresentative", "registeredCapital", "establishedOn", "address",
        "businessScope");
    Set<String> chosen = new java.util.HashSet<>(order.subList(0, count));
    String text = QrPresentations.make(licence, QrFixtures.type(), es256.leafKey(), chosen, NOW, 0);

    VerifiedPresentation v = QrVerifier.verify(text, QrFixtures.trust(es256), NOW);

    assertThat(v.disclosed().keySet()).isEqualTo(chosen);
    chosen.forEach(f -> assertThat(v.disclosed().get(f)).isEqualTo(licence.fields().get(f)));
    assertThat(v.holderName()).isEqualTo("杭州示例科技有限公司");
    List<?> sd = disclosures(QrFixtures.open(text));
    assertThat((Map<?, ?>) sd.get(0)).hasSize(count);
    assertThat((Map<?, ?>) sd.get(2)).hasSize(7 - count);
    // The fewest subtree seeds: none; leaf 0; [0-3] and [4-5]; [0-3], [4-5] and 6.
    assertThat((byte[]) sd.get(1)).hasSize(16 * List.of(0, 1, 2, 3).get(List.of(0, 1, 6, 7).indexOf(count)));
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

  @Test
  void refusesATypeThatIsNotTheLicences() {
    org.certhub.signer.licence.LicenceType food = org.certhub.signer.licence.LicenceTypes.demo()
        .find("11100000MB0143028R002").orElseThrow();
    assertThatThrownBy(() -> QrPresentations.make(licence, food, es256.leafKey(), SIX, NOW, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type must be the licence's");
    org.certhub.signer.licence.LicenceType t = QrFixtures.type();
    org.certhub.signer.licence.LicenceType withoutScope = new org.certhub.signer.licence.LicenceType(t.code(), t.name(),
        t.authority(), t.issuerCodes(), t.holderKind(), t.fields().subList(0, 6), t.validity());
    assertThatThrownBy(() -> QrPresentations.make(licence, withoutScope, es256.leafKey(), SIX, NOW, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"businessScope\"");
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
  void onlyTheCommitmentIsSignedAndOnlyUndisclosedDigestsTravel() throws Exception {
    List<Object> cose = QrFixtures.open(six());
    Map<?, ?> claims = (Map<?, ?>) Cbor.decode((byte[]) cose.get(2));
    assertThat(new ArrayList<Object>(claims.keySet())).containsExactly(4L, 6L, 10L, -65537L);
    Map<?, ?> lic = (Map<?, ?>) claims.get(-65537L);
    assertThat((byte[]) lic.get(4L)).hasSize(32);
    assertThat(lic.get(1L)).isEqualTo(List.of(QrFixtures.BUSINESS, QrFixtures.ISSUER, "330106000123456", 1L));
    assertThat(lic.get(2L)).as("the holder name is field 0's value").isEqualTo(0L);
    List<?> sd = disclosures(cose);
    assertThat(new ArrayList<Object>(((Map<?, ?>) sd.get(0)).keySet())).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    assertThat(new ArrayList<Object>(((Map<?, ?>) sd.get(2)).keySet())).containsExactly(6L);
    assertThat(new String(Cbor.encode(claims), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("张伟", "技术服务");
  }

  @Test
  void holderNameTravelsAsTextWhenItsFieldIsNotDisclosed() throws Exception {
    String text = QrPresentations.make(licence, QrFixtures.type(), es256.leafKey(), Set.of("address"), NOW, 0);
    Map<?, ?> claims = (Map<?, ?>) Cbor.decode((byte[]) QrFixtures.open(text).get(2));
    assertThat(((Map<?, ?>) claims.get(-65537L)).get(2L)).isEqualTo("杭州示例科技有限公司");
    assertThat(QrVerifier.verify(text, QrFixtures.trust(es256), NOW).holderName()).isEqualTo("杭州示例科技有限公司");
  }

  @Test
  void theHolderCanWithholdAFieldAfterSigning() throws Exception {
    // From {0..5} to {0..4}: the holder turns field 5 into its digest and re-covers the disclosed leaves.
    List<Object> cose = QrFixtures.open(six());
    String text = rewrite(cose, (values, seeds, undisclosed) -> {
      byte[] seed45 = java.util.Arrays.copyOfRange(seeds, 16, 32);
      List<byte[]> salts = SaltTree.leaves(seed45, new SaltTree.Node(1, 2));
      undisclosed.put(5L, QrPresentations.digest(salts.get(1), 5, (String) values.remove(5L)));
      return concat(java.util.Arrays.copyOf(seeds, 16), salts.get(0));
    });
    VerifiedPresentation v = QrVerifier.verify(text, QrFixtures.trust(es256), NOW);
    assertThat(v.disclosed()).hasSize(5).doesNotContainKey("address");
  }

  @Test
  void changedValueIsRefused() throws Exception {
    assertTampered((values, seeds, undisclosed) -> {
      values.put(3L, "99999");
      return seeds;
    });
  }

  @Test
  void badSubtreeSeedIsRefused() throws Exception {
    assertTampered((values, seeds, undisclosed) -> {
      seeds[20] ^= 1;
      return seeds;
    });
  }

  @Test
  void forgedUndisclosedDigestIsRefused() throws Exception {
    assertTampered((values, seeds, undisclosed) -> {
      undisclosed.put(6L, QrPresentations.digest(new byte[16], 6, "军火贸易"));
      return seeds;
    });
  }

  @Test
  void madeUpDisclosureOfAnUndisclosedFieldIsRefused() throws Exception {
    assertTampered((values, seeds, undisclosed) -> {
      undisclosed.remove(6L);
      values.put(6L, "军火贸易");
      return concat(seeds, new byte[16]);
    });
  }

  @Test
  void wrongNumberOfSeedsIsMalformed() throws Exception {
    assertMalformed("2 seeds of 16 bytes", (values, seeds, undisclosed) -> java.util.Arrays.copyOf(seeds, 16));
  }

  @Test
  void fieldIndexOutsideTheTypeIsMalformed() throws Exception {
    assertMalformed("[0] key must be a field index of type 11100000MB0143028R001 (0 to 6), but was: 7",
        (values, seeds, undisclosed) -> {
          values.put(7L, "x");
          return concat(seeds, new byte[16]);
        });
    assertMalformed("[2] key must be a field index of type 11100000MB0143028R001 (0 to 6), but was: 9",
        (values, seeds, undisclosed) -> {
          undisclosed.put(9L, new byte[32]);
          return seeds;
        });
  }

  @Test
  void fieldBothDisclosedAndUndisclosedIsMalformed() throws Exception {
    assertMalformed("must not also be an undisclosed digest's, but was: 2", (values, seeds, undisclosed) -> {
      undisclosed.put(2L, new byte[32]);
      return seeds;
    });
  }

  @Test
  void holderNameOfAWithheldFieldIsMalformed() throws Exception {
    // Withholding field 0, whose value the signed claims name as the holder's name, is refused.
    assertMalformed("the index of a disclosed field, but was: the undisclosed field 0", (values, seeds, undisclosed) -> {
      List<byte[]> salts = SaltTree.leaves(java.util.Arrays.copyOf(seeds, 16), new SaltTree.Node(2, 0));
      undisclosed.put(0L, QrPresentations.digest(salts.get(0), 0, (String) values.remove(0L)));
      return concat(salts.get(1), SaltTree.child(java.util.Arrays.copyOf(seeds, 16), 1), java.util.Arrays.copyOfRange(seeds, 16, 32));
    });
  }

  @Test
  void unsortedOrRepeatedDisclosedIndexesAreMalformed() throws Exception {
    String good = six();
    byte[] cose = Envelope.unwrap(good);
    Map<?, ?> values = (Map<?, ?>) disclosures(QrFixtures.open(good)).get(0);
    byte[] sorted = Cbor.encode(values);
    // Swap the first two entries (keys 0 and 1), then write key 0 twice.
    int first = entryLength(values, 0L);
    int second = entryLength(values, 1L);
    byte[] swapped = sorted.clone();
    System.arraycopy(sorted, 1 + first, swapped, 1, second);
    System.arraycopy(sorted, 1, swapped, 1 + second, first);
    byte[] repeated = sorted.clone();
    repeated[1 + first] = 0x00;
    assertReason(Envelope.wrap(replace(cose, sorted, swapped)), QrFixtures.trust(es256), Reason.MALFORMED, "sorted bytewise");
    assertReason(Envelope.wrap(replace(cose, sorted, repeated)), QrFixtures.trust(es256), Reason.MALFORMED, "duplicate key 0");
  }

  @Test
  void unknownLicenceType() throws Exception {
    String text = six();
    assertReason(text, TrustList.of(new TrustedKey(QrFixtures.ISSUER, es256.leaf())), Reason.UNKNOWN_TYPE,
        "licence type 11100000MB0143028R001 must be in the trust list");
    List<TrustedType> others = QrFixtures.types().stream().filter(t -> !t.code().equals(QrFixtures.BUSINESS)).toList();
    assertReason(text, new TrustList(List.of(new TrustedKey(QrFixtures.ISSUER, es256.leaf())), others),
        Reason.UNKNOWN_TYPE, "must be in the trust list");
  }

  @Test
  void licenceIdWithBadComponentsIsMalformed() throws Exception {
    TestPki pki = es256;
    for (List<Object> id : List.<List<Object>>of(
        List.of(QrFixtures.BUSINESS, QrFixtures.ISSUER, "33010600012345a", 1L),
        List.of(QrFixtures.BUSINESS, QrFixtures.ISSUER, "330106000123456", 1000L),
        List.of(QrFixtures.BUSINESS, QrFixtures.ISSUER, "330106000123456"))) {
      List<Object> cose = QrFixtures.open(six());
      Map<Object, Object> claims = new LinkedHashMap<>((Map<?, ?>) Cbor.decode((byte[]) cose.get(2)));
      Map<Object, Object> lic = new LinkedHashMap<>((Map<?, ?>) claims.get(-65537L));
      lic.put(1L, id);
      claims.put(-65537L, lic);
      String text = Envelope.wrap(Cose.sign1(pki.leafKey(), null, Cbor.encode(claims), toMap(cose.get(1))));
      assertReason(text, QrFixtures.trust(pki), Reason.MALFORMED, "claims.licence.id (1)");
    }
  }

  @Test
  void tamperedCommitmentBreaksTheSignature() throws Exception {
    List<Object> cose = QrFixtures.open(six());
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
  void hostileBytesAreRefusedWithAReasonNeverAnUncheckedException() throws Exception {
    String text = six();
    byte[] cose = Envelope.unwrap(text);
    // Half the rounds hit the unprotected header only, so the signature still verifies and the
    // disclosure parsing sees the damage.
    int from = 2 + Cbor.encode(QrFixtures.open(text).get(0)).length;
    int to = from + Cbor.encode(QrFixtures.open(text).get(1)).length;
    java.util.Random random = new java.util.Random(6);
    TrustList trust = QrFixtures.trust(es256);
    Set<Reason> seen = java.util.EnumSet.noneOf(Reason.class);
    for (int round = 0; round < 3_000; round++) {
      byte[] b = cose.clone();
      boolean header = random.nextBoolean();
      for (int k = 1 + random.nextInt(3); k > 0; k--) {
        b[header ? from + random.nextInt(to - from) : random.nextInt(b.length)] = (byte) random.nextInt(256);
      }
      byte[] mutated = random.nextInt(10) == 0 ? java.util.Arrays.copyOf(b, random.nextInt(b.length)) : b;
      try {
        QrVerifier.verify(Envelope.wrap(mutated), trust, NOW);
      } catch (QrVerificationException expected) {
        seen.add(expected.reason()); // any reason will do; an unchecked exception fails the test
      }
    }
    assertThat(seen).contains(Reason.MALFORMED, Reason.BAD_SIGNATURE, Reason.TAMPERED_DISCLOSURE);
  }

  private static String six() throws Exception {
    return QrPresentations.make(licence, QrFixtures.type(), es256.leafKey(), SIX, NOW, 0);
  }

  /** Edits the holder's part: disclosed values, subtree seeds (returned, possibly new) and undisclosed digests. */
  interface Edit {
    byte[] apply(Map<Object, Object> values, byte[] seeds, Map<Object, Object> undisclosed) throws Exception;
  }

  static List<?> disclosures(List<Object> cose) {
    return (List<?>) ((Map<?, ?>) cose.get(1)).get(-65537L);
  }

  private static String rewrite(List<Object> cose, Edit edit) throws Exception {
    List<?> sd = disclosures(cose);
    Map<Object, Object> values = new java.util.TreeMap<>((Map<?, ?>) sd.get(0));
    Map<Object, Object> undisclosed = new java.util.TreeMap<>((Map<?, ?>) sd.get(2));
    byte[] seeds = edit.apply(values, ((byte[]) sd.get(1)).clone(), undisclosed);
    cose.set(1, Map.of(-65537L, List.of(values, seeds, undisclosed)));
    return QrFixtures.seal(cose);
  }

  private static void assertTampered(Edit edit) throws Exception {
    assertReason(rewrite(QrFixtures.open(six()), edit), QrFixtures.trust(es256), Reason.TAMPERED_DISCLOSURE,
        "must hash to the signed commitment");
  }

  private static void assertMalformed(String message, Edit edit) throws Exception {
    assertReason(rewrite(QrFixtures.open(six()), edit), QrFixtures.trust(es256), Reason.MALFORMED, message);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static int entryLength(Map<?, ?> map, Object key) {
    return Cbor.encode(key).length + Cbor.encode(map.get(key)).length;
  }

  private static byte[] replace(byte[] in, byte[] from, byte[] to) {
    String hex = java.util.HexFormat.of().formatHex(in);
    String replaced = hex.replace(java.util.HexFormat.of().formatHex(from), java.util.HexFormat.of().formatHex(to));
    assertThat(replaced).isNotEqualTo(hex);
    return java.util.HexFormat.of().parseHex(replaced);
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> toMap(Object o) {
    return (Map<Object, Object>) o;
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

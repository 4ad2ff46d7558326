package org.certhub.signer.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certhub.signer.qr.QrFixtures.ISSUER;
import static org.certhub.signer.qr.QrFixtures.NOW;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.qr.QrVerificationException.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignedTrustListTest {

  static final Duration TTL = Duration.ofDays(7);

  static TestPki hub;
  static TestPki issuerA;
  static TestPki issuerB;

  @BeforeAll
  static void setUp() throws Exception {
    hub = QrFixtures.pki(SignatureAlgorithm.ECDSA_P256_SHA256);
    issuerA = QrFixtures.pki(SignatureAlgorithm.SM2_SM3);
    issuerB = QrFixtures.pki(SignatureAlgorithm.ED25519);
  }

  static List<TrustedKey> keys() {
    return List.of(new TrustedKey(ISSUER, issuerA.leaf()), new TrustedKey("91330106MA2B3C4D5E", issuerB.leaf()));
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void roundTripsPerAlgorithmAndVerifiesAPresentation(SignatureAlgorithm alg) throws Exception {
    TestPki h = QrFixtures.pki(alg);
    byte[] signed = SignedTrustList.sign(new TrustList(keys(), QrFixtures.types()), h.leafKey(), NOW, TTL);
    SignedTrustList.Verified v = SignedTrustList.verify(signed, h.leaf(), NOW.plusSeconds(5));
    assertThat(v.issuedAt()).isEqualTo(NOW);
    assertThat(v.expiry()).isEqualTo(NOW.plus(TTL));
    assertThat(v.age(NOW.plusSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    assertThat(v.trust().keys()).containsExactlyInAnyOrderElementsOf(keys());
    assertThat(v.trust().types()).containsExactlyInAnyOrderElementsOf(QrFixtures.types());
    assertThat(v.trust().type(QrFixtures.BUSINESS).orElseThrow().fields().get(3))
        .isEqualTo(new TrustedType.Field("registeredCapital", "注册资本（万元）"));

    String text = QrPresentations.make(QrFixtures.businessLicence(), QrFixtures.type(), issuerA.leafKey(), Set.of("name"), NOW, 7);
    assertThat(QrVerifier.verify(text, v.trust(), NOW).issuerCode()).isEqualTo(ISSUER);
  }

  @Test
  void verifiesThroughTheHubsCaAsAnchor() throws Exception {
    byte[] signed = SignedTrustList.sign(new TrustList(keys(), QrFixtures.types()), hub.leafKey(), NOW, TTL);
    SignedTrustList.Verified v = SignedTrustList.verify(signed, hub.issuing().certificate(), NOW);
    assertThat(v.trust().keys()).hasSize(2);
    TestPki other = QrFixtures.pki(SignatureAlgorithm.ECDSA_P256_SHA256);
    assertThatThrownBy(() -> SignedTrustList.verify(signed, other.issuing().certificate(), NOW))
        .isInstanceOfSatisfying(QrVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ISSUER));
  }

  @Test
  void payloadIsDeterministicWhateverTheInputOrder() throws Exception {
    List<TrustedKey> reversed = new ArrayList<>(keys());
    java.util.Collections.reverse(reversed);
    byte[] a = payload(SignedTrustList.sign(new TrustList(keys(), QrFixtures.types()), hub.leafKey(), NOW, TTL));
    byte[] b = payload(SignedTrustList.sign(new TrustList(reversed, QrFixtures.types()), hub.leafKey(), NOW, TTL));
    assertThat(a).isEqualTo(b);
    Map<?, ?> claims = (Map<?, ?>) Cbor.decode(a, SignedTrustList.LIMITS);
    assertThat(new ArrayList<Object>(claims.keySet())).containsExactly(4L, 6L, -65538L, -65539L);
    Map<?, ?> entry = (Map<?, ?>) ((List<?>) claims.get(-65538L)).get(0);
    assertThat(new ArrayList<Object>(entry.keySet())).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void expiredTrustListRefused() throws Exception {
    byte[] signed = SignedTrustList.sign(new TrustList(keys(), QrFixtures.types()), hub.leafKey(), NOW, TTL);
    assertThatThrownBy(() -> SignedTrustList.verify(signed, hub.leaf(), NOW.plus(TTL).plusSeconds(1)))
        .isInstanceOfSatisfying(QrVerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
  }

  @Test
  void flippedPayloadByteIsBadSignature() throws Exception {
    byte[] signed = SignedTrustList.sign(new TrustList(keys(), QrFixtures.types()), hub.leafKey(), NOW, TTL);
    List<Object> cose = new ArrayList<>((List<?>) ((Cbor.Tag) Cbor.decode(signed, SignedTrustList.LIMITS)).content());
    byte[] payload = ((byte[]) cose.get(2)).clone();
    payload[payload.length - 1] ^= 0x01;
    cose.set(2, payload);
    byte[] forged = Cbor.encode(new Cbor.Tag(18, cose));
    assertThatThrownBy(() -> SignedTrustList.verify(forged, hub.leaf(), NOW))
        .isInstanceOfSatisfying(QrVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
  }

  @Test
  void signedByAnotherKeyRefused() throws Exception {
    TestPki other = QrFixtures.pki(SignatureAlgorithm.ECDSA_P256_SHA256);
    byte[] signed = SignedTrustList.sign(new TrustList(keys(), QrFixtures.types()), other.leafKey(), NOW, TTL);
    assertThatThrownBy(() -> SignedTrustList.verify(signed, hub.leaf(), NOW))
        .isInstanceOfSatisfying(QrVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ISSUER));
  }

  @Test
  void malformedRefused() throws Exception {
    for (byte[] junk : new byte[][] {new byte[0], "junk".getBytes(), Cbor.encode(List.of(1L))}) {
      assertMalformed(junk, "");
    }
    // a status list signed by the hub is not a trust list
    byte[] statusList = StatusList.allValid(StatusList.MIN_SIZE).sign(hub.leafKey(), "hub", ISSUER, NOW, TTL);
    assertMalformed(statusList, "typ");
    // an entry whose kid is not its certificate's
    Map<Object, Object> e = new TreeMap<>();
    e.put(1L, new byte[8]);
    e.put(2L, issuerA.leaf().getEncoded());
    e.put(3L, ISSUER);
    e.put(4L, issuerA.leaf().getNotBefore().toInstant().getEpochSecond());
    e.put(5L, issuerA.leaf().getNotAfter().toInstant().getEpochSecond());
    Map<Object, Object> claims = new TreeMap<>(Map.of(4L, NOW.plus(TTL).getEpochSecond(), 6L, NOW.getEpochSecond(),
        -65538L, List.of(e)));
    assertMalformed(Cose.sign1(hub.leafKey(), SignedTrustList.TYP, Cbor.encode(claims), Map.of()), "kid, nbf and naf");
    // a certificate that is not DER
    e.put(1L, TrustedKey.kidOf(issuerA.leaf()));
    e.put(2L, new byte[] {0x30, 0x03, 1, 2, 3});
    assertMalformed(Cose.sign1(hub.leafKey(), SignedTrustList.TYP, Cbor.encode(claims), Map.of()), "X.509");
  }

  @Test
  void typesAreCheckedOnBothSides() throws Exception {
    TrustedType business = QrFixtures.types().get(0);
    assertThatThrownBy(() -> new TrustList(keys(), List.of(business, business)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeats");
    assertThatThrownBy(() -> new TrustedType("X", "x", List.of(new TrustedType.Field("a", "A"), new TrustedType.Field("a", "B"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unique");

    Map<Object, Object> type = new TreeMap<>(Map.of(1L, "X", 2L, "x", 3L, List.of(List.of("a", "A"))));
    Map<Object, Object> sameCode = new TreeMap<>(Map.of(1L, "X", 2L, "y", 3L, List.of()));
    assertMalformed(withTypes(List.of(type, sameCode)), "repeats: X");
    assertMalformed(withTypes(List.of(sameCode, type)), "must sort after the previous entry");
    type.put(3L, List.of(List.of("a")));
    assertMalformed(withTypes(List.of(type)), "must be [name, label]");
    type.put(3L, List.of(List.of("a", "A"), List.of("a", "B")));
    assertMalformed(withTypes(List.of(type)), "unique names");
    Map<Object, Object> noTypes = new TreeMap<>(Map.of(4L, NOW.plus(TTL).getEpochSecond(), 6L, NOW.getEpochSecond(),
        -65538L, List.of()));
    assertMalformed(Cose.sign1(hub.leafKey(), SignedTrustList.TYP, Cbor.encode(noTypes), Map.of()),
        "types (-65539) must be an array");
  }

  static byte[] withTypes(List<Object> types) throws Exception {
    Map<Object, Object> claims = new TreeMap<>(Map.of(4L, NOW.plus(TTL).getEpochSecond(), 6L, NOW.getEpochSecond(),
        -65538L, List.of(), -65539L, types));
    return Cose.sign1(hub.leafKey(), SignedTrustList.TYP, Cbor.encode(claims), Map.of());
  }

  static byte[] payload(byte[] signed) throws Exception {
    return (byte[]) ((List<?>) ((Cbor.Tag) Cbor.decode(signed, SignedTrustList.LIMITS)).content()).get(2);
  }

  static void assertMalformed(byte[] signed, String messagePart) {
    assertThatThrownBy(() -> SignedTrustList.verify(signed, hub.leaf(), NOW))
        .isInstanceOfSatisfying(QrVerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
        .hasMessageContaining(messagePart);
  }
}

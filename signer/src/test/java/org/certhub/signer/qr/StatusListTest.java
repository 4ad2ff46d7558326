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

class StatusListTest {

  static final String HUB = "12100000MB0000000X";
  static final Duration TTL = Duration.ofHours(24);

  static TestPki hub;
  static TrustList hubTrust;

  @BeforeAll
  static void setUp() throws Exception {
    hub = QrFixtures.pki(SignatureAlgorithm.ECDSA_P256_SHA256);
    hubTrust = TrustList.of(new TrustedKey(HUB, hub.leaf()));
  }

  static StatusList sample() {
    return StatusList.allValid(StatusList.MIN_SIZE).withRevoked(7, 42, 1000, 65_536, 131_071);
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void roundTripsPerAlgorithm(SignatureAlgorithm alg) throws Exception {
    TestPki pki = QrFixtures.pki(alg);
    byte[] signed = sample().sign(pki.leafKey(), HUB, ISSUER, NOW, TTL);
    StatusList.Verified v = StatusList.verify(signed, TrustList.of(new TrustedKey(HUB, pki.leaf())), NOW.plusSeconds(60));
    assertThat(v.list()).isEqualTo(sample());
    assertThat(v.issuer()).isEqualTo(HUB);
    assertThat(v.subject()).isEqualTo(ISSUER);
    assertThat(v.issuedAt()).isEqualTo(NOW);
    assertThat(v.expiry()).isEqualTo(NOW.plus(TTL));
    assertThat(v.age(NOW.plusSeconds(60))).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void signedFormIsDeterministicCborWithDraftKeys() throws Exception {
    byte[] signed = sample().sign(hub.leafKey(), HUB, ISSUER, NOW, TTL);
    List<?> cose = (List<?>) ((Cbor.Tag) Cbor.decode(signed, StatusList.LIMITS)).content();
    Map<?, ?> prot = (Map<?, ?>) Cbor.decode((byte[]) cose.get(0));
    assertThat(prot.get(16L)).isEqualTo("application/statuslist+cwt");
    Map<?, ?> claims = (Map<?, ?>) Cbor.decode((byte[]) cose.get(2), StatusList.LIMITS);
    assertThat(new ArrayList<Object>(claims.keySet())).containsExactly(1L, 2L, 4L, 6L, 65533L);
    Map<?, ?> sl = (Map<?, ?>) claims.get(65533L);
    assertThat(sl.get("bits")).isEqualTo(1L);
    assertThat(StatusList.fromCompressed((byte[]) sl.get("lst"))).isEqualTo(sample());
    // zlib header (RFC 1950), as the draft requires
    assertThat(((byte[]) sl.get("lst"))[0]).isEqualTo((byte) 0x78);
  }

  @Test
  void revokedIndexDetected() {
    StatusList l = sample();
    assertThat(l.size()).isEqualTo(131_072);
    assertThat(l.isRevoked(42)).isTrue();
    assertThat(l.get(42)).isEqualTo(1);
    assertThat(l.get(43)).isZero();
    assertThat(l.isRevoked(0)).isFalse();
    assertThat(l.isRevoked(131_071)).isTrue();
    assertThat(l.revokedCount()).isEqualTo(5);
    // least significant bit first, as in the draft: index 7 is the top bit of byte 0, 42 is bit 2 of byte 5
    assertThat(StatusList.allValid(StatusList.MIN_SIZE).withRevoked(0).compressed())
        .isNotEqualTo(StatusList.allValid(StatusList.MIN_SIZE).withRevoked(7).compressed());
    assertThat(StatusList.allValid(StatusList.MIN_SIZE).isRevoked(42)).isFalse();
  }

  @Test
  void indexOutOfRange() {
    StatusList l = sample();
    assertThatThrownBy(() -> l.get(-1)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("0 to 131071").hasMessageContaining("-1");
    assertThatThrownBy(() -> l.get(131_072)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("131072");
    assertThatThrownBy(() -> l.withRevoked(1, 131_072)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(l.isRevoked(1)).isFalse();
    assertThatThrownBy(() -> StatusList.allValid(1024)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("131072");
    assertThatThrownBy(() -> StatusList.allValid(131_073)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void expiredListRefused() throws Exception {
    byte[] signed = sample().sign(hub.leafKey(), HUB, ISSUER, NOW, TTL);
    assertThatThrownBy(() -> StatusList.verify(signed, hubTrust, NOW.plus(TTL)))
        .isInstanceOfSatisfying(QrVerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED))
        .hasMessageContaining("issued " + NOW);
  }

  @Test
  void futureListRefused() throws Exception {
    byte[] signed = sample().sign(hub.leafKey(), HUB, ISSUER, NOW.plusSeconds(3600), TTL);
    assertThatThrownBy(() -> StatusList.verify(signed, hubTrust, NOW))
        .isInstanceOfSatisfying(QrVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_YET_VALID));
  }

  @Test
  void flippedPayloadByteIsBadSignature() throws Exception {
    byte[] signed = sample().sign(hub.leafKey(), HUB, ISSUER, NOW, TTL);
    List<Object> cose = new ArrayList<>((List<?>) ((Cbor.Tag) Cbor.decode(signed, StatusList.LIMITS)).content());
    byte[] payload = ((byte[]) cose.get(2)).clone();
    payload[payload.length - 3] ^= 0x01;
    cose.set(2, payload);
    byte[] forged = Cbor.encode(new Cbor.Tag(18, cose));
    assertThatThrownBy(() -> StatusList.verify(forged, hubTrust, NOW))
        .isInstanceOfSatisfying(QrVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
  }

  @Test
  void unknownKeyAndWrongIssuerRefused() throws Exception {
    TestPki other = QrFixtures.pki(SignatureAlgorithm.ECDSA_P256_SHA256);
    byte[] signed = sample().sign(other.leafKey(), HUB, ISSUER, NOW, TTL);
    assertThatThrownBy(() -> StatusList.verify(signed, hubTrust, NOW))
        .isInstanceOfSatisfying(QrVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ISSUER));
    byte[] wrongIss = sample().sign(hub.leafKey(), "91330106MA2B3C4D5E", ISSUER, NOW, TTL);
    assertThatThrownBy(() -> StatusList.verify(wrongIss, hubTrust, NOW))
        .isInstanceOfSatisfying(QrVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ISSUER));
  }

  @Test
  void malformedRefused() throws Exception {
    for (byte[] junk : new byte[][] {new byte[0], {(byte) 0xd2}, "not cbor".getBytes(), Cbor.encode(Map.of(1L, 2L))}) {
      assertThatThrownBy(() -> StatusList.verify(junk, hubTrust, NOW))
          .isInstanceOfSatisfying(QrVerificationException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }
    // a signed list with bits = 2, or too few entries, or no typ
    Map<Object, Object> sl = new TreeMap<>(Map.of("bits", 2L, "lst", sample().compressed()));
    assertMalformed(StatusList.signClaims(hub.leafKey(), claims(sl)), "bits");
    sl = new TreeMap<>(Map.of("bits", 1L, "lst", Envelope.deflate(new byte[1024])));
    assertMalformed(StatusList.signClaims(hub.leafKey(), claims(sl)), "at least 131072");
    byte[] noTyp = Cose.sign1(hub.leafKey(), null, Cbor.encode(claims(
        new TreeMap<>(Map.of("bits", 1L, "lst", sample().compressed())))), Map.of());
    assertMalformed(noTyp, "typ");
  }

  @Test
  void zlibBombRefused() throws Exception {
    byte[] bomb = Envelope.deflate(new byte[16 << 20]);
    assertThat(bomb.length).isLessThan(64 * 1024);
    Map<Object, Object> sl = new TreeMap<>(Map.of("bits", 1L, "lst", bomb));
    byte[] signed = StatusList.signClaims(hub.leafKey(), claims(sl));
    assertMalformed(signed, "at most 1048576 bytes");
    assertThatThrownBy(() -> StatusList.fromCompressed(bomb)).isInstanceOf(QrVerificationException.class);
  }

  @Test
  void compressedSizeOf131072EntriesIsSmall() throws Exception {
    StatusList l = sample();
    byte[] lst = l.compressed();
    byte[] signed = l.sign(hub.leafKey(), HUB, ISSUER, NOW, TTL);
    System.out.println("status list: " + l.size() + " entries, " + l.revokedCount() + " revoked, raw "
        + l.size() / 8 + " B, zlib " + lst.length + " B, signed COSE_Sign1 " + signed.length + " B");
    assertThat(lst.length).isLessThan(1024);
  }

  @Test
  void presentationWithRevokedIndexIsReported() throws Exception {
    TestPki issuerPki = QrFixtures.pki(SignatureAlgorithm.ECDSA_P256_SHA256);
    String text = QrPresentations.make(QrFixtures.businessLicence(), QrFixtures.type(), issuerPki.leafKey(), Set.of("name"), NOW, 42);
    VerifiedPresentation p = QrVerifier.verify(text, QrFixtures.trust(issuerPki), NOW);

    StatusList.Verified revoked = StatusList.verify(sample().sign(hub.leafKey(), HUB, ISSUER, NOW.minusSeconds(600), TTL),
        hubTrust, NOW);
    assertThatThrownBy(() -> QrVerifier.checkStatus(p, revoked, NOW))
        .isInstanceOfSatisfying(QrVerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REVOKED))
        .hasMessageContaining("status index 42")
        .hasMessageContaining("issued " + NOW.minusSeconds(600))
        .hasMessageContaining("600 s old");

    StatusList.Verified clean = StatusList.verify(StatusList.allValid(StatusList.MIN_SIZE).withRevoked(41, 43)
        .sign(hub.leafKey(), HUB, ISSUER, NOW.minusSeconds(600), TTL), hubTrust, NOW);
    assertThat(QrVerifier.checkStatus(p, clean, NOW)).isEqualTo(Duration.ofSeconds(600));
    assertThatThrownBy(() -> QrVerifier.checkStatus(p, clean, NOW.plus(TTL)))
        .isInstanceOfSatisfying(QrVerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));

    StatusList.Verified otherIssuer = StatusList.verify(StatusList.allValid(StatusList.MIN_SIZE)
        .sign(hub.leafKey(), HUB, "91330106MA2B3C4D5E", NOW, TTL), hubTrust, NOW);
    assertThatThrownBy(() -> QrVerifier.checkStatus(p, otherIssuer, NOW))
        .isInstanceOfSatisfying(QrVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ISSUER));

    // A hub's list covers every issuer's licences (one index space), so it speaks for this issuer too.
    StatusList.Verified hubWide = StatusList.verify(StatusList.allValid(StatusList.MIN_SIZE).withRevoked(42)
        .sign(hub.leafKey(), HUB, StatusList.ALL_ISSUERS, NOW, TTL), hubTrust, NOW);
    assertThatThrownBy(() -> QrVerifier.checkStatus(p, hubWide, NOW))
        .isInstanceOfSatisfying(QrVerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REVOKED));
  }

  static Map<Object, Object> claims(Map<Object, Object> statusList) {
    Map<Object, Object> c = new TreeMap<>();
    c.put(1L, HUB);
    c.put(2L, ISSUER);
    c.put(4L, NOW.plus(TTL).getEpochSecond());
    c.put(6L, NOW.getEpochSecond());
    c.put(65533L, statusList);
    return c;
  }

  static void assertMalformed(byte[] signed, String messagePart) {
    assertThatThrownBy(() -> StatusList.verify(signed, hubTrust, NOW))
        .isInstanceOfSatisfying(QrVerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
        .hasMessageContaining(messagePart);
  }
}

package org.certhub.signer.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class VerifierTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] DATA = "licence bytes".getBytes(StandardCharsets.UTF_8);

  /** RFC 8032 §7.1 TEST 1, 2 and 3: public key, message, signature. */
  static Stream<Arguments> rfc8032() {
    return Stream.of(
        Arguments.of("TEST 1",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        Arguments.of("TEST 2",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
        Arguments.of("TEST 3",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"));
  }

  static PublicKey ed25519FromRaw(String hex) throws Exception {
    byte[] spki = HEX.parseHex("302a300506032b6570032100" + hex); // RFC 8410 §4 SubjectPublicKeyInfo
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfc8032")
  void verify_rfc8032Vector_accepts(String name, String pub, String msg, String sig) throws Exception {
    Verifier v = Verifier.forPublicKey(ed25519FromRaw(pub));
    assertThat(v.algorithm()).isEqualTo(SignatureAlgorithm.ED25519);
    v.verify(HEX.parseHex(sig), HEX.parseHex(msg));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfc8032")
  void verify_rfc8032VectorWithFlippedBit_throws(String name, String pub, String msg, String sig)
      throws Exception {
    Verifier v = Verifier.forPublicKey(ed25519FromRaw(pub));
    byte[] s = HEX.parseHex(sig);
    for (int bit = 0; bit < s.length * 8; bit++) {
      byte[] t = s.clone();
      t[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> v.verify(t, HEX.parseHex(msg)))
          .isInstanceOf(SignatureVerificationException.class);
    }
  }

  /**
   * Wycheproof ecdsa_secp256r1_sha256_test.json (C2SP/wycheproof testvectors_v1), key of group 2
   * and tcId 5-11: valid, MissingZero, BER and length-mismatch encodings.
   */
  static Stream<Arguments> wycheproof() {
    String r = "2ba3a8be6b94d5ec80a6d9d1190a436effe50d85a1eee859b8cc6af9bd5c2e18";
    String s = "b329f479a2bbd0a5c384ee1493b1f5186a87139cac5df4087c134b49156847db";
    return Stream.of(
        Arguments.of(5, "304402202ba3a8be6b94d5ec80a6d9d1190a436effe50d85a1eee859b8cc6af9bd5c2e1802204cd60b855d442f5b3c7b11eb6c4e0ae7525fe710fab9aa7c77a67f79e6fadd76", true),
        Arguments.of(6, "30440220" + r + "0220" + s, false),
        Arguments.of(7, "30450220" + r + "022100" + s, true),
        Arguments.of(8, "3081450220" + r + "022100" + s, false),
        Arguments.of(9, "308200450220" + r + "022100" + s, false),
        Arguments.of(10, "30460220" + r + "022100" + s, false),
        Arguments.of(11, "30440220" + r + "022100" + s, false));
  }

  @ParameterizedTest(name = "tcId {0}")
  @MethodSource("wycheproof")
  void verify_wycheproofP256Vector_matchesExpectedResult(int tcId, String sig, boolean valid)
      throws Exception {
    PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(HEX.parseHex(
        "3059301306072a8648ce3d020106082a8648ce3d030107034200042927b10512bae3eddcfe467828128bad2903269919f7086069c8c4df6c732838c7787964eaac00e5921fb1498a60f4606766b3d9685001558d1a974e7341513e")));
    Verifier v = Verifier.forPublicKey(key);
    byte[] msg = HEX.parseHex("313233343030");
    if (valid) {
      assertThatCode(() -> v.verify(HEX.parseHex(sig), msg)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> v.verify(HEX.parseHex(sig), msg))
          .isInstanceOf(SignatureVerificationException.class);
    }
  }

  @Test
  void verify_wycheproofP256VectorsAsRaw_accepted() throws Exception {
    PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(HEX.parseHex(
        "3059301306072a8648ce3d020106082a8648ce3d030107034200042927b10512bae3eddcfe467828128bad2903269919f7086069c8c4df6c732838c7787964eaac00e5921fb1498a60f4606766b3d9685001558d1a974e7341513e")));
    byte[] raw = HEX.parseHex("2ba3a8be6b94d5ec80a6d9d1190a436effe50d85a1eee859b8cc6af9bd5c2e18"
        + "b329f479a2bbd0a5c384ee1493b1f5186a87139cac5df4087c134b49156847db");
    Verifier.forPublicKey(key).verify(raw, HEX.parseHex("313233343030"));
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void verify_freshSignature_accepts(SignatureAlgorithm alg) throws Exception {
    KeyHandle k = Keys.handle(Keys.generate(alg));
    assertThat(k.algorithm()).isEqualTo(alg);
    Verifier.forPublicKey(k.publicKey()).verify(k.sign(DATA), DATA);
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"SM2_SM3", "ECDSA_P256_SHA256"})
  void sign_ecAlgorithms_writesDerAndVerifyAcceptsRaw(SignatureAlgorithm alg) throws Exception {
    KeyHandle k = Keys.handle(Keys.generate(alg));
    byte[] der = k.sign(DATA);
    ASN1Sequence seq = ASN1Sequence.getInstance(der); // DER SEQUENCE {r, s}
    BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
    BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
    byte[] raw = new byte[64];
    byte[] rb = r.toByteArray();
    byte[] sb = s.toByteArray();
    System.arraycopy(rb, Math.max(0, rb.length - 32), raw, 32 - Math.min(32, rb.length), Math.min(32, rb.length));
    System.arraycopy(sb, Math.max(0, sb.length - 32), raw, 64 - Math.min(32, sb.length), Math.min(32, sb.length));
    Verifier.forPublicKey(k.publicKey()).verify(raw, DATA);
    raw[5] ^= 1;
    assertThatThrownBy(() -> Verifier.forPublicKey(k.publicKey()).verify(raw, DATA))
        .isInstanceOf(SignatureVerificationException.class);
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void verify_anyFlippedSignatureBit_throws(SignatureAlgorithm alg) throws Exception {
    KeyHandle k = Keys.handle(Keys.generate(alg));
    byte[] sig = k.sign(DATA);
    Verifier v = Verifier.forPublicKey(k.publicKey());
    for (int bit = 0; bit < sig.length * 8; bit++) {
      byte[] t = sig.clone();
      t[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> v.verify(t, DATA)).isInstanceOf(SignatureVerificationException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void verify_modifiedMessage_throwsWithMessage(SignatureAlgorithm alg) throws Exception {
    KeyHandle k = Keys.handle(Keys.generate(alg));
    byte[] sig = k.sign(DATA);
    byte[] other = DATA.clone();
    other[0] ^= 1;
    assertThatThrownBy(() -> Verifier.forPublicKey(k.publicKey()).verify(sig, other))
        .isInstanceOf(SignatureVerificationException.class)
        .hasMessage("signature must be a valid " + alg + " signature over the data, but was: invalid");
  }

  @Test
  void verify_garbageSignature_throwsWellFormedMessage() throws Exception {
    KeyHandle k = Keys.handle(Keys.generate(SignatureAlgorithm.SM2_SM3));
    assertThatThrownBy(() -> Verifier.forPublicKey(k.publicKey()).verify(new byte[] {1, 2, 3}, DATA))
        .isInstanceOf(SignatureVerificationException.class)
        .hasMessageStartingWith("signature must be a ");
  }

  @Test
  void verify_otherKeysSignature_throws() throws Exception {
    KeyHandle a = Keys.handle(Keys.generate(SignatureAlgorithm.SM2_SM3));
    KeyHandle b = Keys.handle(Keys.generate(SignatureAlgorithm.SM2_SM3));
    assertThatThrownBy(() -> Verifier.forPublicKey(b.publicKey()).verify(a.sign(DATA), DATA))
        .isInstanceOf(SignatureVerificationException.class);
  }

  @Test
  void handle_privateKeyOfOtherPair_throws() {
    KeyPair a = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    KeyPair b = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    assertThatThrownBy(() -> Keys.handle(new KeyPair(a.getPublic(), b.getPrivate())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("privateKey must match the public key, but was: the private half of another key pair");
  }

  @Test
  void handle_privateKeyOfOtherAlgorithm_throws() {
    KeyPair a = Keys.generate(SignatureAlgorithm.SM2_SM3);
    KeyPair b = Keys.generate(SignatureAlgorithm.ED25519);
    assertThatThrownBy(() -> Keys.handle(new KeyPair(a.getPublic(), b.getPrivate())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("privateKey must be a SM2_SM3 PKCS#8 key, but was: Ed25519");
  }

  @Test
  void handle_sm2PrivateKeyForP256PublicKey_throws() {
    KeyPair p256 = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    KeyPair sm2 = Keys.generate(SignatureAlgorithm.SM2_SM3);
    assertThatThrownBy(() -> Keys.handle(new KeyPair(p256.getPublic(), sm2.getPrivate())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_handle_revealsNoSecret() {
    KeyHandle k = Keys.handle(Keys.generate(SignatureAlgorithm.ED25519));
    assertThat(k.toString()).isEqualTo("KeyHandle[ED25519, chain=0 certificate(s)]");
  }
}

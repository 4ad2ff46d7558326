package org.certhub.signer.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.test.TestRandomBigInteger;
import org.certhub.signer.algorithm.DigestAlgorithm;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Published SM2 signature vectors on the recommended curve sm2p256v1.
 *
 * <p><b>Where the values come from.</b>
 *
 * <ul>
 *   <li>{@code GB/T 32918.5 Annex A}: the signature example of GB/T 32918.5-2017 / GM/T 0003.5-2012
 *       Annex A (private key {@code 3945208F…}, user ID {@code 1234567812345678}, message {@code
 *       "message digest"}, nonce k, and r, s). Taken from OpenSSL's {@code test/sm2_internal_test.c}
 *       ({@code sm2_sig_test}, commented "From Annex A in both GM/T0003.5-2012 and GB/T
 *       32918.5-2016"), where OpenSSL reproduces r and s with that k. The public key and the
 *       intermediate Z<sub>A</sub> and e were cross-checked against two further, independent public
 *       implementations that list the same Annex A values. Bouncy Castle's own {@code SM2SignerTest}
 *       (bc-java, {@code core/src/test/java/org/bouncycastle/crypto/test/SM2SignerTest.java}) does
 *       <i>not</i> carry this example: its sm2p256v1 case uses another key, ID and message.
 *   <li>{@code BC SM2SignerTest sm2p256v1}: that Bouncy Castle case ({@code
 *       doSignerTestFpStandardSM3}: ID {@code sm2test@example.com}, message {@code "hi chappy"}). Its
 *       ID is not the default one, so our {@link Verifier}, bound to the GB/T 35276 default ID, must
 *       reject it; only the raw BC signer reproduces it.
 * </ul>
 *
 * <p>Checked: (a) our {@link Verifier} accepts the published (r, s) under the published public key,
 * DER-encoded and as raw 64-byte r‖s; (b) Bouncy Castle's {@link SM2Signer} on the optimised
 * sm2p256v1 curve with the published k reproduces r and s exactly, and the public key derived from
 * the private key is the published one; (c) flipping any single bit of the message, the DER
 * signature or the raw signature is rejected.
 */
class Sm2StandardVectorTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final String DEFAULT_ID = "1234567812345678";
  /** SubjectPublicKeyInfo prefix: id-ecPublicKey with named curve sm2p256v1 (1.2.156.10197.1.301). */
  private static final String SM2_SPKI_PREFIX = "3059301306072a8648ce3d020106082a811ccf5501822d034200";

  record Vector(String name, String d, String x, String y, String id, String message, String k, String r,
      String s) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final Vector ANNEX_A = new Vector("GB/T 32918.5 Annex A",
      "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8",
      "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020",
      "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13",
      DEFAULT_ID, "message digest",
      "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21",
      "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3",
      "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA");

  static final Vector BC_SM2P256V1 = new Vector("BC SM2SignerTest sm2p256v1",
      "110E7973206F68C19EE5F7328C036F26911C8C73B4E4F36AE3291097F8984FFC", null, null,
      "sm2test@example.com", "hi chappy",
      "3174C6FFC3C279D2422F3FC0A9F3E574674A4490FE45A5325CAF7D3EC4C8F96C",
      "05890B9077B92E47B17A1FF42A814280E556AFD92B4A98B9670BF8B1A274C2FA",
      "E3ABBB8DB2B6ECD9B24ECCEA7F679FB9A4B1DB52F4AA985E443AD73237FA1993");

  static Stream<Vector> vectors() {
    return Stream.of(ANNEX_A, BC_SM2P256V1);
  }

  static ECDomainParameters domain() {
    X9ECParameters x9 = CustomNamedCurves.getByName("sm2p256v1");
    return new ECDomainParameters(x9);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static PublicKey publicKey(String x, String y) throws Exception {
    return KeyFactory.getInstance("EC", Providers.bc()).generatePublic(new X509EncodedKeySpec(
        HEX.parseHex(SM2_SPKI_PREFIX + "04" + x.toLowerCase() + y.toLowerCase())));
  }

  static byte[] der(String r, String s) throws Exception {
    return new DERSequence(new ASN1Integer[] {
        new ASN1Integer(new BigInteger(r, 16)), new ASN1Integer(new BigInteger(s, 16))}).getEncoded("DER");
  }

  /** (b) BC's SM2Signer with the published k yields exactly r and s, and d·G is the published key. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void bcSm2Signer_publishedNonce_reproducesRAndS(Vector v) throws Exception {
    ECDomainParameters domain = domain();
    assertThat(domain.getCurve().getClass().getSimpleName()).isEqualTo("SM2P256V1Curve");
    ECPrivateKeyParameters priv = new ECPrivateKeyParameters(new BigInteger(v.d(), 16), domain);
    ECPoint q = domain.getG().multiply(priv.getD()).normalize();
    if (v.x() != null) {
      assertThat(q.getAffineXCoord().toBigInteger()).isEqualTo(new BigInteger(v.x(), 16));
      assertThat(q.getAffineYCoord().toBigInteger()).isEqualTo(new BigInteger(v.y(), 16));
    }
    SM2Signer signer = new SM2Signer();
    signer.init(true, new ParametersWithID(
        new ParametersWithRandom(priv, new TestRandomBigInteger(v.k(), 16)), utf8(v.id())));
    byte[] msg = utf8(v.message());
    signer.update(msg, 0, msg.length);
    ASN1Sequence sig = ASN1Sequence.getInstance(signer.generateSignature());
    assertThat(ASN1Integer.getInstance(sig.getObjectAt(0)).getValue()).isEqualTo(new BigInteger(v.r(), 16));
    assertThat(ASN1Integer.getInstance(sig.getObjectAt(1)).getValue()).isEqualTo(new BigInteger(v.s(), 16));

    SM2Signer verifier = new SM2Signer();
    verifier.init(false, new ParametersWithID(new ECPublicKeyParameters(q, domain), utf8(v.id())));
    verifier.update(msg, 0, msg.length);
    assertThat(verifier.verifySignature(der(v.r(), v.s()))).isTrue();
  }

  /**
   * Z<sub>A</sub> = SM3(ENTL ‖ ID ‖ a ‖ b ‖ x<sub>G</sub> ‖ y<sub>G</sub> ‖ x<sub>A</sub> ‖
   * y<sub>A</sub>) and e = SM3(Z<sub>A</sub> ‖ M) (GB/T 32918.2 §5.5, §6.1) with our SM3 give the
   * Annex A intermediate values.
   */
  @Test
  void sm3_annexAUserDigestAndMessageHash_matchPublishedIntermediates() {
    ECDomainParameters domain = domain();
    byte[] id = utf8(ANNEX_A.id());
    java.io.ByteArrayOutputStream z = new java.io.ByteArrayOutputStream();
    z.write((id.length * 8) >> 8);
    z.write((id.length * 8) & 0xff);
    z.writeBytes(id);
    z.writeBytes(domain.getCurve().getA().getEncoded());
    z.writeBytes(domain.getCurve().getB().getEncoded());
    z.writeBytes(domain.getG().getAffineXCoord().getEncoded());
    z.writeBytes(domain.getG().getAffineYCoord().getEncoded());
    z.writeBytes(HEX.parseHex(ANNEX_A.x()));
    z.writeBytes(HEX.parseHex(ANNEX_A.y()));
    byte[] za = DigestAlgorithm.SM3.digest(z.toByteArray());
    assertThat(HEX.formatHex(za)).isEqualToIgnoringCase(
        "B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3");
    java.io.ByteArrayOutputStream m = new java.io.ByteArrayOutputStream();
    m.writeBytes(za);
    m.writeBytes(utf8(ANNEX_A.message()));
    assertThat(HEX.formatHex(DigestAlgorithm.SM3.digest(m.toByteArray()))).isEqualToIgnoringCase(
        "F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640");
  }

  /** (a) Our Verifier, with the default ID, accepts the Annex A signature in both encodings. */
  @Test
  void verify_annexASignatureDerAndRaw_accepted() throws Exception {
    Verifier v = Verifier.forPublicKey(publicKey(ANNEX_A.x(), ANNEX_A.y()));
    assertThat(v.algorithm()).isEqualTo(SignatureAlgorithm.SM2_SM3);
    byte[] msg = utf8(ANNEX_A.message());
    v.verify(der(ANNEX_A.r(), ANNEX_A.s()), msg);
    v.verify(HEX.parseHex(ANNEX_A.r() + ANNEX_A.s()), msg);
  }

  /** (c) Every single-bit change of message, DER signature or raw signature is rejected. */
  @Test
  void verify_annexAWithAnyBitFlipped_rejected() throws Exception {
    Verifier v = Verifier.forPublicKey(publicKey(ANNEX_A.x(), ANNEX_A.y()));
    byte[] msg = utf8(ANNEX_A.message());
    byte[] der = der(ANNEX_A.r(), ANNEX_A.s());
    byte[] raw = HEX.parseHex(ANNEX_A.r() + ANNEX_A.s());
    int rejected = 0;
    for (byte[][] pair : new byte[][][] {{msg, der}, {der, msg}, {raw, msg}}) {
      byte[] target = pair[0];
      for (int bit = 0; bit < target.length * 8; bit++) {
        byte[] t = target.clone();
        t[bit / 8] ^= (byte) (1 << (bit % 8));
        if (target == msg) {
          assertThatThrownBy(() -> v.verify(der, t)).isInstanceOf(SignatureVerificationException.class);
        } else {
          assertThatThrownBy(() -> v.verify(t, pair[1])).isInstanceOf(SignatureVerificationException.class);
        }
        rejected++;
      }
    }
    assertThat(rejected).isEqualTo((msg.length + der.length + raw.length) * 8);
  }

  /** Our Verifier is bound to the default ID, so a signature made for another ID does not verify. */
  @Test
  void verify_bcVectorMadeWithOtherUserId_rejected() throws Exception {
    ECDomainParameters domain = domain();
    ECPoint q = domain.getG().multiply(new BigInteger(BC_SM2P256V1.d(), 16)).normalize();
    PublicKey pub = publicKey(HEX.formatHex(q.getAffineXCoord().getEncoded()),
        HEX.formatHex(q.getAffineYCoord().getEncoded()));
    assertThatThrownBy(() -> Verifier.forPublicKey(pub).verify(der(BC_SM2P256V1.r(), BC_SM2P256V1.s()),
        utf8(BC_SM2P256V1.message())))
        .isInstanceOf(SignatureVerificationException.class)
        .hasMessage("signature must be a valid SM2_SM3 signature over the data, but was: invalid");
  }

  /** A KeyHandle over the Annex A private key signs what the published public key verifies. */
  @Test
  void sign_annexAPrivateKeyThroughKeyHandle_verifiesUnderPublishedPublicKey() throws Exception {
    PrivateKey d = KeyFactory.getInstance("EC", Providers.bc()).generatePrivate(new ECPrivateKeySpec(
        new BigInteger(ANNEX_A.d(), 16), (ECNamedCurveParameterSpec)
            org.bouncycastle.jce.ECNamedCurveTable.getParameterSpec("sm2p256v1")));
    PublicKey published = publicKey(ANNEX_A.x(), ANNEX_A.y());
    KeyHandle key = Keys.handle(new KeyPair(published, d));
    byte[] msg = utf8(ANNEX_A.message());
    byte[] sig = key.sign(msg);
    Verifier.forPublicKey(published).verify(sig, msg);
    assertThat(sig).isNotEqualTo(der(ANNEX_A.r(), ANNEX_A.s())); // a fresh random k, not the example's
  }
}

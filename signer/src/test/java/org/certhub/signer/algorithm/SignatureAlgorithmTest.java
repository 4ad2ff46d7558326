package org.certhub.signer.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import org.certhub.signer.key.Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignatureAlgorithmTest {

  @Test
  void oidAndJcaName_eachConstant_matchRegistry() {
    assertThat(SignatureAlgorithm.SM2_SM3.oid()).isEqualTo("1.2.156.10197.1.501");
    assertThat(SignatureAlgorithm.SM2_SM3.jcaName()).isEqualTo("SM3withSM2");
    assertThat(SignatureAlgorithm.ECDSA_P256_SHA256.oid()).isEqualTo("1.2.840.10045.4.3.2");
    assertThat(SignatureAlgorithm.ECDSA_P256_SHA256.jcaName()).isEqualTo("SHA256withECDSA");
    assertThat(SignatureAlgorithm.ED25519.oid()).isEqualTo("1.3.101.112");
    assertThat(SignatureAlgorithm.ED25519.jcaName()).isEqualTo("Ed25519");
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void forOid_knownOid_returnsConstant(SignatureAlgorithm alg) throws Exception {
    assertThat(SignatureAlgorithm.forOid(alg.oid())).isEqualTo(alg);
  }

  @Test
  void forOid_rsaOid_throwsNamingValue() {
    assertThatThrownBy(() -> SignatureAlgorithm.forOid("1.2.840.113549.1.1.11"))
        .isInstanceOf(UnsupportedAlgorithmException.class)
        .hasMessage("signature algorithm OID must be one of [1.2.156.10197.1.501, 1.2.840.10045.4.3.2,"
            + " 1.3.101.112], but was: 1.2.840.113549.1.1.11");
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void forKey_generatedKey_returnsItsAlgorithm(SignatureAlgorithm alg) throws Exception {
    assertThat(SignatureAlgorithm.forKey(Keys.generate(alg).getPublic())).isEqualTo(alg);
  }

  @Test
  void forKey_jdkP256Key_isEcdsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    assertThat(SignatureAlgorithm.forKey(g.generateKeyPair().getPublic()))
        .isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
  }

  @Test
  void forKey_rsaKey_throwsNamingAlgorithm() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    assertThatThrownBy(() -> SignatureAlgorithm.forKey(g.generateKeyPair().getPublic()))
        .isInstanceOf(UnsupportedAlgorithmException.class)
        .hasMessage("public key algorithm must be one of [EC sm2p256v1, EC P-256, Ed25519], but was:"
            + " RSA 1.2.840.113549.1.1.1");
  }

  @Test
  void forKey_p384Key_throwsNamingCurve() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    assertThatThrownBy(() -> SignatureAlgorithm.forKey(g.generateKeyPair().getPublic()))
        .isInstanceOf(UnsupportedAlgorithmException.class)
        .hasMessage("public key curve must be one of [sm2p256v1 1.2.156.10197.1.301, P-256"
            + " 1.2.840.10045.3.1.7], but was: 1.3.132.0.34");
  }

  /** GB/T 32905-2016 Appendix A.1 / GM/T 0004-2012 example 1: SM3("abc"). */
  @Test
  void digest_sm3StandardAbcVector_matches() {
    byte[] d = DigestAlgorithm.SM3.digest("abc".getBytes(StandardCharsets.US_ASCII));
    assertThat(HexFormat.of().formatHex(d))
        .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  }

  /** GB/T 32905-2016 Appendix A.2: SM3 of "abcd" repeated 16 times (512 bits). */
  @Test
  void digest_sm3Standard512BitVector_matches() {
    byte[] d = DigestAlgorithm.SM3.digest("abcd".repeat(16).getBytes(StandardCharsets.US_ASCII));
    assertThat(HexFormat.of().formatHex(d))
        .isEqualTo("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
  }

  /** FIPS 180-4 example: SHA-256("abc"), self-describing. */
  @Test
  void describe_sha256Abc_isPrefixedHex() {
    assertThat(DigestAlgorithm.SHA256.describe("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(DigestAlgorithm.SM3.prefix()).isEqualTo("sm3");
  }

  @Test
  void bc_calledTwice_returnsSameInstanceNotRegisteredGlobally() {
    assertThat(Providers.bc()).isSameAs(Providers.bc());
    assertThat(java.security.Security.getProvider("BC")).isNull();
  }
}

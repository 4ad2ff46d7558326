package org.certhub.signer.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.pki.CertificateProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JsonSignerTest {

  private static final String DOC = "{\"holder\":\"91430100MA4L000000\",\"fields\":{\"b\":2,\"a\":1.0},\"ok\":true}";

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void verify_reformattedDocument_accepts(SignatureAlgorithm alg) throws Exception {
    TestPki pki = TestPki.create(alg, CertificateProfile.LOG_SIGNING);
    JsonSignature sig = JsonSigner.sign(DOC, pki.leafKey());
    assertThat(sig.alg()).isEqualTo(alg);
    assertThat(sig.keyId()).isEqualTo(JsonSigner.keyId(pki.leaf())).startsWith("sha256:").hasSize(71);
    JsonSignature transported = JsonSignature.parse(sig.toJson());
    assertThat(transported).isEqualTo(sig);
    String reformatted = "{ \"ok\" : true,\n \"fields\": {\"a\": 1, \"b\": 2.0},\n \"holder\": \"91430100MA4L000000\" }";
    JsonSigner.verify(reformatted, transported, pki.leaf());
  }

  @Test
  void canonicalize_rfc8785Sample_matches() throws Exception {
    assertThat(Jcs.canonicalize("{\"b\": [1e3, 0.000001, -0], \"a\": \"\\u20ac\"}"))
        .isEqualTo("{\"a\":\"€\",\"b\":[1000,0.000001,0]}");
  }

  @Test
  void verify_changedValue_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.LOG_SIGNING);
    JsonSignature sig = JsonSigner.sign(DOC, pki.leafKey());
    assertThatThrownBy(() -> JsonSigner.verify(DOC.replace("true", "false"), sig, pki.leaf()))
        .isInstanceOf(JsonSignatureVerificationException.class)
        .hasMessage("signature.value must be a valid SM2_SM3 signature over the canonical JSON, but was: invalid");
  }

  @Test
  void verify_flippedSignatureBits_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.LOG_SIGNING);
    JsonSignature sig = JsonSigner.sign(DOC, pki.leafKey());
    byte[] v = sig.value();
    for (int bit = 0; bit < v.length * 8; bit++) {
      byte[] t = v.clone();
      t[bit / 8] ^= (byte) (1 << (bit % 8));
      JsonSignature tampered = new JsonSignature(sig.alg(), sig.keyId(), t);
      assertThatThrownBy(() -> JsonSigner.verify(DOC, tampered, pki.leaf()))
          .isInstanceOf(JsonSignatureVerificationException.class);
    }
  }

  @Test
  void verify_otherCertificate_throwsOnKeyId() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ED25519, CertificateProfile.LOG_SIGNING);
    TestPki other = TestPki.create(SignatureAlgorithm.ED25519, CertificateProfile.LOG_SIGNING);
    JsonSignature sig = JsonSigner.sign(DOC, pki.leafKey());
    assertThatThrownBy(() -> JsonSigner.verify(DOC, sig, other.leaf()))
        .isInstanceOf(JsonSignatureVerificationException.class)
        .hasMessage("signature.keyId must be " + JsonSigner.keyId(other.leaf()) + " (the certificate), but was: "
            + sig.keyId());
  }

  @Test
  void verify_relabelledAlgorithm_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ED25519, CertificateProfile.LOG_SIGNING);
    JsonSignature sig = JsonSigner.sign(DOC, pki.leafKey());
    JsonSignature relabelled = new JsonSignature(SignatureAlgorithm.SM2_SM3, sig.keyId(), sig.value());
    assertThatThrownBy(() -> JsonSigner.verify(DOC, relabelled, pki.leaf()))
        .isInstanceOf(JsonSignatureVerificationException.class)
        .hasMessage("signature.alg must be ED25519 (the certificate key's), but was: SM2_SM3");
  }

  @Test
  void sign_duplicateMember_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ED25519, CertificateProfile.LOG_SIGNING);
    assertThatThrownBy(() -> JsonSigner.sign("{\"a\":1,\"a\":2}", pki.leafKey()))
        .isInstanceOf(JsonSignatureFormatException.class)
        .hasMessageStartingWith("json must be well-formed JSON, but was: ");
  }

  @Test
  void parse_badKeyId_throws() {
    assertThatThrownBy(() -> JsonSignature.parse("{\"alg\":\"ED25519\",\"keyId\":\"md5:00\",\"value\":\"AA==\"}"))
        .isInstanceOf(JsonSignatureFormatException.class)
        .hasMessage("signature.keyId must be sha256:<64 lower-case hex>, but was: \"md5:00\"");
  }
}

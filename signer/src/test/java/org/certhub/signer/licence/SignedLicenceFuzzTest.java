package org.certhub.signer.licence;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.certhub.signer.SignerException;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.fuzz.Seeds;
import org.certhub.signer.pki.CertificateProfile;

/**
 * The licence JSON on arbitrary text (issue 9, "Hostile input"): {@link SignedLicence#parse} returns a licence or
 * throws {@link LicenceFormatException}; a parsed licence prints back to JSON that parses to the same licence; and
 * {@link LicenceVerifier#verify} then returns or throws {@link LicenceVerificationException}, nothing else.
 */
class SignedLicenceFuzzTest {
  private static final TestPki PKI = pki();
  private static final Set<X509Certificate> ANCHORS = Set.of(PKI.root().certificate());

  @FuzzTest(maxDuration = "20s")
  void parse(byte[] data) throws SignerException {
    SignedLicence signed;
    try {
      signed = SignedLicence.parse(new String(data, StandardCharsets.UTF_8));
    } catch (LicenceFormatException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    String json = signed.toJson();
    try {
      assertThat(SignedLicence.parse(json)).isEqualTo(signed);
    } catch (LicenceFormatException e) {
      throw new AssertionError("a licence we parsed must print to JSON we parse, but: " + e.getMessage(), e);
    }
    try {
      VerifiedLicence v = LicenceVerifier.verify(signed, ANCHORS);
      assertThat(v).isNotNull();
    } catch (LicenceVerificationException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  private static TestPki pki() {
    try {
      return TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.DOCUMENT_SIGNING);
    } catch (SignerException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the committed seeds: licences signed by {@link LicenceSigner} (three algorithms), plus malformed ones. */
  public static void main(String[] args) throws Exception {
    Seeds seeds = Seeds.of(SignedLicenceFuzzTest.class, "parse");
    for (SignatureAlgorithm alg : new SignatureAlgorithm[] {
        SignatureAlgorithm.ECDSA_P256_SHA256, SignatureAlgorithm.SM2_SM3, SignatureAlgorithm.ED25519}) {
      TestPki pki = TestPki.create(alg, CertificateProfile.DOCUMENT_SIGNING);
      String json = LicenceSigner.sign(LicenceSigningTest.licence(), pki.leafKey()).toJson();
      String a = alg.name().toLowerCase();
      seeds.put(a, json).put(a + "-truncated", json.substring(0, json.length() / 2))
          .put(a + "-tampered", json.replace("100万元", "900万元"));
    }
    seeds.put("deep-nesting", "[".repeat(5000)).put("not-an-object", "[1,2,3]").put("duplicate-member",
        "{\"licence\":{},\"licence\":{}}");
  }
}

package org.certhub.signer.licence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Keys;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.CertificateRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LicenceSigningTest {

  static Licence licence() {
    LicenceId id = LicenceId.of("11100000000013338W011", TestPki.ISSUER_CODE, "20230000403", 1);
    return new Licence(id, "11100000000013338W011", "营业执照", TestPki.ISSUER_CODE, "湖南省市场监督管理局",
        new Holder("91430100MA4L000000", Holder.USCC, "长沙某某科技有限公司"),
        Map.of("registeredCapital", "100万元", "legalRepresentative", "李四"),
        LocalDate.of(2025, 1, 1), null, TestPki.NOW.minus(Duration.ofDays(1)));
  }

  @Test
  void canonicalJson_fixedShape_isJcs() {
    assertThat(licence().canonicalJson()).isEqualTo("{\"fields\":{\"legalRepresentative\":\"李四\","
        + "\"registeredCapital\":\"100万元\"},\"holder\":{\"id\":\"91430100MA4L000000\",\"idType\":\"001\","
        + "\"name\":\"长沙某某科技有限公司\"},\"id\":\"1.2.156.3005.2.11100000000013338W011.11430000006122244L."
        + "20230000403.001.U\",\"issuedAt\":\"2026-01-14T08:00:00Z\",\"issuer\":{\"code\":\"11430000006122244L\","
        + "\"name\":\"湖南省市场监督管理局\"},\"type\":{\"code\":\"11100000000013338W011\",\"name\":\"营业执照\"},"
        + "\"validFrom\":\"2025-01-01\",\"validUntil\":null}");
  }

  @Test
  void fromJson_canonicalJson_roundTrips() throws Exception {
    Licence l = licence();
    assertThat(Licence.fromJson(l.canonicalJson())).isEqualTo(l);
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void verify_signedAndReparsed_returnsVerifiedLicence(SignatureAlgorithm alg) throws Exception {
    TestPki pki = TestPki.create(alg, CertificateProfile.DOCUMENT_SIGNING);
    SignedLicence signed = LicenceSigner.sign(licence(), pki.leafKey());
    assertThat(signed.algorithm()).isEqualTo(alg);
    SignedLicence parsed = SignedLicence.parse(signed.toJson());
    assertThat(parsed).isEqualTo(signed);
    VerifiedLicence v = LicenceVerifier.verify(parsed, Set.of(pki.root().certificate()));
    assertThat(v.licence()).isEqualTo(licence());
    assertThat(v.signerCertificate()).isEqualTo(pki.leaf());
  }

  @Test
  void verify_whitespaceAndOrderChangedJson_stillVerifies() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    SignedLicence signed = LicenceSigner.sign(licence(), pki.leafKey());
    var mapper = org.certhub.signer.json.Jcs.mapper();
    var tree = (tools.jackson.databind.node.ObjectNode) mapper.readTree(signed.toJson());
    var lic = (tools.jackson.databind.node.ObjectNode) tree.get("licence");
    var reordered = mapper.createObjectNode();
    List<String> names = new ArrayList<>(lic.propertyNames());
    java.util.Collections.reverse(names);
    names.forEach(n -> reordered.set(n, lic.get(n)));
    tree.set("licence", reordered);
    String pretty = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
    assertThat(pretty).contains("\n  ").isNotEqualTo(signed.toJson());
    LicenceVerifier.verify(SignedLicence.parse(pretty), Set.of(pki.root().certificate()));
  }

  @Test
  void verify_changedField_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    String json = LicenceSigner.sign(licence(), pki.leafKey()).toJson().replace("100万元", "900万元");
    SignedLicence tampered = SignedLicence.parse(json);
    assertThatThrownBy(() -> LicenceVerifier.verify(tampered, Set.of(pki.root().certificate())))
        .isInstanceOf(LicenceVerificationException.class)
        .hasMessage("signature.value must be a valid SM2_SM3 signature over the canonical licence by"
            + " signature.x5c[0], but was: invalid")
        .cause().hasMessage("signature must be a valid SM2_SM3 signature over the data, but was: invalid");
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void verify_anyFlippedSignatureBit_throws(SignatureAlgorithm alg) throws Exception {
    TestPki pki = TestPki.create(alg, CertificateProfile.DOCUMENT_SIGNING);
    SignedLicence s = LicenceSigner.sign(licence(), pki.leafKey());
    byte[] sig = s.signature();
    for (int bit = 0; bit < sig.length * 8; bit += 7) {
      byte[] t = sig.clone();
      t[bit / 8] ^= (byte) (1 << (bit % 8));
      SignedLicence tampered = new SignedLicence(s.licence(), s.algorithm(), t, s.chain());
      assertThatThrownBy(() -> LicenceVerifier.verify(tampered, Set.of(pki.root().certificate())))
          .isInstanceOf(LicenceVerificationException.class);
    }
  }

  @Test
  void verify_algLabelDiffersFromCertificate_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    SignedLicence s = LicenceSigner.sign(licence(), pki.leafKey());
    SignedLicence relabelled = SignedLicence.parse(s.toJson().replace("\"SM2_SM3\"", "\"ECDSA_P256_SHA256\""));
    assertThatThrownBy(() -> LicenceVerifier.verify(relabelled, Set.of(pki.root().certificate())))
        .isInstanceOf(LicenceVerificationException.class)
        .hasMessage("signature.alg must be SM2_SM3 (the algorithm of signature.x5c[0]), but was: ECDSA_P256_SHA256");
  }

  @Test
  void verify_untrustedRoot_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.DOCUMENT_SIGNING);
    TestPki other = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.DOCUMENT_SIGNING);
    SignedLicence s = LicenceSigner.sign(licence(), pki.leafKey());
    assertThatThrownBy(() -> LicenceVerifier.verify(s, Set.of(other.root().certificate())))
        .isInstanceOf(LicenceVerificationException.class)
        .hasMessage("signature.x5c must be a trusted DOCUMENT_SIGNING chain at licence.issuedAt"
            + " 2026-01-14T08:00:00Z, but was: certificate chain[2] must be issued by a trust anchor, but was:"
            + " issued by CN=CertHub Test Root ECDSA_P256_SHA256,O=CertHub,C=CN");
  }

  @Test
  void verify_tlsCertificateSigner_throwsOnProfile() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.TLS_SERVER);
    SignedLicence s = LicenceSigner.sign(licence(), pki.leafKey());
    assertThatThrownBy(() -> LicenceVerifier.verify(s, Set.of(pki.root().certificate())))
        .isInstanceOf(LicenceVerificationException.class)
        .hasMessageEndingWith("but was: certificate chain[0].keyUsage must include nonRepudiation for profile"
            + " DOCUMENT_SIGNING, but was: [digitalSignature]");
  }

  @Test
  void verify_signerOfAnotherIssuer_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    KeyPair other = Keys.generate(SignatureAlgorithm.SM2_SM3);
    X509Certificate cert = pki.issuing().issue(CertificateRequest.of(
        "CN=Other Bureau,organizationIdentifier=11110000000000000X,C=CN", other.getPublic(),
        CertificateProfile.DOCUMENT_SIGNING, TestPki.NOW.minus(Duration.ofDays(10)), TestPki.NOW.plus(Duration.ofDays(10))));
    List<X509Certificate> chain = new ArrayList<>(List.of(cert));
    chain.addAll(pki.issuing().chain());
    KeyHandle key = Keys.handle(other, chain);
    SignedLicence s = LicenceSigner.sign(licence(), key);
    assertThatThrownBy(() -> LicenceVerifier.verify(s, Set.of(pki.root().certificate())))
        .isInstanceOf(LicenceVerificationException.class)
        .hasMessage("signature.x5c[0].subject.organizationIdentifier must be 11430000006122244L"
            + " (licence.issuer.code), but was: 11110000000000000X");
  }

  @Test
  void verify_emptyChain_throws() throws Exception {
    KeyHandle bare = Keys.handle(Keys.generate(SignatureAlgorithm.ED25519));
    SignedLicence s = LicenceSigner.sign(licence(), bare);
    assertThatThrownBy(() -> LicenceVerifier.verify(s, Set.of(TestPki.create(SignatureAlgorithm.ED25519,
        CertificateProfile.DOCUMENT_SIGNING).root().certificate())))
        .isInstanceOf(LicenceVerificationException.class)
        .hasMessage("signature.x5c must contain the signer certificate, but was: empty");
  }

  @Test
  void parse_malformedInputs_throwPreciseMessages() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ED25519, CertificateProfile.DOCUMENT_SIGNING);
    String good = LicenceSigner.sign(licence(), pki.leafKey()).toJson();
    String b64leaf = Base64.getEncoder().encodeToString(pki.leaf().getEncoded());
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put(good.replace("\"idType\":\"001\",", ""), "licence.holder.idType must be present, but was: missing");
    cases.put(good.replace("\"idType\":\"001\"", "\"idType\":1"), "licence.holder.idType must be a string, but was: number");
    cases.put(good.replace("\"validFrom\":\"2025-01-01\"", "\"validFrom\":\"2025/01/01\""),
        "licence.validFrom must be an ISO 8601 date (yyyy-MM-dd), but was: \"2025/01/01\"");
    cases.put(good.replace("\"validUntil\":null", "\"validUntil\":\"2024-01-01\""),
        "licence.validUntil must be on or after validFrom 2025-01-01, but was: 2024-01-01");
    cases.put(good.replace("\"issuedAt\":\"2026-01-14T08:00:00Z\"", "\"issuedAt\":\"yesterday\""),
        "licence.issuedAt must be an RFC 3339 UTC instant (e.g. 2024-01-01T08:00:00Z), but was: \"yesterday\"");
    cases.put(good.replace(".001.U\"", ".001.V\""), "licence.id.check must be U (ISO/IEC 7064 MOD 37,36), but was: V");
    cases.put(good.replace("\"code\":\"11430000006122244L\"", "\"code\":\"X\""),
        "licence.issuer.code must be 11430000006122244L (from licence.id), but was: X");
    cases.put(good.replace("\"legalRepresentative\":\"李四\"", "\"legalRepresentative\":[]"),
        "licence.fields.legalRepresentative must be a string, but was: array");
    cases.put(good.replace("\"fields\":{", "\"extra\":1,\"fields\":{"),
        "licence must have only the members [id, type, issuer, holder, fields, validFrom, validUntil, issuedAt, jurisdiction, previousId],"
            + " but was: unknown member \"extra\"");
    cases.put(good.replace("\"ED25519\"", "\"RSA\""),
        "signature.alg must be one of [SM2_SM3, ECDSA_P256_SHA256, ED25519], but was: \"RSA\"");
    cases.put(good.replaceFirst("\"value\":\"", "\"value\":\"*"), null);
    cases.put(good.replace(b64leaf, "AAAA"), "signature.x5c[0] must be a DER X.509 certificate, but was: ");
    cases.put("[1]", "signed licence must be an object, but was: array");
    cases.put(good.replace("{\"licence\":", "{\"licence\":{},\"licence\":"), null);
    for (Map.Entry<String, String> c : cases.entrySet()) {
      var assertion = assertThatThrownBy(() -> SignedLicence.parse(c.getKey())).as(c.getValue())
          .isInstanceOf(LicenceFormatException.class);
      if (c.getValue() != null && c.getValue().endsWith(": ")) {
        assertion.hasMessageStartingWith(c.getValue());
      } else if (c.getValue() != null) {
        assertion.hasMessage(c.getValue());
      }
    }
  }

  @Test
  void licence_idInconsistentWithIssuer_throws() {
    Licence l = licence();
    assertThatThrownBy(() -> new Licence(l.id(), l.typeCode(), l.typeName(), "11110000000000000X", l.issuerName(),
        l.holder(), l.fields(), l.validFrom(), l.validUntil(), l.issuedAt()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("issuerCode must be 11430000006122244L (from id), but was: 11110000000000000X");
    assertThat(l.fields()).isInstanceOf(java.util.SortedMap.class);
    assertThatThrownBy(() -> l.fields().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(Instant.parse("2026-01-14T08:00:00Z")).isEqualTo(l.issuedAt());
  }
}

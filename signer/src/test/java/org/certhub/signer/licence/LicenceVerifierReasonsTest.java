package org.certhub.signer.licence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.Keys;
import org.certhub.signer.licence.LicenceVerificationException.Reason;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.CertificateRequest;
import org.certhub.signer.pki.Revocation;
import org.certhub.signer.pki.RevocationSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** One test per verification reason, plus exhaustive tamper tests and key rotation. */
class LicenceVerifierReasonsTest {
  static final String TYPE = "11100000MB0143028R001";
  static final LocalDate TODAY = LocalDate.parse("2026-01-15");
  static TestPki pki;
  static LicenceTypes types;

  @BeforeAll
  static void setUp() throws Exception {
    pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    LicenceType business = LicenceTypes.demo().find(TYPE).orElseThrow();
    types =
        LicenceTypes.of(List.of(new LicenceType(business.code(), business.name(), business.authority(), Set.of(TestPki.ISSUER_CODE),
            business.holderKind(), business.fields(), business.validity())));
  }

  static Map<String, String> fields() {
    Map<String, String> f = new LinkedHashMap<>(LicenceTypeTest.businessFields());
    return f;
  }

  static Licence licence(Map<String, String> fields, LocalDate from, LocalDate until, Instant issuedAt) {
    return new Licence(LicenceId.of(TYPE, TestPki.ISSUER_CODE, "T1", 1), TYPE, "营业执照", TestPki.ISSUER_CODE, "湖南省市场监督管理局",
        new Holder("91430100MA4L000000", Holder.USCC, "长沙某某科技有限公司"), fields, from, until, issuedAt);
  }

  static Licence good() {
    return licence(fields(), LocalDate.parse("2025-01-01"), null, TestPki.NOW.minus(Duration.ofDays(1)));
  }

  static VerificationContext context(RevocationSource revocations, LicenceStatusSource statuses) {
    return new VerificationContext(Set.of(pki.root().certificate()), types, revocations, statuses, TODAY);
  }

  static VerificationContext online() {
    return context(RevocationSource.NONE, id -> Optional.of(new LicenceStatus.Valid()));
  }

  static LicenceVerificationException failure(SignedLicence s, VerificationContext c) {
    return catchThrowableOfType(LicenceVerificationException.class, () -> LicenceVerifier.verify(s, c));
  }

  @Test
  void valid_verifies_evenReserialisedWithOtherWhitespaceAndOrder() throws Exception {
    SignedLicence s = LicenceSigner.sign(good(), pki.leafKey());
    assertThat(LicenceVerifier.verify(s, online()).licence()).isEqualTo(good());
    ObjectNode n = (ObjectNode) JsonMapper.builder().build().readTree(s.toJson());
    ObjectNode reordered = JsonMapper.builder().build().createObjectNode();
    reordered.set("signature", n.get("signature"));
    reordered.set("licence", n.get("licence"));
    String pretty = JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(reordered);
    assertThat(LicenceVerifier.verify(SignedLicence.parse(pretty), online()).licence()).isEqualTo(good());
  }

  /** Every byte of the transported licence member with its low bit flipped: never valid; if it parses, BAD_SIGNATURE. */
  @Test
  void tamper_everyByteOfTheLicence_isRejected() throws Exception {
    String json = LicenceSigner.sign(good(), pki.leafKey()).toJson();
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    int start = json.indexOf("\"licence\"");
    int end = new String(bytes, StandardCharsets.UTF_8).indexOf("\"signature\"");
    assertThat(start).isGreaterThanOrEqualTo(0);
    int parsed = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (i < start || (end > start && i >= json.substring(0, end).getBytes(StandardCharsets.UTF_8).length)) {
        continue;
      }
      byte[] t = bytes.clone();
      t[i] ^= 0x01;
      SignedLicence s;
      try {
        s = SignedLicence.parse(new String(t, StandardCharsets.UTF_8));
      } catch (LicenceFormatException e) {
        continue;
      }
      parsed++;
      LicenceVerificationException e = failure(s, online());
      assertThat(e).as("byte %d flipped must not verify", i).isNotNull();
      assertThat(e.reason()).as("byte %d", i).isEqualTo(Reason.BAD_SIGNATURE);
    }
    assertThat(parsed).as("some flips parse and so reach the signature check").isGreaterThan(20);
  }

  @Test
  void tamper_everyBitOfTheSignature_isBadSignature() throws Exception {
    SignedLicence s = LicenceSigner.sign(good(), pki.leafKey());
    byte[] sig = s.signature();
    for (int bit = 0; bit < sig.length * 8; bit++) {
      byte[] t = sig.clone();
      t[bit / 8] ^= (byte) (1 << (bit % 8));
      LicenceVerificationException e = failure(new SignedLicence(s.licence(), s.algorithm(), t, s.chain()), online());
      assertThat(e).as("bit %d", bit).isNotNull();
      assertThat(e.reason()).as("bit %d", bit).isEqualTo(Reason.BAD_SIGNATURE);
    }
  }

  @Test
  void algorithmClaimOtherThanTheKeys_isAlgorithmMismatch() throws Exception {
    SignedLicence s = LicenceSigner.sign(good(), pki.leafKey());
    SignedLicence claimed = new SignedLicence(s.licence(), SignatureAlgorithm.ECDSA_P256_SHA256, s.signature(), s.chain());
    assertThat(failure(claimed, online()).reason()).isEqualTo(Reason.ALGORITHM_MISMATCH);
  }

  @Test
  void chainToAnotherRoot_isUnknownIssuer() throws Exception {
    TestPki other = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    SignedLicence s = LicenceSigner.sign(good(), other.leafKey());
    LicenceVerificationException e = failure(s, online());
    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ISSUER);
  }

  @Test
  void signerOfAnotherOrganisation_orTypeNotAllowed_isIssuerNotAllowed() throws Exception {
    KeyPair kp = Keys.generate(SignatureAlgorithm.SM2_SM3);
    X509Certificate other =
        pki.issuing().issue(new CertificateRequest("CN=Other,organizationIdentifier=11330100MB1234567E,O=X,C=CN", kp.getPublic(),
            CertificateProfile.DOCUMENT_SIGNING, TestPki.NOW.minus(Duration.ofDays(30)), TestPki.NOW.plus(Duration.ofDays(30)), List.of(), List.of()));
    SignedLicence s = LicenceSigner.sign(good(), Keys.handle(kp, List.of(other, pki.issuing().certificate())));
    LicenceVerificationException e = failure(s, online());
    assertThat(e.reason()).isEqualTo(Reason.ISSUER_NOT_ALLOWED);
    assertThat(e.getMessage()).contains("11330100MB1234567E").contains(TestPki.ISSUER_CODE);

    LicenceType t = types.all().get(0);
    LicenceTypes notAllowed =
        LicenceTypes.of(List.of(new LicenceType(t.code(), t.name(), t.authority(), Set.of("11330100MB1234567E"), t.holderKind(), t.fields(), t.validity())));
    SignedLicence ok = LicenceSigner.sign(good(), pki.leafKey());
    LicenceVerificationException e2 =
        failure(ok, new VerificationContext(Set.of(pki.root().certificate()), notAllowed, RevocationSource.NONE, LicenceStatusSource.UNKNOWN, TODAY));
    assertThat(e2.reason()).isEqualTo(Reason.ISSUER_NOT_ALLOWED);
    assertThat(e2.getMessage()).contains("must be an issuer of 营业执照");
  }

  @Test
  void revokedBeforeSigning_orForKeyCompromise_isCertificateRevoked_butLaterSupersessionIsNot() throws Exception {
    SignedLicence s = LicenceSigner.sign(good(), pki.leafKey());
    Instant signedAt = s.licence().issuedAt();
    RevocationSource before = c -> c.equals(pki.leaf()) ? Optional.of(new Revocation(signedAt.minusSeconds(60), 4)) : Optional.empty();
    LicenceVerificationException e = failure(s, context(before, LicenceStatusSource.UNKNOWN));
    assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_REVOKED);
    assertThat(e.getMessage()).contains(pki.leaf().getSerialNumber().toString(16));

    RevocationSource laterSuperseded = c -> c.equals(pki.leaf()) ? Optional.of(new Revocation(signedAt.plusSeconds(60), 4)) : Optional.empty();
    assertThat(LicenceVerifier.verify(s, context(laterSuperseded, LicenceStatusSource.UNKNOWN))).isNotNull();

    RevocationSource laterCompromised = c -> c.equals(pki.leaf()) ? Optional.of(new Revocation(signedAt.plusSeconds(60), 1)) : Optional.empty();
    LicenceVerificationException e2 = failure(s, context(laterCompromised, LicenceStatusSource.UNKNOWN));
    assertThat(e2.reason()).isEqualTo(Reason.CERTIFICATE_REVOKED);
    assertThat(e2.getMessage()).contains("key compromise");

    RevocationSource issuingCaRevoked =
        c -> c.equals(pki.issuing().certificate()) ? Optional.of(new Revocation(signedAt.minusSeconds(1), 5)) : Optional.empty();
    assertThat(failure(s, context(issuingCaRevoked, LicenceStatusSource.UNKNOWN)).getMessage()).contains("signature.x5c[1]");
  }

  /** Key rotation: the old certificate has since expired, but was valid when the licence was signed. */
  @Test
  void rotation_oldLicenceVerifiesAfterItsCertificateExpired_butNotOneDatedAfterExpiry() throws Exception {
    KeyPair oldKey = Keys.generate(SignatureAlgorithm.SM2_SM3);
    Instant oldFrom = TestPki.NOW.minus(Duration.ofDays(20));
    Instant oldUntil = TestPki.NOW.minus(Duration.ofDays(10));
    X509Certificate oldCert =
        pki.issuing().issue(new CertificateRequest("CN=Old key,organizationIdentifier=" + TestPki.ISSUER_CODE + ",O=X,C=CN", oldKey.getPublic(),
            CertificateProfile.DOCUMENT_SIGNING, oldFrom, oldUntil, List.of(), List.of()));
    var oldHandle = Keys.handle(oldKey, List.of(oldCert, pki.issuing().certificate()));
    SignedLicence before = LicenceSigner.sign(licence(fields(), LocalDate.parse("2025-01-01"), null, oldFrom.plus(Duration.ofDays(1))), oldHandle);
    assertThat(LicenceVerifier.verify(before, online())).isNotNull();

    SignedLicence after = LicenceSigner.sign(licence(fields(), LocalDate.parse("2025-01-01"), null, oldUntil.plus(Duration.ofDays(1))), oldHandle);
    LicenceVerificationException e = failure(after, online());
    assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_EXPIRED);
    assertThat(e.getMessage()).contains("must be valid at licence.issuedAt");

    // The new key signs new licences; both verify side by side.
    SignedLicence fresh = LicenceSigner.sign(good(), pki.leafKey());
    assertThat(LicenceVerifier.verify(fresh, online())).isNotNull();
  }

  @Test
  void revokedOrSupersededLicence_saySo() throws Exception {
    SignedLicence s = LicenceSigner.sign(good(), pki.leafKey());
    LicenceVerificationException revoked =
        failure(s, context(RevocationSource.NONE, id -> Optional.of(new LicenceStatus.Revoked(Instant.parse("2026-01-10T00:00:00Z"), "吊销"))));
    assertThat(revoked.reason()).isEqualTo(Reason.LICENCE_REVOKED);
    assertThat(revoked.getMessage()).contains("吊销").contains("2026-01-10");
    LicenceId next = LicenceId.of(TYPE, TestPki.ISSUER_CODE, "T1", 2);
    LicenceVerificationException superseded =
        failure(s, context(RevocationSource.NONE, id -> Optional.of(new LicenceStatus.Superseded(next, Instant.parse("2026-01-11T00:00:00Z")))));
    assertThat(superseded.reason()).isEqualTo(Reason.SUPERSEDED);
    assertThat(superseded.getMessage()).contains(next.toString());
    // Still a genuine document: the offline check (no status source) accepts it.
    assertThat(LicenceVerifier.verify(s, Set.of(pki.root().certificate()))).isNotNull();
  }

  @Test
  void dates_expiredAndNotYetValid() throws Exception {
    SignedLicence expired = LicenceSigner.sign(licence(fields(), LocalDate.parse("2024-01-01"), LocalDate.parse("2026-01-14"), TestPki.NOW.minusSeconds(5)), pki.leafKey());
    assertThat(failure(expired, online()).reason()).isEqualTo(Reason.EXPIRED);
    SignedLicence future = LicenceSigner.sign(licence(fields(), LocalDate.parse("2026-02-01"), null, TestPki.NOW.minusSeconds(5)), pki.leafKey());
    LicenceVerificationException e = failure(future, online());
    assertThat(e.reason()).isEqualTo(Reason.NOT_YET_VALID);
    assertThat(e.getMessage()).contains("2026-02-01");
  }

  @Test
  void unknownTypeAndSchemaViolation_listEveryBadField() throws Exception {
    SignedLicence s = LicenceSigner.sign(good(), pki.leafKey());
    LicenceVerificationException unknown =
        failure(s, new VerificationContext(Set.of(pki.root().certificate()), LicenceTypes.of(List.of()), RevocationSource.NONE, LicenceStatusSource.UNKNOWN, TODAY));
    assertThat(unknown.reason()).isEqualTo(Reason.UNKNOWN_TYPE);

    Map<String, String> bad = fields();
    bad.remove("address");
    bad.put("registeredCapital", "lots");
    SignedLicence broken = LicenceSigner.sign(licence(bad, LocalDate.parse("2025-01-01"), null, TestPki.NOW.minusSeconds(5)), pki.leafKey());
    LicenceVerificationException e = failure(broken, online());
    assertThat(e.reason()).isEqualTo(Reason.SCHEMA_VIOLATION);
    List<String> paths = new ArrayList<>();
    e.violations().forEach(v -> paths.add(v.path()));
    assertThat(paths).containsExactlyInAnyOrder("licence.fields.address", "licence.fields.registeredCapital");
  }

  @Test
  void emptyChain_isMalformed() {
    SignedLicence s = new SignedLicence(good(), SignatureAlgorithm.SM2_SM3, new byte[64], List.of());
    assertThatThrownBy(() -> LicenceVerifier.verify(s, online()))
        .isInstanceOfSatisfying(LicenceVerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }
}

package org.certhub.signer.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Date;
import java.util.HashSet;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.pki.CertificateVerificationException.Reason;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Keys;
import org.certhub.signer.key.Pkcs12KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateAuthorityTest {

  private static final Instant NB = TestPki.NOW.minus(Duration.ofDays(1));
  private static final Instant NA = TestPki.NOW.plus(Duration.ofDays(365));

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void createRoot_anyAlgorithm_selfSignedV3CaWithCaKeysAlgorithm(SignatureAlgorithm alg) throws Exception {
    CertificateAuthority root = CertificateAuthority.createRoot("CN=Root,O=CertHub,C=CN", Keys.generate(alg), NB, NA);
    X509Certificate c = root.certificate();
    assertThat(c.getVersion()).isEqualTo(3);
    assertThat(c.getSigAlgOID()).isEqualTo(alg.oid());
    assertThat(c.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
    assertThat(c.getKeyUsage()).startsWith(false, false, false, false, false, true, true);
    assertThat(c.getSerialNumber().signum()).isEqualTo(1);
    assertThat(c.getSerialNumber().bitLength()).isBetween(64, 127);
    assertThat(c.getSubjectX500Principal()).isEqualTo(c.getIssuerX500Principal());
    assertThat(ski(c)).isEqualTo(aki(c));
    assertThat(root.chain()).containsExactly(c);
    assertThat(root.key().algorithm()).isEqualTo(alg);
    ChainValidator.validate(List.of(c), Set.of(c), TestPki.NOW, CertificateProfile.ROOT_CA);
  }

  @Test
  void issue_sm2CaWithEd25519AndP256Subjects_signsWithSm3WithSm2() throws Exception {
    CertificateAuthority root = CertificateAuthority.createRoot(
        "CN=SM2 Root,C=CN", Keys.generate(SignatureAlgorithm.SM2_SM3), NB, NA);
    for (SignatureAlgorithm subject : List.of(SignatureAlgorithm.ED25519, SignatureAlgorithm.ECDSA_P256_SHA256)) {
      X509Certificate leaf = root.issue(CertificateRequest.of("CN=Leaf", Keys.generate(subject).getPublic(),
          CertificateProfile.LOG_SIGNING, NB, NA));
      assertThat(leaf.getSigAlgName()).isEqualToIgnoringCase("SM3WITHSM2");
      assertThat(SignatureAlgorithm.forKey(leaf.getPublicKey())).isEqualTo(subject);
      assertThat(aki(leaf)).isEqualTo(ski(root.certificate()));
      ChainValidator.validate(List.of(leaf), Set.of(root.certificate()), TestPki.NOW, CertificateProfile.LOG_SIGNING);
    }
  }

  @Test
  void issue_tlsServerWithSanAndCrl_hasProfileExtensions() throws Exception {
    CertificateAuthority ca = CertificateAuthority.createRoot(
        "CN=Root", Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256), NB, NA)
        .withCrlDistributionPoint("http://hub.example.cn/crl/root.crl");
    X509Certificate c = ca.issue(new CertificateRequest("CN=hub.example.cn,O=CertHub,C=CN",
        Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256).getPublic(), CertificateProfile.TLS_SERVER,
        NB, NA, List.of("hub.example.cn", "localhost"), List.of("127.0.0.1", "::1")));
    assertThat(c.getBasicConstraints()).isEqualTo(-1);
    assertThat(c.getKeyUsage()).startsWith(true, false, false, false, false, false, false);
    assertThat(c.getCriticalExtensionOIDs()).contains("2.5.29.15", "2.5.29.19");
    assertThat(c.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    Collection<List<?>> san = c.getSubjectAlternativeNames();
    assertThat(san).extracting(l -> l.get(1).toString())
        .containsExactly("hub.example.cn", "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(new String(c.getExtensionValue("2.5.29.31"), java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains("http://hub.example.cn/crl/root.crl");
    assertThat(c.getSigAlgName()).isEqualToIgnoringCase("SHA256WITHECDSA");
  }

  @Test
  void issue_eachProfile_setsProfileBits() throws Exception {
    CertificateAuthority ca = CertificateAuthority.createRoot(
        "CN=Root", Keys.generate(SignatureAlgorithm.ED25519), NB, NA);
    for (CertificateProfile p : CertificateProfile.values()) {
      X509Certificate c = ca.issue(CertificateRequest.of("CN=" + p,
          Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256).getPublic(), p, NB, NA));
      boolean[] ku = c.getKeyUsage();
      for (CertificateProfile.KeyUsageBit bit : CertificateProfile.KeyUsageBit.values()) {
        assertThat(ku[bit.bit()]).as(p + " " + bit).isEqualTo(p.keyUsage().contains(bit));
      }
      assertThat(ku[2]).as(p + " keyEncipherment").isFalse();
      assertThat(c.getBasicConstraints()).isEqualTo(p.ca() ? p.pathLength().orElse(Integer.MAX_VALUE) : -1);
      ChainValidator.validate(List.of(c), Set.of(ca.certificate()), TestPki.NOW, p);
    }
  }

  @Test
  void of_caReloadedFromPkcs12_issuesVerifiableCertificates() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    KeyPair issuingPair = Keys.generate(SignatureAlgorithm.SM2_SM3);
    CertificateAuthority issuing = pki.root().createSubordinate("CN=Reloadable Issuing,C=CN", issuingPair, NB, NA);
    Pkcs12KeyStore store = Pkcs12KeyStore.openOrCreate(dir.resolve("ca.p12"), "pw".toCharArray());
    store.put("issuing", issuingPair.getPrivate(), issuing.chain());

    KeyHandle reloaded = Pkcs12KeyStore.openOrCreate(dir.resolve("ca.p12"), "pw".toCharArray()).key("issuing");
    CertificateAuthority again = CertificateAuthority.of(reloaded);
    X509Certificate leaf = again.issue(CertificateRequest.of("CN=Dept,organizationIdentifier=" + TestPki.ISSUER_CODE,
        Keys.generate(SignatureAlgorithm.SM2_SM3).getPublic(), CertificateProfile.DOCUMENT_SIGNING, NB, NA));
    ChainValidator.validate(List.of(leaf, again.certificate()), Set.of(pki.root().certificate()),
        TestPki.NOW, CertificateProfile.DOCUMENT_SIGNING);
  }

  @Test
  void of_endEntityKey_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.DOCUMENT_SIGNING);
    assertThatThrownBy(() -> CertificateAuthority.of(pki.leafKey()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("caKey.chain()[0] must be a CA certificate (basicConstraints cA TRUE), but was: ");
  }

  @Test
  void request_notAfterBeforeNotBefore_throws() {
    assertThatThrownBy(() -> CertificateRequest.of("CN=x", Keys.generate(SignatureAlgorithm.ED25519).getPublic(),
        CertificateProfile.LOG_SIGNING, NA, NB))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("notAfter must be after notBefore " + NA + ", but was: " + NB);
  }

  @Test
  void request_badIp_throws() {
    assertThatThrownBy(() -> new CertificateRequest("CN=x", Keys.generate(SignatureAlgorithm.ED25519).getPublic(),
        CertificateProfile.TLS_SERVER, NB, NA, List.of(), List.of("300.1.1.1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ipAddresses[0] must be an IPv4 or IPv6 address, but was: \"300.1.1.1\"");
  }

  /**
   * Each profile against RFC 5280: BasicConstraints critical with the profile's cA and pathLen;
   * KeyUsage critical with exactly the profile's bits; ExtendedKeyUsage exactly the profile's
   * purposes, critical only for TIME_STAMPING (RFC 3161 §2.3), absent when the profile has none;
   * SubjectKeyIdentifier by §4.2.1.2 method 1 (SHA-1 of the subjectPublicKey bits); AuthorityKeyIdentifier
   * equal to the issuer's SKI; the CRL distribution point URI; a positive serial of 64 to 127 bits.
   */
  @ParameterizedTest
  @EnumSource(CertificateProfile.class)
  void issue_eachProfile_meetsRfc5280Profile(CertificateProfile p) throws Exception {
    String url = "http://hub.example.cn/crl/issuing.crl";
    CertificateAuthority ca = CertificateAuthority.createRoot("CN=Root,C=CN",
        Keys.generate(SignatureAlgorithm.SM2_SM3), NB, NA).withCrlDistributionPoint(url);
    KeyPair subject = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    X509Certificate c = ca.issue(CertificateRequest.of("CN=" + p + ",C=CN", subject.getPublic(), p, NB, NA));
    JcaX509CertificateHolder h = new JcaX509CertificateHolder(c);

    Extension bcExt = h.getExtension(Extension.basicConstraints);
    assertThat(bcExt.isCritical()).isTrue();
    BasicConstraints bc = BasicConstraints.getInstance(bcExt.getParsedValue());
    assertThat(bc.isCA()).isEqualTo(p.ca());
    assertThat(bc.getPathLenConstraint() == null ? -1 : bc.getPathLenConstraint().intValue())
        .isEqualTo(p.pathLength().orElse(-1));

    Extension kuExt = h.getExtension(Extension.keyUsage);
    assertThat(kuExt.isCritical()).isTrue();
    KeyUsage ku = KeyUsage.getInstance(kuExt.getParsedValue());
    int[] all = {KeyUsage.digitalSignature, KeyUsage.nonRepudiation, KeyUsage.keyEncipherment,
        KeyUsage.dataEncipherment, KeyUsage.keyAgreement, KeyUsage.keyCertSign, KeyUsage.cRLSign,
        KeyUsage.encipherOnly, KeyUsage.decipherOnly};
    for (int usage : all) {
      boolean expected = p.keyUsage().stream().anyMatch(bit -> bcBit(bit) == usage);
      assertThat(ku.hasUsages(usage)).as(p + " keyUsage bit 0x%x", usage).isEqualTo(expected);
    }

    Extension ekuExt = h.getExtension(Extension.extendedKeyUsage);
    if (p.extendedKeyUsage().isEmpty()) {
      assertThat(ekuExt).isNull();
    } else {
      assertThat(ekuExt.isCritical()).isEqualTo(p == CertificateProfile.TIME_STAMPING);
      assertThat(c.getExtendedKeyUsage()).containsExactlyElementsOf(p.extendedKeyUsage());
    }

    byte[] spkBits = SubjectPublicKeyInfo.getInstance(subject.getPublic().getEncoded()).getPublicKeyData().getBytes();
    assertThat(ski(c)).isEqualTo(MessageDigest.getInstance("SHA-1").digest(spkBits));
    assertThat(aki(c)).isEqualTo(ski(ca.certificate()));

    CRLDistPoint dp = CRLDistPoint.getInstance(h.getExtension(Extension.cRLDistributionPoints).getParsedValue());
    GeneralName uri = GeneralNames.getInstance(dp.getDistributionPoints()[0].getDistributionPoint().getName())
        .getNames()[0];
    assertThat(uri.getTagNo()).isEqualTo(GeneralName.uniformResourceIdentifier);
    assertThat(uri.getName().toString()).isEqualTo(url);

    assertThat(c.getSerialNumber().signum()).isEqualTo(1);
    assertThat(c.getSerialNumber().bitLength()).isBetween(64, 127);
    ChainValidator.validate(List.of(c), Set.of(ca.certificate()), TestPki.NOW, p);
  }

  private static int bcBit(CertificateProfile.KeyUsageBit bit) {
    return switch (bit) {
      case DIGITAL_SIGNATURE -> KeyUsage.digitalSignature;
      case NON_REPUDIATION -> KeyUsage.nonRepudiation;
      case KEY_CERT_SIGN -> KeyUsage.keyCertSign;
      case CRL_SIGN -> KeyUsage.cRLSign;
    };
  }

  /** Serials carry at least 64 random bits (CA/B BR §7.1): a hundred are distinct and not sequential. */
  @Test
  void issue_hundredCertificates_serialsDistinctRandomAndAtLeast64Bits() throws Exception {
    CertificateAuthority ca = CertificateAuthority.createRoot("CN=Root", Keys.generate(SignatureAlgorithm.ED25519), NB, NA);
    java.security.PublicKey key = Keys.generate(SignatureAlgorithm.ED25519).getPublic();
    Set<BigInteger> serials = new HashSet<>();
    int highBitSet = 0;
    for (int i = 0; i < 100; i++) {
      BigInteger s = ca.issue(CertificateRequest.of("CN=S" + i, key, CertificateProfile.LOG_SIGNING, NB, NA))
          .getSerialNumber();
      assertThat(s.bitLength()).isBetween(64, 127);
      serials.add(s);
      if (s.testBit(126)) {
        highBitSet++;
      }
    }
    assertThat(serials).hasSize(100);
    // bit 126 is a fair coin for a uniform 127-bit value: 100 flips land between 25 and 75 heads
    // except with probability below 1e-6
    assertThat(highBitSet).isBetween(25, 75);
  }

  @Test
  void validate_timeStampingWithNonCriticalOrExtraEku_rejected() throws Exception {
    CertificateAuthority ca = CertificateAuthority.createRoot("CN=TSA Root", Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256), NB, NA);
    X509Certificate nonCritical = handMadeTsa(ca, false, KeyPurposeId.id_kp_timeStamping);
    assertThatThrownBy(() -> ChainValidator.validate(List.of(nonCritical), Set.of(ca.certificate()), TestPki.NOW,
        CertificateProfile.TIME_STAMPING))
        .isInstanceOfSatisfying(CertificateVerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PROFILE))
        .hasMessage("certificate chain[0].extendedKeyUsage must be critical for profile TIME_STAMPING, but was: non-critical");
    X509Certificate extra = handMadeTsa(ca, true, KeyPurposeId.id_kp_timeStamping, KeyPurposeId.id_kp_serverAuth);
    assertThatThrownBy(() -> ChainValidator.validate(List.of(extra), Set.of(ca.certificate()), TestPki.NOW,
        CertificateProfile.TIME_STAMPING))
        .isInstanceOfSatisfying(CertificateVerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PROFILE))
        .hasMessage("certificate chain[0].extendedKeyUsage must be exactly [1.3.6.1.5.5.7.3.8] for profile"
            + " TIME_STAMPING, but was: [1.3.6.1.5.5.7.3.8, 1.3.6.1.5.5.7.3.1]");
    ChainValidator.validate(List.of(handMadeTsa(ca, true, KeyPurposeId.id_kp_timeStamping)), Set.of(ca.certificate()),
        TestPki.NOW, CertificateProfile.TIME_STAMPING);
  }

  private static X509Certificate handMadeTsa(CertificateAuthority ca, boolean critical, KeyPurposeId... purposes)
      throws Exception {
    X509v3CertificateBuilder b = new X509v3CertificateBuilder(
        new JcaX509CertificateHolder(ca.certificate()).getSubject(), BigInteger.valueOf(System.nanoTime()),
        Date.from(NB), Date.from(NA), new org.bouncycastle.asn1.x500.X500Name("CN=Hand-made TSA"),
        SubjectPublicKeyInfo.getInstance(Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256).getPublic().getEncoded()));
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
    b.addExtension(Extension.extendedKeyUsage, critical, new ExtendedKeyUsage(purposes));
    return new JcaX509CertificateConverter().setProvider(Providers.bc())
        .getCertificate(b.build(new KeyHandleContentSigner(ca.key())));
  }

  static byte[] ski(X509Certificate c) throws Exception {
    return SubjectKeyIdentifier.getInstance(new JcaX509CertificateHolder(c)
        .getExtension(Extension.subjectKeyIdentifier).getParsedValue()).getKeyIdentifier();
  }

  static byte[] aki(X509Certificate c) throws Exception {
    return AuthorityKeyIdentifier.getInstance(new JcaX509CertificateHolder(c)
        .getExtension(Extension.authorityKeyIdentifier).getParsedValue()).getKeyIdentifierOctets();
  }
}

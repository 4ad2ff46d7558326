package org.certhub.signer.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.InsecureKeyExport;
import org.certhub.signer.key.Keys;
import org.certhub.signer.key.Verifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemTest {

  @Test
  void certificates_chain_roundTrips() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    String pem = Pem.certificates(pki.leafKey().chain());
    assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(Pem.parseCertificates(pem)).isEqualTo(pki.leafKey().chain());
    assertThat(Pem.parseCertificate(Pem.certificate(pki.leaf()))).isEqualTo(pki.leaf());
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void privateKeyPkcs8_thenParse_signsVerifiably(SignatureAlgorithm alg) throws Exception {
    KeyPair pair = Keys.generate(alg);
    String pem = Pem.privateKeyPkcs8(pair.getPrivate(), InsecureKeyExport.DEMO_ONLY);
    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
    PrivateKey parsed = Pem.parsePrivateKey(pem);
    byte[] data = "x".getBytes(StandardCharsets.UTF_8);
    var handle = Keys.handle(new KeyPair(pair.getPublic(), parsed));
    Verifier.forPublicKey(pair.getPublic()).verify(handle.sign(data), data);
  }

  @Test
  void privateKeyPkcs8_nullCapability_throws() {
    KeyPair pair = Keys.generate(SignatureAlgorithm.ED25519);
    assertThatThrownBy(() -> Pem.privateKeyPkcs8(pair.getPrivate(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("InsecureKeyExport.DEMO_ONLY is required to export a private key");
  }

  @Test
  void parseCertificate_twoBlocks_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ED25519, CertificateProfile.LOG_SIGNING);
    assertThatThrownBy(() -> Pem.parseCertificate(Pem.certificates(pki.chainWithoutRoot())))
        .isInstanceOf(PemFormatException.class)
        .hasMessage("pem must contain exactly 1 CERTIFICATE block, but was: 2");
  }

  @Test
  void parseCertificates_noBlock_throws() {
    assertThatThrownBy(() -> Pem.parseCertificates("hello"))
        .isInstanceOf(PemFormatException.class)
        .hasMessage("pem must contain a CERTIFICATE block, but was: no PEM block");
  }

  @Test
  void parseCertificates_privateKeyBlock_throws() {
    String pem = Pem.privateKeyPkcs8(Keys.generate(SignatureAlgorithm.ED25519).getPrivate(), InsecureKeyExport.DEMO_ONLY);
    assertThatThrownBy(() -> Pem.parseCertificates(pem))
        .isInstanceOf(PemFormatException.class)
        .hasMessage("pem block[0] must be CERTIFICATE, but was: PRIVATE KEY");
  }

  @Test
  void parseCertificates_garbageDer_throws() {
    String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getEncoder().encodeToString(new byte[] {0x30, 0x03, 1, 2, 3})
        + "\n-----END CERTIFICATE-----\n";
    assertThatThrownBy(() -> Pem.parseCertificates(pem))
        .isInstanceOf(PemFormatException.class)
        .hasMessageStartingWith("pem block[0] must be a DER X.509 certificate, but was: ");
  }

  @Test
  void parsePrivateKey_rsaKey_throwsNamingAlgorithm() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    String pem = Pem.privateKeyPkcs8(g.generateKeyPair().getPrivate(), InsecureKeyExport.DEMO_ONLY);
    assertThatThrownBy(() -> Pem.parsePrivateKey(pem))
        .isInstanceOf(PemFormatException.class)
        .hasMessage("pem block[0].privateKeyAlgorithm must be one of [EC sm2p256v1, EC P-256, Ed25519],"
            + " but was: 1.2.840.113549.1.1.1 NULL");
  }

  @Test
  void crls_two_roundTripAsX509CrlBlocks() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    java.security.cert.X509CRL a = pki.issuing().issueCrl(List.of(), java.math.BigInteger.ONE,
        TestPki.NOW, TestPki.NOW.plusSeconds(3600));
    java.security.cert.X509CRL b = pki.root().issueCrl(List.of(new RevokedCertificate(
        pki.issuing().certificate().getSerialNumber(), new Revocation(TestPki.NOW, 5))),
        java.math.BigInteger.TWO, TestPki.NOW, TestPki.NOW.plusSeconds(3600));
    String pem = Pem.crls(List.of(a, b));
    assertThat(pem).startsWith("-----BEGIN X509 CRL-----\n").contains("-----END X509 CRL-----\n");
    List<java.security.cert.X509CRL> back = Pem.parseCrls(pem);
    assertThat(back).hasSize(2);
    assertThat(back.get(0).getEncoded()).isEqualTo(a.getEncoded());
    assertThat(back.get(1).getEncoded()).isEqualTo(b.getEncoded());
    assertThat(Pem.parseCrl(Pem.crl(b)).getEncoded()).isEqualTo(b.getEncoded());
    assertThatThrownBy(() -> Pem.parseCrl(pem))
        .isInstanceOf(PemFormatException.class)
        .hasMessage("pem must contain exactly 1 X509 CRL block, but was: 2");
  }

  @Test
  void parseCrls_certificateBlock_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ED25519, CertificateProfile.LOG_SIGNING);
    assertThatThrownBy(() -> Pem.parseCrls(Pem.certificate(pki.leaf())))
        .isInstanceOf(PemFormatException.class)
        .hasMessage("pem block[0] must be X509 CRL, but was: CERTIFICATE");
    assertThatThrownBy(() -> Pem.parseCrls("no pem here"))
        .isInstanceOf(PemFormatException.class)
        .hasMessage("pem must contain an X509 CRL block, but was: no PEM block");
  }

  @Test
  void parseCrls_garbageDer_throws() {
    String pem = "-----BEGIN X509 CRL-----\n" + Base64.getEncoder().encodeToString(new byte[] {0x30, 0x03, 1, 2, 3})
        + "\n-----END X509 CRL-----\n";
    assertThatThrownBy(() -> Pem.parseCrls(pem))
        .isInstanceOf(PemFormatException.class)
        .hasMessageStartingWith("pem block[0] must be a DER X.509 CRL, but was: ");
  }

  @Test
  void parsePrivateKey_certificateBlock_throws() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ED25519, CertificateProfile.LOG_SIGNING);
    assertThatThrownBy(() -> Pem.parsePrivateKey(Pem.certificate(pki.leaf())))
        .isInstanceOf(PemFormatException.class)
        .hasMessage("pem block[0] must be PRIVATE KEY, but was: CERTIFICATE");
    assertThat(List.of()).isEmpty();
  }
}

package org.certhub.signer.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.certhub.signer.OpenSsl;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * X.509 interoperability with OpenSSL 3 in both directions: {@code openssl verify} accepts our P-256,
 * Ed25519 and (link by link, with {@code -vfyopt distid:1234567812345678}) SM2 hierarchies, and our
 * {@link ChainValidator} accepts P-256 and SM2 hierarchies made entirely with the {@code openssl}
 * CLI ({@code req -x509}, {@code x509 -req}) carrying the extensions DOCUMENT_SIGNING requires.
 */
class OpenSslChainInteropTest {

  @TempDir Path dir;

  @BeforeAll
  static void openssl() {
    assertThat(OpenSsl.available()).as("OpenSSL 3 must be installed at " + OpenSsl.BINARY).isTrue();
  }

  private void writeHierarchy(TestPki pki) throws Exception {
    Files.writeString(dir.resolve("root.pem"), Pem.certificate(pki.root().certificate()));
    Files.writeString(dir.resolve("issuing.pem"), Pem.certificate(pki.issuing().certificate()));
    Files.writeString(dir.resolve("leaf.pem"), Pem.certificate(pki.leaf()));
  }

  private static String attime() {
    return Long.toString(TestPki.NOW.getEpochSecond());
  }

  @Test
  void opensslVerify_ourP256Hierarchy_ok() throws Exception {
    writeHierarchy(TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.TLS_SERVER));
    String out = OpenSsl.ok(dir, "verify", "-attime", attime(), "-purpose", "sslserver",
        "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem");
    assertThat(out.trim()).isEqualTo("leaf.pem: OK");
  }

  /**
   * OpenSSL 3.0.19 applies {@code -vfyopt distid:…} only to the certificate named on the command
   * line, and uses no (empty) distinguishing ID for certificates it verifies without one, so a
   * one-shot {@code -untrusted issuing.pem leaf.pem} check of an SM2 chain fails at depth 1 with
   * "certificate signature failure" even for correct default-ID signatures. Each link is therefore
   * verified as the target of its own command: issuing by root, leaf by issuing ({@code
   * -partial_chain}). ({@code -check_ss_sig} on the root fails the same way, because the copy from
   * {@code -CAfile} carries no ID, so the root's self-signature is not checked with OpenSSL.)
   */
  @Test
  void opensslVerify_ourSm2HierarchyLinkByLinkWithDistid_ok() throws Exception {
    writeHierarchy(TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.TLS_SERVER));
    String distid = "distid:1234567812345678";
    assertThat(OpenSsl.ok(dir, "verify", "-attime", attime(), "-vfyopt", distid,
        "-CAfile", "root.pem", "issuing.pem").trim()).isEqualTo("issuing.pem: OK");
    assertThat(OpenSsl.ok(dir, "verify", "-attime", attime(), "-purpose", "sslserver", "-partial_chain",
        "-vfyopt", distid, "-CAfile", "issuing.pem", "leaf.pem").trim()).isEqualTo("leaf.pem: OK");
  }

  @Test
  void opensslVerify_ourSm2LeafAgainstOtherIssuer_fails() throws Exception {
    writeHierarchy(TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.TLS_SERVER));
    Files.writeString(dir.resolve("issuing.pem"), Pem.certificate(
        TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.TLS_SERVER).issuing().certificate()));
    OpenSsl.Result r = OpenSsl.run(dir, "verify", "-attime", attime(), "-partial_chain",
        "-vfyopt", "distid:1234567812345678", "-CAfile", "issuing.pem", "leaf.pem");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("error 20 at 0 depth lookup: unable to get local issuer certificate");
  }

  @Test
  void opensslVerify_ourEd25519Hierarchy_ok() throws Exception {
    writeHierarchy(TestPki.create(SignatureAlgorithm.ED25519, CertificateProfile.TLS_CLIENT));
    String out = OpenSsl.ok(dir, "verify", "-attime", attime(), "-purpose", "sslclient",
        "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem");
    assertThat(out.trim()).isEqualTo("leaf.pem: OK");
  }

  @Test
  void opensslVerify_ourP256HierarchyWithWrongRoot_fails() throws Exception {
    SignatureAlgorithm alg = SignatureAlgorithm.ECDSA_P256_SHA256;
    TestPki pki = TestPki.create(alg, CertificateProfile.TLS_SERVER);
    writeHierarchy(pki);
    Files.writeString(dir.resolve("root.pem"),
        Pem.certificate(TestPki.create(alg, CertificateProfile.TLS_SERVER).root().certificate()));
    OpenSsl.Result r = OpenSsl.run(dir, "verify", "-attime", attime(), "-CAfile", "root.pem",
        "-untrusted", "issuing.pem", "leaf.pem");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("error 20 at 1 depth lookup: unable to get local issuer certificate");
  }

  /**
   * An SM2 root, issuing CA and leaf made with OpenSSL only. Every signature is made with {@code
   * -sigopt distid:1234567812345678} (the GB/T 35276 default ID, which OpenSSL 3.0 does not apply by
   * itself) and every CSR is checked with the matching {@code -vfyopt}; our validator then accepts
   * the chain, and refuses it once the leaf's signature is broken.
   */
  @Test
  void validate_opensslMadeSm2Hierarchy_accepted() throws Exception {
    String distid = "distid:1234567812345678";
    String days = "30";
    OpenSsl.ok(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "root.key");
    OpenSsl.ok(dir, "req", "-x509", "-new", "-key", "root.key", "-sm3", "-sigopt", distid, "-days", days,
        "-subj", "/C=CN/O=OpenSSL SM2/CN=OpenSSL SM2 Root", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", "root.pem");
    OpenSsl.ok(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "issuing.key");
    OpenSsl.ok(dir, "req", "-new", "-key", "issuing.key", "-sm3", "-sigopt", distid,
        "-subj", "/C=CN/O=OpenSSL SM2/CN=OpenSSL SM2 Issuing", "-out", "issuing.csr");
    Files.writeString(dir.resolve("ca.ext"), "basicConstraints=critical,CA:TRUE,pathlen:0\n"
        + "keyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
    OpenSsl.ok(dir, "x509", "-req", "-in", "issuing.csr", "-CA", "root.pem", "-CAkey", "root.key",
        "-CAcreateserial", "-days", days, "-sm3", "-sigopt", distid, "-vfyopt", distid, "-extfile", "ca.ext",
        "-out", "issuing.pem");
    OpenSsl.ok(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "leaf.key");
    OpenSsl.ok(dir, "req", "-new", "-key", "leaf.key", "-sm3", "-sigopt", distid, "-subj",
        "/C=CN/O=Hunan/organizationIdentifier=11430000006122244L/CN=OpenSSL SM2 Dept", "-out", "leaf.csr");
    Files.writeString(dir.resolve("leaf.ext"), "basicConstraints=critical,CA:FALSE\n"
        + "keyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\n"
        + "authorityKeyIdentifier=keyid\n");
    OpenSsl.ok(dir, "x509", "-req", "-in", "leaf.csr", "-CA", "issuing.pem", "-CAkey", "issuing.key",
        "-CAcreateserial", "-days", days, "-sm3", "-sigopt", distid, "-vfyopt", distid, "-extfile", "leaf.ext",
        "-out", "leaf.pem");

    X509Certificate root = Pem.parseCertificate(Files.readString(dir.resolve("root.pem")));
    X509Certificate issuing = Pem.parseCertificate(Files.readString(dir.resolve("issuing.pem")));
    X509Certificate leaf = Pem.parseCertificate(Files.readString(dir.resolve("leaf.pem")));
    assertThat(leaf.getSigAlgOID()).isEqualTo(SignatureAlgorithm.SM2_SM3.oid());
    ChainValidator.validate(List.of(leaf, issuing), Set.of(root), Instant.now(), CertificateProfile.DOCUMENT_SIGNING);
    ChainValidator.validate(List.of(issuing, root), Set.of(root), Instant.now(), CertificateProfile.ISSUING_CA);

    byte[] der = leaf.getEncoded();
    der[der.length - 1] ^= 1;
    X509Certificate tampered = Pem.decodeCertificate(der, "tampered");
    assertThatThrownBy(() -> ChainValidator.validate(List.of(tampered, issuing), Set.of(root), Instant.now(),
        CertificateProfile.DOCUMENT_SIGNING))
        .isInstanceOf(CertificateVerificationException.class)
        .hasMessage("certificate chain[0].signature must verify with the key of certificate chain[1], but was: invalid");
  }

  @Test
  void validate_opensslMadeP256Hierarchy_accepted() throws Exception {
    String days = "30";
    OpenSsl.ok(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "root.key");
    OpenSsl.ok(dir, "req", "-x509", "-new", "-key", "root.key", "-sha256", "-days", days,
        "-subj", "/C=CN/O=OpenSSL Test/CN=OpenSSL Root", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", "root.pem");
    OpenSsl.ok(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "issuing.key");
    OpenSsl.ok(dir, "req", "-new", "-key", "issuing.key", "-subj", "/C=CN/O=OpenSSL Test/CN=OpenSSL Issuing",
        "-out", "issuing.csr");
    Files.writeString(dir.resolve("ca.ext"), "basicConstraints=critical,CA:TRUE,pathlen:0\n"
        + "keyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
    OpenSsl.ok(dir, "x509", "-req", "-in", "issuing.csr", "-CA", "root.pem", "-CAkey", "root.key",
        "-CAcreateserial", "-days", days, "-sha256", "-extfile", "ca.ext", "-out", "issuing.pem");
    OpenSsl.ok(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "leaf.key");
    OpenSsl.ok(dir, "req", "-new", "-key", "leaf.key", "-subj",
        "/C=CN/O=Hunan/organizationIdentifier=11430000006122244L/CN=OpenSSL Dept", "-out", "leaf.csr");
    Files.writeString(dir.resolve("leaf.ext"), "basicConstraints=critical,CA:FALSE\n"
        + "keyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\n"
        + "authorityKeyIdentifier=keyid\n");
    OpenSsl.ok(dir, "x509", "-req", "-in", "leaf.csr", "-CA", "issuing.pem", "-CAkey", "issuing.key",
        "-CAcreateserial", "-days", days, "-sha256", "-extfile", "leaf.ext", "-out", "leaf.pem");

    X509Certificate root = Pem.parseCertificate(Files.readString(dir.resolve("root.pem")));
    X509Certificate issuing = Pem.parseCertificate(Files.readString(dir.resolve("issuing.pem")));
    X509Certificate leaf = Pem.parseCertificate(Files.readString(dir.resolve("leaf.pem")));
    ChainValidator.validate(List.of(leaf, issuing), Set.of(root), Instant.now(),
        CertificateProfile.DOCUMENT_SIGNING);
    // the OpenSSL private key also parses and matches its certificate
    org.certhub.signer.key.Keys.handle(Pem.parsePrivateKey(Files.readString(dir.resolve("leaf.key"))), List.of(leaf));
    assertThatThrownBy(() -> ChainValidator.validate(List.of(leaf, issuing), Set.of(root), Instant.now(),
        CertificateProfile.TLS_SERVER))
        .isInstanceOf(CertificateVerificationException.class)
        .hasMessage("certificate chain[0].extendedKeyUsage must include 1.3.6.1.5.5.7.3.1 for profile"
            + " TLS_SERVER, but was: absent");
  }
}

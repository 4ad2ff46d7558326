package org.certhub.signer.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.bouncycastle.cert.X509CRLHolder;
import org.certhub.signer.OpenSsl;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.pki.CertificateVerificationException.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CRL interoperability with OpenSSL 3.0 in both directions: {@code openssl crl -CAfile} verifies our
 * CRLs, {@code openssl verify -crl_check} rejects a leaf our CRL revokes, and our {@link
 * CrlRevocationSource} and {@link ChainValidator} use a CRL made by {@code openssl ca -gencrl}.
 *
 * <p><b>SM2 limitation.</b> OpenSSL 3.0.19's {@code openssl crl} has no {@code -vfyopt}, and it
 * verifies an SM2 CRL with an empty distinguishing ID instead of the GB/T 35276 default {@code
 * 1234567812345678} that we (and Bouncy Castle) sign with, so {@code openssl crl -CAfile} reports a
 * failure for a correct SM2 CRL (asserted below, so a future OpenSSL that fixes it is noticed). The
 * SM2 CRL signature is therefore checked with OpenSSL the way GM/T 0015 defines it: {@code openssl
 * dgst -sm3 -verify -sigopt distid:1234567812345678} over the DER {@code tbsCertList}.
 */
class OpenSslCrlInteropTest {

  static final Instant REVOKED_AT = TestPki.NOW.minus(Duration.ofDays(2));

  @TempDir Path dir;

  @BeforeAll
  static void openssl() {
    assertThat(OpenSsl.available()).as("OpenSSL 3 must be installed at " + OpenSsl.BINARY).isTrue();
  }

  private static String attime() {
    return Long.toString(TestPki.NOW.getEpochSecond());
  }

  private X509CRL writeCrl(TestPki pki, List<X509Certificate> revoked) throws Exception {
    List<RevokedCertificate> entries = revoked.stream()
        .map(c -> new RevokedCertificate(c.getSerialNumber(), new Revocation(REVOKED_AT, Revocation.KEY_COMPROMISE)))
        .toList();
    X509CRL crl = pki.issuing().issueCrl(entries, BigInteger.valueOf(42),
        TestPki.NOW.minus(Duration.ofHours(1)), TestPki.NOW.plus(Duration.ofDays(7)));
    Files.writeString(dir.resolve("crl.pem"), Pem.crl(crl));
    Files.writeString(dir.resolve("root.pem"), Pem.certificate(pki.root().certificate()));
    Files.writeString(dir.resolve("issuing.pem"), Pem.certificate(pki.issuing().certificate()));
    Files.writeString(dir.resolve("leaf.pem"), Pem.certificate(pki.leaf()));
    return crl;
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ECDSA_P256_SHA256", "ED25519"})
  void opensslCrl_ourCrl_verifyOkAndFieldsRead(SignatureAlgorithm alg) throws Exception {
    TestPki pki = TestPki.create(alg, CertificateProfile.DOCUMENT_SIGNING);
    writeCrl(pki, List.of(pki.leaf()));
    OpenSsl.Result r = OpenSsl.run(dir, "crl", "-in", "crl.pem", "-CAfile", "issuing.pem", "-noout");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output().trim()).isEqualTo("verify OK");
    String text = OpenSsl.ok(dir, "crl", "-in", "crl.pem", "-noout", "-text");
    String serialHex = pki.leaf().getSerialNumber().toString(16).toUpperCase();
    serialHex = serialHex.length() % 2 == 0 ? serialHex : "0" + serialHex; // OpenSSL prints whole bytes
    assertThat(text)
        .contains("Version 2 (0x1)")
        .contains("X509v3 CRL Number: \n                42")
        .contains("X509v3 Authority Key Identifier:")
        .contains("Serial Number: " + serialHex)
        .contains("Key Compromise");
  }

  @Test
  void opensslCrl_ourP256CrlWithFlippedSignatureBit_verifyFailure() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.DOCUMENT_SIGNING);
    byte[] der = writeCrl(pki, List.of(pki.leaf())).getEncoded();
    der[der.length - 1] ^= 1;
    Files.write(dir.resolve("bad.der"), der);
    OpenSsl.Result r = OpenSsl.run(dir, "crl", "-inform", "DER", "-in", "bad.der", "-CAfile", "issuing.pem", "-noout");
    assertThat(r.output()).contains("verify failure");
  }

  /** See the class comment: OpenSSL's own CRL check uses the wrong SM2 ID; the GM/T check passes. */
  @Test
  void opensslDgst_ourSm2CrlTbsWithDefaultDistid_verifiedOk() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.DOCUMENT_SIGNING);
    X509CRL crl = writeCrl(pki, List.of(pki.leaf()));
    X509CRLHolder h = new X509CRLHolder(crl.getEncoded());
    Files.write(dir.resolve("tbs.der"), h.toASN1Structure().getTBSCertList().getEncoded("DER"));
    Files.write(dir.resolve("sig.der"), crl.getSignature());
    OpenSsl.ok(dir, "x509", "-in", "issuing.pem", "-pubkey", "-noout", "-out", "issuing-pub.pem");
    assertThat(OpenSsl.ok(dir, "dgst", "-sm3", "-verify", "issuing-pub.pem", "-sigopt", "distid:1234567812345678",
        "-signature", "sig.der", "tbs.der").trim()).isEqualTo("Verified OK");
    byte[] tbs = Files.readAllBytes(dir.resolve("tbs.der"));
    tbs[tbs.length - 1] ^= 1;
    Files.write(dir.resolve("tbs-bad.der"), tbs);
    assertThat(OpenSsl.run(dir, "dgst", "-sm3", "-verify", "issuing-pub.pem", "-sigopt", "distid:1234567812345678",
        "-signature", "sig.der", "tbs-bad.der").output()).contains("Verification failure");
    // OpenSSL 3.0's own CRL check, without a way to pass the ID, fails on the correct CRL:
    assertThat(OpenSsl.run(dir, "crl", "-in", "crl.pem", "-CAfile", "issuing.pem", "-noout").output())
        .contains("verify failure");
  }

  @Test
  void opensslVerifyCrlCheck_leafRevokedByOurP256Crl_rejectedAndOtherLeafOk() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.ECDSA_P256_SHA256, CertificateProfile.DOCUMENT_SIGNING);
    X509Certificate other = CrlTest.leaf(pki.issuing(), "Not Revoked");
    writeCrl(pki, List.of(pki.leaf()));
    Files.writeString(dir.resolve("other.pem"), Pem.certificate(other));
    OpenSsl.Result revoked = OpenSsl.run(dir, "verify", "-attime", attime(), "-crl_check", "-CRLfile", "crl.pem",
        "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem");
    assertThat(revoked.exitCode()).isNotZero();
    assertThat(revoked.output()).contains("error 23 at 0 depth lookup: certificate revoked");
    assertThat(OpenSsl.ok(dir, "verify", "-attime", attime(), "-crl_check", "-CRLfile", "crl.pem",
        "-CAfile", "root.pem", "-untrusted", "issuing.pem", "other.pem").trim()).isEqualTo("other.pem: OK");
    // and with CRLs for every level (-crl_check_all), the root's own CRL included
    X509CRL rootCrl = pki.root().issueCrl(List.of(), BigInteger.ONE, TestPki.NOW.minus(Duration.ofHours(1)),
        TestPki.NOW.plus(Duration.ofDays(7)));
    Files.writeString(dir.resolve("all.pem"), Files.readString(dir.resolve("crl.pem")) + Pem.crl(rootCrl));
    assertThat(OpenSsl.ok(dir, "verify", "-attime", attime(), "-crl_check_all", "-CRLfile", "all.pem",
        "-CAfile", "root.pem", "-untrusted", "issuing.pem", "other.pem").trim()).isEqualTo("other.pem: OK");
  }

  /** The other direction: a CA, a leaf and a CRL made with openssl only, read by our code. */
  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"ECDSA_P256_SHA256", "SM2_SM3"})
  void crlRevocationSource_opensslCaCrl_revokesLeafInChainValidation(SignatureAlgorithm alg) throws Exception {
    boolean sm2 = alg == SignatureAlgorithm.SM2_SM3;
    String curve = sm2 ? "SM2" : "P-256";
    String md = sm2 ? "sm3" : "sha256";
    List<String> sigopt = sm2 ? List.of("-sigopt", "distid:1234567812345678") : List.of();
    List<String> vfyopt = sm2 ? List.of("-vfyopt", "distid:1234567812345678") : List.of();
    Files.writeString(dir.resolve("ca.cnf"), String.join("\n",
        "[ ca ]", "default_ca = CA_default",
        "[ CA_default ]", "dir = .", "database = index.txt", "new_certs_dir = .", "certificate = root.pem",
        "private_key = root.key", "serial = serial", "crlnumber = crlnumber", "default_md = " + md,
        "default_days = 30", "default_crl_days = 7", "policy = policy_any", "crl_extensions = crl_ext",
        "unique_subject = no", "copy_extensions = none",
        "[ policy_any ]", "commonName = supplied", "organizationName = optional",
        "[ crl_ext ]", "authorityKeyIdentifier = keyid:always",
        "[ leaf_ext ]", "basicConstraints = critical,CA:FALSE",
        "keyUsage = critical,digitalSignature,nonRepudiation", "subjectKeyIdentifier = hash",
        "authorityKeyIdentifier = keyid", ""));
    Files.writeString(dir.resolve("index.txt"), "");
    Files.writeString(dir.resolve("serial"), "1000\n");
    Files.writeString(dir.resolve("crlnumber"), "07\n");
    OpenSsl.ok(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:" + curve, "-out", "root.key");
    OpenSsl.ok(dir, concat(List.of("req", "-x509", "-new", "-key", "root.key", "-" + md, "-days", "30",
        "-subj", "/C=CN/O=OpenSSL CA/CN=OpenSSL Root " + curve,
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-addext", "subjectKeyIdentifier=hash", "-out", "root.pem"), sigopt));
    OpenSsl.ok(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:" + curve, "-out", "leaf.key");
    OpenSsl.ok(dir, concat(List.of("req", "-new", "-key", "leaf.key", "-" + md, "-subj",
        "/O=Hunan/CN=OpenSSL Dept", "-out", "leaf.csr"), sigopt));
    OpenSsl.ok(dir, concat(List.of("ca", "-batch", "-config", "ca.cnf", "-extensions", "leaf_ext",
        "-in", "leaf.csr", "-out", "leaf.pem"), sigopt, vfyopt));
    OpenSsl.ok(dir, concat(List.of("ca", "-config", "ca.cnf", "-revoke", "leaf.pem", "-crl_reason", "keyCompromise"),
        sigopt));
    OpenSsl.ok(dir, concat(List.of("ca", "-config", "ca.cnf", "-gencrl", "-out", "crl.pem"), sigopt));

    X509Certificate root = Pem.parseCertificate(Files.readString(dir.resolve("root.pem")));
    X509Certificate leaf = Pem.parseCertificate(Files.readString(dir.resolve("leaf.pem")));
    X509CRL crl = Pem.parseCrl(Files.readString(dir.resolve("crl.pem")));
    assertThat(crl.getSigAlgOID()).isEqualTo(alg.oid());
    CrlRevocationSource source = CrlRevocationSource.of(List.of(crl), List.of(root));
    assertThat(source.revocation(leaf)).hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(1));
    Instant now = Instant.now();
    ChainValidator.validate(List.of(leaf), Set.of(root), now, CertificateProfile.DOCUMENT_SIGNING);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChainValidator.validate(List.of(leaf), Set.of(root),
        now, CertificateProfile.DOCUMENT_SIGNING, source))
        .isInstanceOfSatisfying(CertificateVerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.REVOKED))
        .hasMessageContaining("(subject O=Hunan,CN=OpenSSL Dept, serial 1000) must not be revoked at " + now)
        .hasMessageEndingWith(" for keyCompromise (1)");
  }

  @SafeVarargs
  private static String[] concat(List<String>... parts) {
    return java.util.Arrays.stream(parts).flatMap(List::stream).toArray(String[]::new);
  }
}

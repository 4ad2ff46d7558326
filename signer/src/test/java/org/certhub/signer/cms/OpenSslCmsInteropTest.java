package org.certhub.signer.cms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.tsp.TimeStampResponse;
import org.certhub.signer.OpenSsl;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.cms.CmsCheck.Name;
import org.certhub.signer.cms.CmsSigner.Mode;
import org.certhub.signer.key.InsecureKeyExport;
import org.certhub.signer.key.Keys;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.CertificateRequest;
import org.certhub.signer.pki.Pem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CMS and RFC 3161 interoperability with OpenSSL 3 in both directions: {@code openssl cms -verify} accepts our
 * detached and enveloping P-256 CAdES-T signatures, {@code openssl ts -verify} accepts our replies and the
 * signature timestamps inside our CMS, and we verify {@code openssl cms -sign -cades} output and answer {@code
 * openssl ts -query} queries.
 *
 * <p>Ed25519: OpenSSL 3.0 (and, per openssl/openssl#32248, still 3.6) cannot sign or verify Ed25519 CMS with
 * signed attributes: it hands the digest name to the pure EdDSA verifier, which refuses it ("eddsa_digest_
 * signverify_init: invalid digest", openssl/openssl#11915). The test pins that known failure, and checks the
 * parts with OpenSSL one by one instead: {@code pkeyutl -verify -rawin} accepts our signature over the DER of the
 * signed attributes (RFC 8419 §3.1), {@code dgst -sha512} gives the message-digest attribute, and {@code ts
 * -verify} accepts the timestamp. SM2 is not here: OpenSSL 3.0 cannot verify SM2 CMS reliably (no
 * distinguishing-ID option in cms), so SM2 is covered by our own round trip and tamper tests.
 */
class OpenSslCmsInteropTest {

  @TempDir Path dir;

  @BeforeAll
  static void openssl() {
    assertThat(OpenSsl.available()).as("OpenSSL 3 must be installed at " + OpenSsl.BINARY).isTrue();
  }

  private static String attime() {
    return Long.toString(TestPki.NOW.getEpochSecond());
  }

  private void write(CmsFixtures f) throws Exception {
    Files.writeString(dir.resolve("ca.pem"), Pem.certificate(f.pki().root().certificate()));
    Files.writeString(dir.resolve("tsa.pem"), Pem.certificates(f.tsaKey().chain()));
    Files.write(dir.resolve("data.bin"), "a document, 签名 — with bytes \0\r\n that must not be canonicalised".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void opensslCmsVerify_acceptsOurDetachedAndEnvelopingP256CadesT() throws Exception {
    CmsFixtures f = CmsFixtures.create(SignatureAlgorithm.ECDSA_P256_SHA256);
    write(f);
    byte[] data = Files.readAllBytes(dir.resolve("data.bin"));
    Files.write(dir.resolve("detached.p7s"), f.signerT().sign(data, Mode.DETACHED));
    Files.write(dir.resolve("enveloping.p7m"), f.signerT().sign(data, Mode.ENVELOPING));
    assertThat(OpenSsl.ok(dir, "cms", "-verify", "-binary", "-content", "data.bin", "-inform", "DER", "-in", "detached.p7s",
        "-CAfile", "ca.pem", "-attime", attime(), "-out", "/dev/null")).contains("Verification successful");
    assertThat(OpenSsl.ok(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "enveloping.p7m",
        "-CAfile", "ca.pem", "-attime", attime(), "-out", "out.bin")).contains("Verification successful");
    assertThat(Files.readAllBytes(dir.resolve("out.bin"))).isEqualTo(data);
    opensslTsVerify_acceptsTheEmbeddedTimestamp();

    // A changed content byte: openssl refuses too.
    byte[] other = data.clone();
    other[0] ^= 1;
    Files.write(dir.resolve("other.bin"), other);
    OpenSsl.Result r = OpenSsl.run(dir, "cms", "-verify", "-binary", "-content", "other.bin", "-inform", "DER", "-in", "detached.p7s",
        "-CAfile", "ca.pem", "-attime", attime(), "-out", "/dev/null");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("Verification failure");
  }

  @Test
  void ed25519_opensslCmsCannot_butOpensslAcceptsEachPart() throws Exception {
    CmsFixtures f = CmsFixtures.create(SignatureAlgorithm.ED25519);
    write(f);
    byte[] data = Files.readAllBytes(dir.resolve("data.bin"));
    Files.write(dir.resolve("detached.p7s"), f.signerT().sign(data, Mode.DETACHED));
    OpenSsl.Result cms = OpenSsl.run(dir, "cms", "-verify", "-binary", "-content", "data.bin", "-inform", "DER", "-in", "detached.p7s",
        "-CAfile", "ca.pem", "-attime", attime(), "-out", "/dev/null");
    assertThat(cms.output()).as("OpenSSL learnt Ed25519 CMS: make this test require success").contains("eddsa_digest_signverify_init:invalid digest");

    var signer = new CMSSignedData(Files.readAllBytes(dir.resolve("detached.p7s"))).getSignerInfos().getSigners().iterator().next();
    Files.write(dir.resolve("attrs.der"), signer.getEncodedSignedAttributes());
    Files.write(dir.resolve("ed.sig"), signer.getSignature());
    Files.writeString(dir.resolve("signer-pub.pem"), "-----BEGIN PUBLIC KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(f.signer().publicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
    assertThat(OpenSsl.ok(dir, "pkeyutl", "-verify", "-pubin", "-inkey", "signer-pub.pem", "-rawin", "-in", "attrs.der",
        "-sigfile", "ed.sig")).contains("Signature Verified Successfully");
    String sha512 = OpenSsl.ok(dir, "dgst", "-sha512", "-r", "data.bin").split(" ")[0];
    byte[] md = org.bouncycastle.asn1.ASN1OctetString.getInstance(signer.getSignedAttributes()
        .get(org.bouncycastle.asn1.cms.CMSAttributes.messageDigest).getAttrValues().getObjectAt(0)).getOctets();
    assertThat(HexFormat.of().formatHex(md)).isEqualTo(sha512);
    assertThat(OpenSsl.ok(dir, "verify", "-attime", attime(), "-CAfile", "ca.pem", "-untrusted", "tsa.pem",
        writeCert(f.signer().chain().get(0)))).contains(": OK");
    opensslTsVerify_acceptsTheEmbeddedTimestamp();
  }

  private String writeCert(X509Certificate c) throws Exception {
    Files.writeString(dir.resolve("leaf.pem"), Pem.certificate(c));
    return "leaf.pem";
  }

  private void opensslTsVerify_acceptsTheEmbeddedTimestamp() throws Exception {
    // The embedded signature timestamp is a token over the signature value.
    CMSSignedData sd = new CMSSignedData(Files.readAllBytes(dir.resolve("detached.p7s")));
    var signer = sd.getSignerInfos().getSigners().iterator().next();
    Files.write(dir.resolve("signature.bin"), signer.getSignature());
    Files.write(dir.resolve("token.der"), signer.getUnsignedAttributes()
        .get(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_aa_signatureTimeStampToken).getAttrValues().getObjectAt(0)
        .toASN1Primitive().getEncoded("DER"));
    assertThat(OpenSsl.ok(dir, "ts", "-verify", "-token_in", "-in", "token.der", "-data", "signature.bin", "-CAfile", "ca.pem",
        "-untrusted", "tsa.pem", "-attime", attime())).contains("Verification: OK");
  }

  @Test
  void opensslTsVerify_acceptsOurReplyToAnOpensslQuery() throws Exception {
    CmsFixtures f = CmsFixtures.create(SignatureAlgorithm.ECDSA_P256_SHA256);
    write(f);
    OpenSsl.ok(dir, "ts", "-query", "-data", "data.bin", "-sha256", "-cert", "-out", "query.tsq");
    byte[] reply = f.tsa().respond(Files.readAllBytes(dir.resolve("query.tsq")));
    Files.write(dir.resolve("reply.tsr"), reply);
    assertThat(OpenSsl.ok(dir, "ts", "-verify", "-in", "reply.tsr", "-data", "data.bin", "-CAfile", "ca.pem", "-untrusted", "tsa.pem",
        "-attime", attime())).contains("Verification: OK");
    assertThat(OpenSsl.ok(dir, "ts", "-verify", "-in", "reply.tsr", "-queryfile", "query.tsq", "-CAfile", "ca.pem", "-untrusted", "tsa.pem",
        "-attime", attime())).contains("Verification: OK");
    String text = OpenSsl.ok(dir, "ts", "-reply", "-in", "reply.tsr", "-text");
    assertThat(text).contains("Status: Granted.").contains("Policy OID: 2.25.74037099936251515895424793312137547826")
        .contains("Accuracy: 0x01 seconds").contains("Nonce: 0x");

    OpenSsl.ok(dir, "ts", "-query", "-data", "data.bin", "-sha1", "-out", "sha1.tsq");
    TimeStampResponse refused = new TimeStampResponse(f.tsa().respond(Files.readAllBytes(dir.resolve("sha1.tsq"))));
    assertThat(refused.getStatus()).isEqualTo(2);
    assertThat(refused.getFailInfo().intValue()).isEqualTo(org.bouncycastle.asn1.cmp.PKIFailureInfo.badAlg);
  }

  /** P-256 only: OpenSSL 3.0 cannot make Ed25519 CMS ("no default digest", openssl/openssl#11915). */
  @Test
  void weVerify_opensslCmsSignCades() throws Exception {
    SignatureAlgorithm alg = SignatureAlgorithm.ECDSA_P256_SHA256;
    CmsFixtures f = CmsFixtures.create(alg);
    write(f);
    KeyPair kp = Keys.generate(alg);
    X509Certificate cert = f.pki().issuing().issue(CertificateRequest.of("CN=OpenSSL signer,O=CertHub,C=CN", kp.getPublic(),
        CertificateProfile.DOCUMENT_SIGNING, TestPki.NOW.minus(Duration.ofDays(1)), TestPki.NOW.plus(Duration.ofDays(365))));
    Files.writeString(dir.resolve("signer.pem"), Pem.certificate(cert));
    Files.writeString(dir.resolve("signer.key"), Pem.privateKeyPkcs8(kp.getPrivate(), InsecureKeyExport.DEMO_ONLY));
    Files.writeString(dir.resolve("issuing.pem"), Pem.certificate(f.pki().issuing().certificate()));
    byte[] data = Files.readAllBytes(dir.resolve("data.bin"));
    OpenSsl.ok(dir, "cms", "-sign", "-binary", "-cades", "-in", "data.bin", "-signer", "signer.pem", "-inkey", "signer.key",
        "-certfile", "issuing.pem", "-outform", "DER", "-out", "detached.p7s");
    OpenSsl.ok(dir, "cms", "-sign", "-binary", "-cades", "-nodetach", "-in", "data.bin", "-signer", "signer.pem", "-inkey", "signer.key",
        "-certfile", "issuing.pem", "-outform", "DER", "-out", "enveloping.p7m");
    CmsVerification detached = CmsVerifier.verify(Files.readAllBytes(dir.resolve("detached.p7s")), data, f.anchors(), TestPki.NOW);
    assertThat(detached.valid()).as(detached.checks().toString()).isTrue();
    assertThat(detached.level()).isEqualTo("B-B");
    CmsVerification enveloping = CmsVerifier.verify(Files.readAllBytes(dir.resolve("enveloping.p7m")), null, f.anchors(), TestPki.NOW);
    assertThat(enveloping.valid()).as(enveloping.checks().toString()).isTrue();
    assertThat(enveloping.content()).isEqualTo(data);

    // Without -cades OpenSSL adds no signing-certificate attribute: a valid CMS signature, not a CAdES baseline one.
    OpenSsl.ok(dir, "cms", "-sign", "-binary", "-in", "data.bin", "-signer", "signer.pem", "-inkey", "signer.key",
        "-certfile", "issuing.pem", "-outform", "DER", "-out", "plain.p7s");
    CmsVerification plain = CmsVerifier.verify(Files.readAllBytes(dir.resolve("plain.p7s")), data, f.anchors(), TestPki.NOW);
    assertThat(plain.check(Name.SIGNATURE).status()).isEqualTo(CmsCheck.Status.PASSED);
    assertThat(plain.check(Name.SIGNING_CERTIFICATE).status()).isEqualTo(CmsCheck.Status.FAILED);
  }
}

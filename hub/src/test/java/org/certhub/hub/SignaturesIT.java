package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.tsp.TimeStampResponse;
import org.certhub.signer.algorithm.DigestAlgorithm;
import org.certhub.signer.cms.CmsCheck;
import org.certhub.signer.cms.CmsVerification;
import org.certhub.signer.cms.CmsVerifier;
import org.certhub.signer.tsa.TimeStampAuthority;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * E-signatures and the TSA over real mTLS: {@code POST /api/v1/signatures} (detached and enveloping CAdES-T,
 * accepted by {@code openssl cms -verify} and by {@link CmsVerifier}, each one a ledger entry) and {@code POST
 * /tsa} answering an {@code openssl ts -query} with a reply {@code openssl ts -verify} accepts. Department keys are
 * P-256 here so OpenSSL can check them (SM2 CMS is covered in signer's own tests).
 */
class SignaturesIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final byte[] CONTENT = "合同 2026-117: 甲方 杭州示例科技有限公司\n\0binary tail".getBytes(StandardCharsets.UTF_8);

  @TempDir static Path data;
  @TempDir static Path work;
  static TestHub hub;
  static HttpClient issuer;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(data, Map.of("certhub.licence-algorithm", "ECDSA_P256_SHA256"));
    issuer = hub.client("issuer");
    Files.write(work.resolve("content.bin"), CONTENT);
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private static HttpResponse<byte[]> post(HttpClient c, String path, String type, byte[] body) throws Exception {
    return c.send(HttpRequest.newBuilder(URI.create(hub.base + path)).timeout(Duration.ofSeconds(60)).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void detachedAndEnveloping_areCadesT_acceptedByOpensslAndOurVerifier_andRecorded() throws Exception {
    HttpResponse<byte[]> detached = post(issuer, "/api/v1/signatures?mode=detached", "application/octet-stream", CONTENT);
    assertThat(detached.statusCode()).as(new String(detached.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(detached.headers().firstValue("Content-Type")).contains("application/pkcs7-signature");
    Files.write(work.resolve("detached.p7s"), detached.body());
    Run ok = run("openssl", "cms", "-verify", "-binary", "-content", work.resolve("content.bin").toString(), "-inform", "DER",
        "-in", work.resolve("detached.p7s").toString(), "-CAfile", hub.demo("ca.pem").toString(), "-out", "/dev/null");
    assertThat(ok.code()).as(ok.output()).isZero();
    assertThat(ok.output()).contains("Verification successful");

    CmsVerification v = CmsVerifier.verify(detached.body(), CONTENT, Set.of(hub.ca()), Instant.now());
    assertThat(v.valid()).as(v.checks().toString()).isTrue();
    assertThat(v.level()).isEqualTo("B-T");
    assertThat(v.check(CmsCheck.Name.TIMESTAMP_CERTIFICATE).detail()).contains("CertHub Time-Stamping Authority");
    assertThat(v.signer().getSubjectX500Principal().getName()).contains("杭州市市场监督管理局");

    HttpResponse<byte[]> enveloping = post(issuer, "/api/v1/signatures?mode=enveloping", "application/octet-stream", CONTENT);
    assertThat(enveloping.statusCode()).isEqualTo(200);
    Files.write(work.resolve("enveloping.p7m"), enveloping.body());
    Path out = work.resolve("out.bin");
    Run ok2 = run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", work.resolve("enveloping.p7m").toString(),
        "-CAfile", hub.demo("ca.pem").toString(), "-out", out.toString());
    assertThat(ok2.code()).as(ok2.output()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(CONTENT);
    assertThat(CmsVerifier.verify(enveloping.body(), null, Set.of(hub.ca()), Instant.now()).valid()).isTrue();

    JsonNode entries = JSON.readTree(hub.get(hub.client("auditor"), "/api/v1/audit/entries?action=signature.create").body()).get("entries");
    assertThat(entries).hasSize(2);
    JsonNode e = entries.get(0);
    assertThat(e.get("department").asString()).isEqualTo("11330100MB1234567E");
    assertThat(e.get("requestDigest").asString()).isEqualTo(DigestAlgorithm.SHA256.describe(CONTENT));
    assertThat(e.get("certificate").asString()).startsWith("sha256:");
    assertThat(e.get("rule").asString()).startsWith("sha256:").isNotEqualTo(e.get("certificate").asString()); // the signing certificate
  }

  @Test
  void refusals_areProblems() throws Exception {
    HttpResponse<byte[]> noKey = post(hub.client("consumer"), "/api/v1/signatures", "application/octet-stream", CONTENT);
    assertThat(noKey.statusCode()).isEqualTo(409);
    assertThat(new String(noKey.body(), StandardCharsets.UTF_8)).contains("holds no signing key");
    assertThat(post(hub.client(null), "/api/v1/signatures", "application/octet-stream", CONTENT).statusCode()).isEqualTo(401);
    HttpResponse<byte[]> badMode = post(issuer, "/api/v1/signatures?mode=attached", "application/octet-stream", CONTENT);
    assertThat(badMode.statusCode()).isEqualTo(400);
    assertThat(new String(badMode.body(), StandardCharsets.UTF_8)).contains("mode must be detached or enveloping");
    HttpResponse<byte[]> huge = post(issuer, "/api/v1/signatures", "application/octet-stream", new byte[(20 << 20) + 1]);
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(huge.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(new String(huge.body(), StandardCharsets.UTF_8)).contains("payload_too_large");
  }

  @Test
  void tsa_answersAnOpensslQuery_withAReplyOpensslVerifies() throws Exception {
    Path query = work.resolve("query.tsq");
    Run q = run("openssl", "ts", "-query", "-data", work.resolve("content.bin").toString(), "-sha256", "-cert", "-out", query.toString());
    assertThat(q.code()).as(q.output()).isZero();
    HttpResponse<byte[]> reply = post(hub.client(null), "/tsa", "application/timestamp-query", Files.readAllBytes(query));
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.headers().firstValue("Content-Type")).contains("application/timestamp-reply");
    Path tsr = work.resolve("reply.tsr");
    Files.write(tsr, reply.body());
    // The TSA chain travels in the token (certReq): take it out for -untrusted.
    Path token = work.resolve("token.der");
    assertThat(run("openssl", "ts", "-reply", "-in", tsr.toString(), "-token_out", "-out", token.toString()).code()).isZero();
    Path tsaPem = work.resolve("tsa.pem");
    assertThat(run("openssl", "pkcs7", "-inform", "DER", "-in", token.toString(), "-print_certs", "-out", tsaPem.toString()).code()).isZero();
    Run verified = run("openssl", "ts", "-verify", "-in", tsr.toString(), "-queryfile", query.toString(), "-CAfile",
        hub.demo("ca.pem").toString(), "-untrusted", tsaPem.toString());
    assertThat(verified.output()).contains("Verification: OK");
    Run withData = run("openssl", "ts", "-verify", "-in", tsr.toString(), "-data", work.resolve("content.bin").toString(), "-CAfile",
        hub.demo("ca.pem").toString(), "-untrusted", tsaPem.toString());
    assertThat(withData.output()).contains("Verification: OK");
    assertThat(run("openssl", "ts", "-reply", "-in", tsr.toString(), "-text").output())
        .contains("Policy OID: " + TimeStampAuthority.POLICY).contains("Accuracy: 0x01 seconds");

    Path sha1 = work.resolve("sha1.tsq");
    assertThat(run("openssl", "ts", "-query", "-data", work.resolve("content.bin").toString(), "-sha1", "-out", sha1.toString()).code()).isZero();
    TimeStampResponse badAlg = new TimeStampResponse(post(hub.client(null), "/tsa", "application/timestamp-query", Files.readAllBytes(sha1)).body());
    assertThat(badAlg.getStatus()).isEqualTo(2);
    assertThat(badAlg.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badAlg);
    HttpResponse<byte[]> garbage = post(hub.client(null), "/tsa", "application/timestamp-query", HexFormat.of().parseHex("3084ffffffff00"));
    assertThat(garbage.statusCode()).isEqualTo(200);
    assertThat(new TimeStampResponse(garbage.body()).getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badDataFormat);
    assertThat(post(hub.client(null), "/tsa", "application/json", "{}".getBytes()).statusCode()).isEqualTo(415);
  }

  /** The default configuration signs with SM2 department keys: our verifier accepts (OpenSSL 3.0 cannot check SM2 CMS). */
  @Test
  void defaultSm2Keys_signCadesT_thatOurVerifierAccepts() throws Exception {
    Path sm2Data = Files.createDirectories(work.resolve("sm2-hub"));
    try (TestHub sm2 = TestHub.start(sm2Data, Map.of())) {
      HttpResponse<byte[]> r = sm2.client("issuer").send(HttpRequest.newBuilder(URI.create(sm2.base + "/api/v1/signatures?mode=enveloping"))
          .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/octet-stream")
          .POST(HttpRequest.BodyPublishers.ofByteArray(CONTENT)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      CmsVerification v = CmsVerifier.verify(r.body(), null, Set.of(sm2.ca()), Instant.now());
      assertThat(v.valid()).as(v.checks().toString()).isTrue();
      assertThat(v.check(CmsCheck.Name.ALGORITHM).detail()).startsWith("SM2_SM3 with digest 1.2.156.10197.1.401");
      assertThat(v.content()).isEqualTo(CONTENT);
    }
  }

  record Run(int code, String output) {}

  static Run run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), output);
  }
}

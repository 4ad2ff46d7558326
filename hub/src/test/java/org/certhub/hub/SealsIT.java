package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.certhub.signer.algorithm.DigestAlgorithm;
import org.certhub.signer.pki.RevocationSource;
import org.certhub.signer.seal.Seal;
import org.certhub.signer.seal.SealCheck;
import org.certhub.signer.seal.SealReport;
import org.certhub.signer.seal.SealStatusSource;
import org.certhub.signer.seal.SealTrust;
import org.certhub.signer.seal.SealVerifier;
import org.certhub.signer.seal.SealVersion;
import org.certhub.signer.seal.Stamp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * E-seals through the hub over real mTLS, with the default SM2 department keys: the registry (make, list, fetch,
 * revoke; other departments see nothing), stamping with the hub TSA's timestamp (each stamp a ledger entry the
 * seal's owner lists as a use), verification with the registry as seal status (a revocation fails later stamps,
 * not earlier ones), and the refusals.
 */
class SealsIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ISSUER = "11330100MB1234567E";
  private static final byte[] CONTENT = "用章审批 2026-0042: 食品经营许可证换发\n\0tail".getBytes(StandardCharsets.UTF_8);

  @TempDir static Path data;
  static TestHub hub;
  static HttpClient issuer;
  static HttpClient consumer;
  static HttpClient admin;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(data, Map.of());
    issuer = hub.client("issuer");
    consumer = hub.client("consumer");
    admin = hub.client("admin");
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private static JsonNode json(HttpResponse<String> r) {
    return JSON.readTree(r.body());
  }

  private static String makeSeal(String body) throws Exception {
    HttpResponse<String> r = hub.post(issuer, "/api/v1/seals", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String esId = json(r).get("esID").asString();
    assertThat(r.headers().firstValue("Location")).contains("/api/v1/seals/" + esId);
    return esId;
  }

  private static HttpResponse<byte[]> stamp(HttpClient c, String esId, byte[] content) throws Exception {
    String body = "{\"esID\":\"" + esId + "\",\"content\":\"" + b64(content) + "\",\"propertyInfo\":\"/Doc_0/Signs/Sign_0/Signature.xml\","
        + "\"officer\":\"李四\"}";
    return c.send(HttpRequest.newBuilder(URI.create(hub.base + "/api/v1/stamps")).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static JsonNode verify(byte[] stamp, byte[] content) throws Exception {
    HttpResponse<String> r = hub.post(issuer, "/api/v1/stamps/verify", "{\"stamp\":\"" + b64(stamp) + "\",\"content\":\"" + b64(content) + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  private static String check(JsonNode report, String name) {
    for (JsonNode c : report.get("checks")) {
      if (c.get("name").asString().equals(name)) {
        return c.get("status").asString();
      }
    }
    throw new AssertionError("no check " + name + " in " + report);
  }

  @Test
  void makeStampVerify_allTenChecksPass_andEveryStampIsALedgerEntryTheOwnerLists() throws Exception {
    String esId = makeSeal("{\"name\":\"杭州市市场监督管理局\",\"type\":1}");
    assertThat(esId).startsWith(ISSUER);

    HttpResponse<byte[]> der = hub.getBytes(issuer, "/api/v1/seals/" + esId);
    assertThat(der.statusCode()).isEqualTo(200);
    assertThat(der.headers().firstValue("Content-Type")).contains("application/octet-stream");
    Seal seal = Seal.decode(der.body());
    assertThat(seal.version()).isEqualTo(SealVersion.V4);
    assertThat(seal.info().esId()).isEqualTo(esId);
    assertThat(seal.info().property().name()).isEqualTo("杭州市市场监督管理局");
    assertThat(seal.info().picture().type()).isEqualTo("SVG"); // drawn by the hub: none was uploaded
    assertThat(new String(seal.info().picture().data(), StandardCharsets.UTF_8)).contains("<svg");
    assertThat(seal.info().property().certificates()).hasSize(1); // the department's signing certificate
    var maker = new org.bouncycastle.cert.X509CertificateHolder(seal.makerCertificate()); // SM2: the JDK's factory cannot read it
    assertThat(maker.getSubject().toString()).contains("CertHub Seal Maker");
    // The seal maker's certificate is registered like the hub's other keys: an admin can look it up and revoke it.
    JsonNode makerStatus = json(hub.get(issuer, "/api/v1/pki/certificates/" + maker.getSerialNumber().toString(16)));
    assertThat(makerStatus.get("purpose").asString()).isEqualTo("seal-making");
    assertThat(makerStatus.get("status").asString()).isEqualTo("good");
    JsonNode sealReport = json(hub.post(issuer, "/api/v1/stamps/verify", "{\"seal\":\"" + b64(der.body()) + "\"}"));
    assertThat(sealReport.get("indication").asString()).as(sealReport.toString()).isEqualTo("passed");

    HttpResponse<byte[]> s = stamp(issuer, esId, CONTENT);
    assertThat(s.statusCode()).as(new String(s.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    Stamp stamp = Stamp.decode(s.body());
    assertThat(stamp.timeStamp()).isPresent();
    assertThat(stamp.dataHash()).isEqualTo(DigestAlgorithm.SM3.digest(CONTENT));
    JsonNode report = verify(s.body(), CONTENT);
    assertThat(report.get("indication").asString()).as(report.toString()).isEqualTo("passed");
    assertThat(report.get("checks")).hasSize(10);
    for (JsonNode c : report.get("checks")) {
      assertThat(c.get("status").asString()).as(c.toString()).isEqualTo("PASSED");
    }
    JsonNode other = verify(s.body(), "other content".getBytes(StandardCharsets.UTF_8));
    assertThat(other.get("indication").asString()).isEqualTo("failed");
    assertThat(check(other, "CONTENT")).isEqualTo("FAILED");

    // Our verifier, offline, with the hub root as the only anchor, agrees.
    SealReport offline = new SealVerifier(trust(), RevocationSource.NONE, SealStatusSource.NONE, Clock.systemUTC()).verifyStamp(s.body(), CONTENT);
    assertThat(offline.verdict()).as(offline.checks().toString()).isEqualTo(SealReport.Verdict.PASSED);

    // By digest: the hub never sees the document.
    String digest = "sm3:" + java.util.HexFormat.of().formatHex(DigestAlgorithm.SM3.digest(CONTENT));
    HttpResponse<byte[]> byDigest = issuer.send(HttpRequest.newBuilder(URI.create(hub.base + "/api/v1/stamps")).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"esID\":\"" + esId + "\",\"contentDigest\":\"" + digest + "\"}")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(byDigest.statusCode()).isEqualTo(200);
    HttpResponse<String> v2 = hub.post(issuer, "/api/v1/stamps/verify", "{\"stamp\":\"" + b64(byDigest.body()) + "\",\"contentDigest\":\"" + digest + "\"}");
    assertThat(json(v2).get("indication").asString()).as(v2.body()).isEqualTo("passed");
    assertThat(verify(byDigest.body(), CONTENT).get("indication").asString()).isEqualTo("passed");

    // Another department trying the seal: 404 to it, a denied use to the owner.
    assertThat(stamp(consumer, esId, CONTENT).statusCode()).isEqualTo(404);

    JsonNode uses = json(hub.get(issuer, "/api/v1/seals/" + esId + "/uses"));
    assertThat(uses.get("uses")).hasSize(3);
    JsonNode first = uses.get("uses").get(0);
    assertThat(first.get("department").asString()).isEqualTo(ISSUER);
    assertThat(first.get("outcome").asString()).isEqualTo("allowed");
    assertThat(first.get("contentDigest").asString()).isEqualTo(digest);
    assertThat(first.get("officer").asString()).isEqualTo("李四");
    assertThat(first.get("certificate").asString()).startsWith("sha256:");
    JsonNode misuse = uses.get("uses").get(2);
    assertThat(misuse.get("department").asString()).isNotEqualTo(ISSUER);
    assertThat(misuse.get("outcome").asString()).isEqualTo("denied");

    // The same stamps are ledger entries an auditor finds.
    JsonNode entries = json(hub.get(hub.client("auditor"), "/api/v1/audit/entries?action=stamp")).get("entries");
    int onThisSeal = 0;
    for (JsonNode e : entries) {
      if (e.get("rule").asString().equals(esId)) {
        onThisSeal++;
        assertThat(e.get("requestDigest").asString()).isEqualTo(digest);
      }
    }
    assertThat(onThisSeal).isEqualTo(3);
  }

  @Test
  void registry_isTheOwnersOnly_otherDepartmentsGet404_adminsSeeAll() throws Exception {
    String esId = makeSeal("{}");
    JsonNode mine = json(hub.get(issuer, "/api/v1/seals"));
    assertThat(mine.get("seals").toString()).contains(esId);
    JsonNode theirs = json(hub.get(consumer, "/api/v1/seals"));
    assertThat(theirs.get("seals").toString()).doesNotContain(esId);
    HttpResponse<String> otherList = hub.get(consumer, "/api/v1/seals?department=" + ISSUER);
    assertThat(otherList.statusCode()).isEqualTo(403);
    assertThat(otherList.body()).contains("role_missing");
    assertThat(json(hub.get(admin, "/api/v1/seals?department=" + ISSUER)).get("seals").toString()).contains(esId);

    HttpResponse<String> get = hub.get(consumer, "/api/v1/seals/" + esId);
    HttpResponse<String> unknown = hub.get(consumer, "/api/v1/seals/" + ISSUER + "99999999");
    assertThat(get.statusCode()).isEqualTo(404);
    assertThat(unknown.statusCode()).isEqualTo(404);
    // No existence leak: another department's seal answers exactly like one that does not exist (but for the id).
    assertThat(json(get).get("code").asString()).isEqualTo(json(unknown).get("code").asString()).isEqualTo("not_found");
    assertThat(hub.get(consumer, "/api/v1/seals/" + esId + "/uses").statusCode()).isEqualTo(404);
    assertThat(hub.post(consumer, "/api/v1/seals/" + esId + "/revocation", "{\"reason\":\"BOLA\"}").statusCode()).isEqualTo(404);
    assertThat(hub.get(issuer, "/api/v1/seals/" + esId).statusCode()).isEqualTo(200); // still valid: the attempt changed nothing
    for (JsonNode seal : json(hub.get(issuer, "/api/v1/seals")).get("seals")) {
      if (seal.get("esID").asString().equals(esId)) {
        assertThat(seal.get("status").asString()).isEqualTo("valid");
      }
    }
    assertThat(hub.getBytes(admin, "/api/v1/seals/" + esId).statusCode()).isEqualTo(200);
    assertThat(hub.get(issuer, "/api/v1/seals/a%2Fb").statusCode()).isEqualTo(400);

    // An uploaded picture is used as given (type normalised to upper case, as ofdrw writes it).
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
    String withPicture = makeSeal("{\"picture\":{\"type\":\"png\",\"data\":\"" + b64(png) + "\",\"widthMm\":40,\"heightMm\":40}}");
    Seal uploaded = Seal.decode(hub.getBytes(issuer, "/api/v1/seals/" + withPicture).body());
    assertThat(uploaded.info().picture().type()).isEqualTo("PNG");
    assertThat(uploaded.info().picture().data()).isEqualTo(png);
    assertThat(uploaded.info().picture().widthMm()).isEqualTo(40);
    HttpResponse<String> tiny = hub.post(issuer, "/api/v1/seals", "{\"picture\":{\"type\":\"png\",\"data\":\"" + b64(png) + "\",\"widthMm\":1,\"heightMm\":40}}");
    assertThat(tiny.statusCode()).isEqualTo(400);
    assertThat(json(tiny).get("field").asString()).isEqualTo("/picture/widthMm");
  }

  @Test
  void revocation_failsStampsMadeAfterIt_notThoseBefore() throws Exception {
    String esId = makeSeal("{}");
    HttpResponse<byte[]> before = stamp(issuer, esId, CONTENT);
    assertThat(before.statusCode()).isEqualTo(200);
    Thread.sleep(1500);
    Instant revokedAt = Instant.now();
    Thread.sleep(1500);
    HttpResponse<byte[]> after = stamp(issuer, esId, CONTENT);
    assertThat(after.statusCode()).isEqualTo(200);

    HttpResponse<String> revoked = hub.post(issuer, "/api/v1/seals/" + esId + "/revocation",
        "{\"reason\":\"印章遗失\",\"at\":\"" + revokedAt + "\"}");
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(json(revoked).get("status").asString()).isEqualTo("revoked");

    JsonNode ok = verify(before.body(), CONTENT);
    assertThat(ok.get("indication").asString()).as(ok.toString()).isEqualTo("passed");
    assertThat(check(ok, "SEAL_STATUS")).isEqualTo("PASSED");
    JsonNode bad = verify(after.body(), CONTENT);
    assertThat(bad.get("indication").asString()).as(bad.toString()).isEqualTo("failed");
    assertThat(check(bad, "SEAL_STATUS")).isEqualTo("FAILED");
    assertThat(check(bad, "STAMP_SIGNATURE")).isEqualTo("PASSED");

    HttpResponse<byte[]> refused = stamp(issuer, esId, CONTENT);
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("seal_invalid").contains("seal.revoked");
    HttpResponse<String> again = hub.post(issuer, "/api/v1/seals/" + esId + "/revocation", "{}");
    assertThat(again.statusCode()).isEqualTo(409);
    HttpResponse<String> future = hub.post(issuer, "/api/v1/seals/" + makeSeal("{}") + "/revocation",
        "{\"at\":\"" + Instant.now().plusSeconds(3600) + "\"}");
    assertThat(future.statusCode()).isEqualTo(400);
  }

  @Test
  void refusals_areProblems() throws Exception {
    // A seal that authorises someone else's certificate only: the issuer may not stamp with it.
    String pem = Files.readString(hub.demo("consumer.pem"));
    String foreign = makeSeal("{\"signers\":[" + JSON.writeValueAsString(pem) + "],\"signerList\":\"digests\"}");
    HttpResponse<byte[]> notAuthorised = stamp(issuer, foreign, CONTENT);
    assertThat(notAuthorised.statusCode()).isEqualTo(403);
    assertThat(new String(notAuthorised.body(), StandardCharsets.UTF_8)).contains("seal_signer_not_authorised");

    String shortLived = makeSeal("{\"validTo\":\"" + Instant.now().plusSeconds(3) + "\"}");
    Thread.sleep(4500);
    HttpResponse<byte[]> expired = stamp(issuer, shortLived, CONTENT);
    assertThat(expired.statusCode()).isEqualTo(409);
    assertThat(new String(expired.body(), StandardCharsets.UTF_8)).contains("seal_invalid").contains("seal.expired");

    HttpResponse<byte[]> unknown = stamp(issuer, ISSUER + "00000000", CONTENT);
    assertThat(unknown.statusCode()).isEqualTo(404);

    HttpResponse<String> malformed = hub.post(issuer, "/api/v1/stamps/verify", "{\"stamp\":\"" + b64(new byte[] {0x30, 0x03, 0x02, 0x01, 0x04})
        + "\",\"content\":\"\"}");
    assertThat(malformed.statusCode()).isEqualTo(400);
    JsonNode problem = json(malformed);
    assertThat(problem.get("code").asString()).isEqualTo("malformed_request");
    assertThat(problem.get("field").asString()).isEqualTo("/stamp");
    assertThat(problem.get("where").asString()).startsWith("SES_Signature");
    HttpResponse<String> notBase64 = hub.post(issuer, "/api/v1/stamps/verify", "{\"seal\":\"***\"}");
    assertThat(notBase64.statusCode()).isEqualTo(400);
    HttpResponse<String> badDigest = hub.post(issuer, "/api/v1/stamps", "{\"esID\":\"" + foreign + "\",\"contentDigest\":\"sha256:00\"}");
    assertThat(badDigest.statusCode()).isEqualTo(400);
    assertThat(json(badDigest).get("field").asString()).isEqualTo("/contentDigest");
    HttpResponse<String> badCert = hub.post(issuer, "/api/v1/seals", "{\"signers\":[\"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\"]}");
    assertThat(badCert.statusCode()).isEqualTo(400);
    assertThat(json(badCert).get("field").asString()).isEqualTo("/signers/0");
    // A department without a signing key cannot make a seal for itself without naming its signers.
    HttpResponse<String> noKey = hub.post(consumer, "/api/v1/seals", "{}");
    assertThat(noKey.statusCode()).isEqualTo(409);
    assertThat(hub.post(hub.client(null), "/api/v1/seals", "{}").statusCode()).isEqualTo(401);
  }

  /**
   * The issue's contract, {@code certhub seal verify FILE --trust CA.pem}, with the CA file the demo gives out
   * ({@code DATA/demo/ca.pem}, the README's {@code $D/ca.pem}): seals and stamps carry leaf certificates only, so the
   * file holds the issuing CA under the root, as {@code /pki/ca.pem} serves them.
   */
  @Test
  void cli_sealVerify_checksASealAndAStampOffline_withTheDemoCaFile() throws Exception {
    String esId = makeSeal("{}");
    Path dir = Files.createTempDirectory(data, "cli");
    byte[] sealDer = hub.getBytes(issuer, "/api/v1/seals/" + esId).body();
    Path sealFile = Files.write(dir.resolve("seal.der"), sealDer);
    HttpResponse<byte[]> s = stamp(issuer, esId, CONTENT);
    assertThat(s.statusCode()).isEqualTo(200);
    Path stampFile = Files.write(dir.resolve("stamp.der"), s.body());
    Path contentFile = Files.write(dir.resolve("content.bin"), CONTENT);
    Path otherFile = Files.write(dir.resolve("other.bin"), "other".getBytes(StandardCharsets.UTF_8));
    Path ca = hub.demo("ca.pem");
    assertThat(Files.readString(ca)).as("the demo's CA file is what /pki/ca.pem serves").isEqualTo(hub.get(hub.client(null), "/pki/ca.pem").body());

    Cli seal = cli("seal", "verify", sealFile.toString(), "--trust", ca.toString());
    assertThat(seal.exit()).as(seal.out() + seal.err()).isZero();
    assertThat(seal.out()).contains("seal PASSED V4 " + esId).containsPattern("SEAL_SIGNATURE +PASSED").containsPattern("MAKER_CERTIFICATE +PASSED");
    Cli stamp = cli("seal", "verify", stampFile.toString(), "--content", contentFile.toString(), "--trust", ca.toString());
    assertThat(stamp.exit()).as(stamp.out() + stamp.err()).isZero();
    assertThat(stamp.out()).contains("stamp PASSED").containsPattern("SIGNER_CERTIFICATE +PASSED").containsPattern("TIMESTAMP +PASSED")
        .doesNotContain("FAILED").doesNotContain("INDETERMINATE");
    Cli asStamp = cli("seal", "verify", "--stamp", stampFile.toString(), "--content", contentFile.toString(), "--trust", ca.toString());
    assertThat(asStamp.exit()).as(asStamp.err()).isZero();

    Cli tampered = cli("seal", "verify", "--stamp", stampFile.toString(), "--content", otherFile.toString(), "--trust", ca.toString());
    assertThat(tampered.exit()).isEqualTo(1);
    assertThat(tampered.err()).contains("stamp FAILED").containsPattern("CONTENT +FAILED");
    // A forged seal: the maker's signature (the seal's last member) changed in its last byte.
    byte[] forgedDer = sealDer.clone();
    forgedDer[forgedDer.length - 1] ^= 0x01;
    Path forged = Files.write(dir.resolve("forged.der"), forgedDer);
    Cli forgedSeal = cli("seal", "verify", "--seal", forged.toString(), "--trust", ca.toString());
    assertThat(forgedSeal.exit()).isEqualTo(1);
    assertThat(forgedSeal.err()).contains("seal FAILED").containsPattern("SEAL_SIGNATURE +FAILED");
    // The root alone cannot place the leaf certificates seals carry: undecided, never passed.
    Path rootOnly = Files.writeString(dir.resolve("root.pem"), org.certhub.signer.pki.Pem.certificate(hub.ca()));
    Cli undecided = cli("seal", "verify", "--seal", sealFile.toString(), "--trust", rootOnly.toString());
    assertThat(undecided.exit()).isEqualTo(1);
    assertThat(undecided.err()).contains("seal INDETERMINATE").containsPattern("MAKER_CERTIFICATE +INDETERMINATE")
        .contains("holds no issuing CA");

    Cli garbage = cli("seal", "verify", "--seal", contentFile.toString(), "--trust", ca.toString());
    assertThat(garbage.exit()).isEqualTo(1);
    assertThat(garbage.err()).containsPattern("FORMAT +FAILED +SESeal");
    Cli noContent = cli("seal", "verify", stampFile.toString(), "--trust", ca.toString());
    assertThat(noContent.exit()).isEqualTo(2);
    assertThat(noContent.err()).contains("--content");
    // The trust bundle (CA certificates and the CRL) works the same.
    Path bundle = Files.writeString(dir.resolve("trust-bundle.pem"), hub.get(hub.client(null), "/pki/trust-bundle.pem").body());
    Cli withCrl = cli("seal", "verify", stampFile.toString(), "--content", contentFile.toString(), "--trust", bundle.toString());
    assertThat(withCrl.exit()).as(withCrl.err()).isZero();
  }

  record Cli(int exit, String out, String err) {}

  static Cli cli(String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine c = new picocli.CommandLine(new CertHub());
    c.setOut(new java.io.PrintWriter(out));
    c.setErr(new java.io.PrintWriter(err));
    int exit = c.execute(args);
    return new Cli(exit, out.toString(), err.toString());
  }

  private static SealTrust trust() throws Exception {
    List<X509Certificate> chain = new ArrayList<>();
    try (InputStream in = Files.newInputStream(hub.demo("issuer.pem"))) {
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        chain.add((X509Certificate) c);
      }
    }
    Set<X509Certificate> root = Set.of(hub.ca());
    return new SealTrust(root, root, root, chain.subList(1, chain.size()));
  }
}

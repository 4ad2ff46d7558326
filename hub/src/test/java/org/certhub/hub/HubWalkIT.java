package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.certhub.ledger.checkpoint.Checkpoint;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.signer.json.JsonSignature;
import org.certhub.signer.json.JsonSigner;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.licence.LicenceVerifier;
import org.certhub.signer.licence.SignedLicence;
import org.certhub.signer.licence.VerifiedLicence;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.ChainValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One real walk through every module, over real mTLS with certificates from the hub's own CA: the demo
 * starts on a random port with a temporary data directory; an issuer issues a licence; the consumer pulls
 * it under policy; the auditor finds both accesses; the checkpoint verifies; the hub stops and the ledger
 * verifies offline; a restart resumes with all data. Refusals (401, 400, 403) are checked on the way.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HubWalkIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String NEW_COMPANY = "91350100M000100Y43";

  @TempDir static Path data;
  static ConfigurableApplicationContext hub;
  /** One database for the class: the hub restarts on it. */
  static TestDatabase database;
  static String base;
  static X509Certificate ca;
  static HttpClient anonymous;
  static HttpClient issuer;
  static HttpClient consumer;
  static HttpClient auditor;
  static JsonNode demo;
  static long issueIndex;
  static long pullIndex;
  static long deniedIndex;

  @BeforeAll
  static void startHub() throws Exception {
    database = TestDatabase.create();
    start();
    Path dir = data.resolve("demo");
    ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(Files.newInputStream(dir.resolve("ca.pem")));
    anonymous = client(null);
    issuer = client("issuer");
    consumer = client("consumer");
    auditor = client("auditor");
    demo = JSON.readTree(Files.readString(dir.resolve("demo.json")));
  }

  @AfterAll
  static void stopHub() {
    if (hub != null) {
      hub.close();
    }
    if (database != null) {
      database.close();
    }
  }

  private static void start() {
    hub = HubApplication.start(data, 0, true, TestHub.withDatabase(database, Map.of("certhub.ledger.checkpoint-interval", "200ms")));
    base = "https://localhost:" + ((WebServerApplicationContext) hub).getWebServer().getPort();
  }

  @Test
  @Order(1)
  void demoContract_filesExistAndKeysArePrivate() throws Exception {
    Path dir = data.resolve("demo");
    for (String f : List.of("ca.pem", "issuer.pem", "issuer.key", "consumer.pem", "consumer.key", "auditor.pem", "auditor.key", "demo.json")) {
      assertThat(dir.resolve(f)).isRegularFile();
    }
    for (String f : List.of("issuer.key", "consumer.key", "auditor.key")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f)))).isEqualTo("rw-------");
      assertThat(Files.readString(dir.resolve(f))).startsWith("-----BEGIN PRIVATE KEY-----");
    }
    assertThat(demo.propertyNames()).containsExactly("holder", "licenceType", "matter", "licenceId");
  }

  @Test
  @Order(2)
  void health_withoutCertificate_isUp() throws Exception {
    HttpResponse<String> r = get(anonymous, "/actuator/health");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode health = JSON.readTree(r.body());
    assertThat(health.get("status").asString()).isEqualTo("UP");
    assertThat(health.get("components").get("db").get("status").asString()).isEqualTo("UP");
    assertThat(health.get("components").get("db").has("details")).as("details stay private").isFalse();
    HttpResponse<String> db = get(anonymous, "/actuator/health/database");
    assertThat(db.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(db.body()).get("components").get("db").get("details").get("database").asString())
        .isEqualTo(TestDatabase.postgres() ? "PostgreSQL" : "H2");
  }

  @Test
  @Order(2)
  void openApi_describesTheApiWithMutualTls_andTheUiIsServed() throws Exception {
    HttpResponse<String> r = get(anonymous, "/v3/api-docs");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode doc = JSON.readTree(r.body());
    assertThat(doc.get("openapi").asString()).startsWith("3.");
    assertThat(doc.get("paths").propertyNames())
        .contains("/api/v1/pulls", "/api/v1/licences", "/api/v1/licences/bulk", "/api/v1/audit/entries", "/api/v1/ledger/proof/inclusion",
            "/pki/crl", "/api/v1/me/accesses");
    assertThat(doc.get("components").get("securitySchemes").get("mtls").get("type").asString()).isEqualTo("mutualTLS");
    assertThat(r.body()).doesNotContain("certificateFingerprint");
    assertThat(get(anonymous, "/swagger-ui/index.html").statusCode()).isEqualTo(200);
  }

  @Test
  @Order(2)
  void whoami_withConsumerCertificate_namesTheDepartmentAndRoles_withoutIs401() throws Exception {
    HttpResponse<String> r = get(consumer, "/api/v1/whoami");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"department\":\"11330100MB23456780\",\"name\":\"国家税务总局杭州市税务局\",\"roles\":[\"PULL\"]}");

    HttpResponse<String> none = get(anonymous, "/api/v1/whoami");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(none.body()).get("code").asString()).isEqualTo("unauthenticated");
  }

  @Test
  @Order(3)
  void issue_asIssuer_returnsVerifiableSignedLicence() throws Exception {
    HttpResponse<String> r =
        post(
            issuer,
            "/api/v1/licences",
            """
            {"licenceType":"%s","holder":{"id":"%s","idType":"001","name":"福州样例贸易有限公司"},
             "fields":{"name":"福州样例贸易有限公司","type":"有限责任公司","legalRepresentative":"李四",
                       "registeredCapital":"50","establishedOn":"2025-01-02","address":"福建省福州市鼓楼区1号",
                       "businessScope":"货物进出口"},
             "validFrom":"2025-01-02"}
            """
                .formatted(demo.get("licenceType").asString(), NEW_COMPANY));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    ObjectNode body = (ObjectNode) JSON.readTree(r.body());
    issueIndex = body.get("receipt").get("index").asLong();
    body.remove("receipt");
    VerifiedLicence verified = LicenceVerifier.verify(SignedLicence.parse(body.toString()), Set.of(ca));
    assertThat(verified.licence().holder().id()).isEqualTo(NEW_COMPANY);
    assertThat(verified.licence().id().toString()).startsWith("1.2.156.3005.2." + demo.get("licenceType").asString() + ".");
    assertThat(body.get("signature").get("alg").asString()).isEqualTo(SignatureAlgorithm.SM2_SM3.name());
    assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/licences/" + verified.licence().id());
  }

  @Test
  @Order(4)
  void pull_allowedByPolicy_returnsFilteredSignedDataWithReceipt() throws Exception {
    HttpResponse<String> r =
        post(consumer, "/api/v1/pulls", pullBody(NEW_COMPANY, demo.get("matter").asString()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    ObjectNode body = (ObjectNode) JSON.readTree(r.body());
    JsonNode fields = body.get("licence").get("fields");
    assertThat(fields.get("legalRepresentative").asString()).isEqualTo("李四");
    assertThat(fields.has("businessScope")).as("the policy does not grant businessScope").isFalse();
    pullIndex = body.get("receipt").get("index").asLong();
    assertThat(pullIndex).isGreaterThan(issueIndex);
    assertThat(body.get("receipt").get("leafHash").asString()).hasSize(44);

    ObjectNode sig = (ObjectNode) body.remove("signature");
    List<X509Certificate> chain = new ArrayList<>();
    for (JsonNode c : sig.get("x5c")) {
      chain.add((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(c.asString()))));
    }
    ChainValidator.validate(chain, Set.of(ca), java.time.Instant.now(), CertificateProfile.DOCUMENT_SIGNING);
    JsonSignature signature =
        new JsonSignature(
            SignatureAlgorithm.valueOf(sig.get("alg").asString()), sig.get("keyId").asString(), Base64.getDecoder().decode(sig.get("value").asString()));
    JsonSigner.verify(body.toString(), signature, chain.get(0));

    // Tampered data must not verify under the same signature.
    ((ObjectNode) body.get("licence").get("fields")).put("legalRepresentative", "王五");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> JsonSigner.verify(body.toString(), signature, chain.get(0)))
        .isInstanceOf(org.certhub.signer.SignerException.class);
  }

  @Test
  @Order(5)
  void pull_demoJsonAsBody_isAllowed() throws Exception {
    HttpResponse<String> r = post(consumer, "/api/v1/pulls", demo.toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("licence").get("id").asString()).isEqualTo(demo.get("licenceId").asString());
  }

  @Test
  @Order(5)
  void check_answersYesNoPerClaim_withoutReturningValues() throws Exception {
    String body =
        ("{\"holder\":\"%s\",\"licenceType\":\"%s\",\"matter\":\"%s\",\"purpose\":\"核验法定代表人\",\"claims\":["
            + "{\"field\":\"legalRepresentative\",\"equals\":\"李四\"},{\"field\":\"legalRepresentative\",\"equals\":\"王五\"},"
            + "{\"validOn\":\"%s\"},{\"notRevoked\":true}]}")
            .formatted(NEW_COMPANY, demo.get("licenceType").asString(), demo.get("matter").asString(), java.time.LocalDate.now());
    HttpResponse<String> r = post(consumer, "/api/v1/checks", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode out = JSON.readTree(r.body());
    List<Boolean> holds = new ArrayList<>();
    out.get("results").forEach(x -> holds.add(x.get("holds").asBoolean()));
    assertThat(holds).containsExactly(true, false, true, true);
    assertThat(out.get("allHold").asBoolean()).isFalse();
    assertThat(r.body()).doesNotContain("李四").doesNotContain("福州样例贸易有限公司");
    assertThat(out.get("signature").get("alg").asString()).isNotBlank();

    HttpResponse<String> ungranted = post(consumer, "/api/v1/checks", body.replace("legalRepresentative", "businessScope"));
    assertThat(ungranted.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(ungranted.body()).get("rule").asString()).isEqualTo("policy.fields");
    HttpResponse<String> malformed = post(consumer, "/api/v1/checks", body.replace("{\"notRevoked\":true}", "{\"notRevoked\":false}"));
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(malformed.body()).get("field").asString()).isEqualTo("/claims/3/notRevoked");
    HttpResponse<String> badField = post(consumer, "/api/v1/checks", body.replace("\"equals\":\"王五\"", "\"equals\":5"));
    assertThat(JSON.readTree(badField.body()).get("field").asString()).isEqualTo("/claims/1/equals");
  }

  @Test
  @Order(6)
  void pull_notGrantedByPolicy_is403NamingTheRule() throws Exception {
    HttpResponse<String> r = post(consumer, "/api/v1/pulls", pullBody(NEW_COMPANY, "330100-SW-002"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.get("code").asString()).isEqualTo("policy_denied");
    assertThat(p.get("rule").asString()).isEqualTo("policy.grant");
    assertThat(p.get("detail").asString()).contains("no sharing policy grants department 11330100MB23456780");
  }

  @Test
  @Order(7)
  void pull_malformedBody_is400NamingTheField() throws Exception {
    HttpResponse<String> missing = post(consumer, "/api/v1/pulls", "{\"holder\":\"" + NEW_COMPANY + "\",\"licenceType\":\"x\"}");
    assertThat(missing.statusCode()).isEqualTo(400);
    JsonNode p = JSON.readTree(missing.body());
    assertThat(p.get("code").asString()).isEqualTo("malformed_request");
    assertThat(p.get("field").asString()).isEqualTo("/matter");
    assertThat(p.get("detail").asString()).isEqualTo("/matter is required");

    HttpResponse<String> wrongType = post(consumer, "/api/v1/pulls", "{\"holder\":42,\"licenceType\":\"x\",\"matter\":\"y\"}");
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(wrongType.body()).get("detail").asString()).isEqualTo("/holder must be a string, but was: a number");

    HttpResponse<String> notJson = post(consumer, "/api/v1/pulls", "{not json");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).doesNotContain("Exception").doesNotContain("at org.");
  }

  @Test
  @Order(8)
  void api_withoutClientCertificate_is401() throws Exception {
    HttpResponse<String> r = post(anonymous, "/api/v1/pulls", pullBody(NEW_COMPANY, demo.get("matter").asString()));
    assertThat(r.statusCode()).isEqualTo(401);
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.get("code").asString()).isEqualTo("unauthenticated");
    assertThat(p.get("detail").asString()).isEqualTo("this API needs a TLS client certificate issued by the hub CA");
  }

  @Test
  @Order(9)
  void issue_byConsumer_is403RoleMissing() throws Exception {
    HttpResponse<String> r = post(consumer, "/api/v1/licences", "{\"licenceType\":\"x\",\"holder\":{\"id\":\"a\",\"idType\":\"001\",\"name\":\"n\"},\"fields\":{}}");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(r.body()).get("code").asString()).isEqualTo("role_missing");
  }

  @Test
  @Order(10)
  void audit_byHolder_findsIssuePullAndRefusal() throws Exception {
    HttpResponse<String> r = get(auditor, "/api/v1/audit/entries?holder=" + NEW_COMPANY);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode entries = JSON.readTree(r.body()).get("entries");
    List<Long> indices = new ArrayList<>();
    List<String> outcomes = new ArrayList<>();
    for (JsonNode e : entries) {
      indices.add(e.get("index").asLong());
      outcomes.add(e.get("action").asString() + ":" + e.get("outcome").asString());
      assertThat(e.get("holder").asString()).startsWith("hmac-sha256:").doesNotContain(NEW_COMPANY);
    }
    assertThat(indices).contains(issueIndex, pullIndex);
    assertThat(outcomes).contains("licence.issue:allowed", "pull:allowed", "pull:denied");
    JsonNode allowedPull = null;
    for (JsonNode e : entries) {
      if (e.get("index").asLong() == pullIndex) {
        allowedPull = e;
      }
    }
    assertThat(allowedPull).isNotNull();
    assertThat(allowedPull.get("certificate").asString()).startsWith("sha256:");
    assertThat(allowedPull.get("officer").asString()).isEqualTo("窗口-李");
    assertThat(allowedPull.get("purpose").asString()).isEqualTo("新办纳税人税务登记");
    assertThat(allowedPull.get("fields").asString()).contains("legalRepresentative").doesNotContain("businessScope");
    assertThat(allowedPull.get("requestDigest").asString()).matches("sha256:[0-9a-f]{64}");
    assertThat(r.body()).doesNotContain(NEW_COMPANY);
  }

  @Test
  @Order(11)
  void audit_byNonAuditor_is403() throws Exception {
    HttpResponse<String> r = get(consumer, "/api/v1/audit/entries?holder=" + NEW_COMPANY);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(r.body()).get("code").asString()).isEqualTo("role_missing");
  }

  @Test
  @Order(11)
  void citizenTracker_listsWhoAccessedMyDataWithProofsAgainstTheCheckpoint() throws Exception {
    assertThat(get(anonymous, "/api/v1/me/accesses").statusCode()).isEqualTo(401);
    HttpResponse<String> session =
        post(anonymous, "/api/v1/me/session", "{\"holder\":\"" + NEW_COMPANY + "\",\"idType\":\"001\",\"name\":\"福州样例贸易有限公司\"}");
    assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
    String token = JSON.readTree(session.body()).get("token").asString();
    assertThat(token).doesNotContain(NEW_COMPANY);
    HttpResponse<String> forged =
        anonymous.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/me/accesses")).header("Authorization", "Bearer " + token + "x").GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(401);

    NoteVerifier verifier = NoteVerifier.fromVerifierKey(Files.readString(data.resolve("ledger.vkey")).strip());
    JsonNode body = null;
    JsonNode pull = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    do {
      HttpResponse<String> r =
          anonymous.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/me/accesses")).header("Authorization", "Bearer " + token).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      body = JSON.readTree(r.body());
      pull = null;
      for (JsonNode a : body.get("accesses")) {
        if (a.get("index").asLong() == pullIndex) {
          pull = a;
        }
      }
      // Until a checkpoint covers the pull's own entry its proof is "pending"; wait for that one, not any.
    } while ((pull == null || !pull.get("proof").isObject()) && System.nanoTime() < deadline && sleep());
    Checkpoint cp = Checkpoint.parse(verifier.verify(body.get("checkpoint").asString()));
    assertThat(pull).as(body.toString()).isNotNull();
    assertThat(pull.get("department").get("name").asString()).isEqualTo("国家税务总局杭州市税务局");
    assertThat(pull.get("matter").get("name").asString()).isEqualTo("税务登记（新办纳税人套餐）");
    assertThat(pull.get("purpose").asString()).isEqualTo("新办纳税人税务登记");
    List<byte[]> hashes = new ArrayList<>();
    pull.get("proof").get("hashes").forEach(h -> hashes.add(Base64.getDecoder().decode(h.asString())));
    org.certhub.ledger.proof.ProofVerifier.verifyInclusion(
        org.certhub.ledger.tree.Hasher.sha256(), pullIndex, cp.size(), Base64.getDecoder().decode(pull.get("leafHash").asString()), hashes,
        cp.rootHash());
    assertThat(body.toString()).doesNotContain(NEW_COMPANY);

    // Paging one row at a time reaches every access of the full list, also across the citizen's own reads of the list
    // (recorded, not shown): a page holding only such a read still names the next page.
    // One more pull, so that the citizen's reads above lie between accesses the list shows.
    HttpResponse<String> again = post(consumer, "/api/v1/pulls", pullBody(NEW_COMPANY, demo.get("matter").asString()));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    long againIndex = JSON.readTree(again.body()).get("receipt").get("index").asLong();
    JsonNode full = JSON.readTree(anonymous.send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/me/accesses")).header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body());
    List<Long> all = new ArrayList<>();
    full.get("accesses").forEach(a -> all.add(a.get("index").asLong()));
    assertThat(all).contains(pullIndex, againIndex);
    long last = againIndex;
    List<Long> paged = new ArrayList<>();
    long after = -1;
    for (int page = 0; page < 500 && after < last; page++) {
      HttpResponse<String> r = anonymous.send(
          HttpRequest.newBuilder(URI.create(base + "/api/v1/me/accesses?limit=1&after=" + after)).header("Authorization", "Bearer " + token).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode p = JSON.readTree(r.body());
      p.get("accesses").forEach(a -> paged.add(a.get("index").asLong()));
      assertThat(p.has("next")).as("page after %d must name the next one while entries remain: %s", after, p).isTrue();
      after = p.get("next").asLong();
    }
    assertThat(paged).containsAll(all);
  }

  @Test
  @Order(12)
  void checkpoint_isSignedAndCoversTheEntries() throws Exception {
    NoteVerifier verifier = NoteVerifier.fromVerifierKey(Files.readString(data.resolve("ledger.vkey")).strip());
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Checkpoint cp;
    do {
      HttpResponse<String> r = get(anonymous, "/ledger/checkpoint");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      cp = Checkpoint.parse(verifier.verify(r.body()));
    } while (cp.size() <= pullIndex && System.nanoTime() < deadline && sleep());
    assertThat(cp.origin()).isEqualTo("certhub.local/ledger");
    assertThat(cp.size()).isGreaterThan(pullIndex);

    // The GM second signature: a type-0xff line by the ledger's SM2 key, over the same checkpoint text.
    String note = get(anonymous, "/ledger/checkpoint").body();
    String body = note.substring(0, note.indexOf("\n\n") + 1);
    String sm2Line = note.lines().filter(l -> l.startsWith("\u2014 certhub.local/ledger/sm2 ")).findFirst().orElseThrow();
    String[] vkey = Files.readString(data.resolve("ledger-sm2.vkey")).strip().split("\\+", 3);
    byte[] typed = Base64.getDecoder().decode(vkey[2]);
    assertThat(typed[0]).isEqualTo((byte) 0xff);
    byte[] spki = java.util.Arrays.copyOfRange(typed, 1 + "SM2-SM3\n".length(), typed.length);
    java.security.PublicKey sm2 = java.security.KeyFactory.getInstance("EC", org.certhub.signer.algorithm.Providers.bc())
        .generatePublic(new java.security.spec.X509EncodedKeySpec(spki));
    byte[] blob = Base64.getDecoder().decode(sm2Line.substring(sm2Line.lastIndexOf(' ') + 1));
    assertThat(java.util.HexFormat.of().formatHex(blob, 0, 4)).isEqualTo(vkey[1]);
    org.certhub.signer.key.Verifier v = org.certhub.signer.key.Verifier.forPublicKey(sm2);
    assertThat(v.algorithm()).isEqualTo(SignatureAlgorithm.SM2_SM3);
    v.verify(java.util.Arrays.copyOfRange(blob, 4, blob.length), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @Order(12)
  void tilesProofsAndRemoteVerify_forAuditorsAndOutsiders() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<String> file;
    do {
      file = get(anonymous, "/api/v1/ledger/proof/file?index=" + pullIndex);
    } while (file.statusCode() == 409 && System.nanoTime() < deadline && sleep());
    assertThat(file.statusCode()).as(file.body()).isEqualTo(200);
    org.certhub.ledger.proof.ProofFile proof = org.certhub.ledger.proof.ProofFile.parse(file.body());
    assertThat(proof.index()).isEqualTo(pullIndex);
    NoteVerifier verifier = NoteVerifier.fromVerifierKey(get(anonymous, "/api/v1/ledger/key").body().strip());
    assertThat(verifier.verify(proof.signedCheckpoint())).startsWith("certhub.local/ledger\n");

    HttpResponse<byte[]> tile = auditor.send(
        HttpRequest.newBuilder(URI.create(base + "/ledger/tile/0/000.p/" + Math.min(255, Checkpoint.parse(verifier.verify(proof.signedCheckpoint())).size())))
            .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(tile.statusCode()).isEqualTo(200);
    assertThat(get(consumer, "/ledger/tile/0/000.p/1").statusCode()).isEqualTo(403);
    HttpResponse<String> tricky = get(auditor, "/ledger/tile/0/.././000.p/1");
    assertThat(tricky.statusCode()).isBetween(400, 404);
    HttpResponse<String> badWidth = get(auditor, "/ledger/tile/0/000.p/0");
    assertThat(badWidth.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badWidth.body()).get("detail").asString()).contains("partial tile width must be 1..255");

    Path proofFile = data.resolve("receipt.tlog-proof");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new CertHub());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute("ledger", "proof", "--data", data.toString(), "--index", Long.toString(pullIndex), "--out", proofFile.toString()))
        .as(err.toString()).isZero();
    assertThat(Files.readString(proofFile)).startsWith("c2sp.org/tlog-proof@v1\nindex " + pullIndex + "\n");

    Path dir = data.resolve("demo");
    out = new StringWriter();
    err = new StringWriter();
    cl = new CommandLine(new CertHub());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("ledger", "verify", "--url", base, "--cert", dir.resolve("auditor.pem").toString(), "--key", dir.resolve("auditor.key").toString(),
        "--cacert", dir.resolve("ca.pem").toString(), "--vkey", Files.readString(data.resolve("ledger.vkey")).strip());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("ledger ok: size ").contains("every tile verified from " + base);
  }

  @Test
  @Order(13)
  void ledgerVerify_afterStop_passesAndRestartResumes() throws Exception {
    hub.close();
    hub = null;
    // The hub anchors at least once (at close) to DATA/anchors, and verify checks the log against it.
    assertThat(verify()).startsWith("ledger ok: size ").doesNotContain(" 0 anchors").contains(" anchors, every tile verified");

    start();
    anonymous = client(null);
    consumer = client("consumer");
    auditor = client("auditor");
    HttpResponse<String> pull = post(consumer, "/api/v1/pulls", pullBody(NEW_COMPANY, demo.get("matter").asString()));
    assertThat(pull.statusCode()).as(pull.body()).isEqualTo(200);
    assertThat(JSON.readTree(pull.body()).get("receipt").get("index").asLong()).isGreaterThan(pullIndex);
    HttpResponse<String> audit = get(auditor, "/api/v1/audit/entries?holder=" + NEW_COMPANY);
    assertThat(audit.body()).contains("\"index\":" + issueIndex);
    hub.close();
    hub = null;
    assertThat(verify()).startsWith("ledger ok: size ");
  }

  @Test
  @Order(14)
  void ledgerVerify_tamperedEntry_failsWithIndex() throws Exception {
    Path journal;
    try (var files = Files.walk(data.resolve("ledger"))) {
      journal = files.filter(p -> p.getFileName().toString().equals("journal.log")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(journal);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(journal, bytes, StandardOpenOption.TRUNCATE_EXISTING);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = cli(out, err);
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).startsWith("ledger verification failed");
  }

  private static String verify() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = cli(out, err);
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }

  private static int cli(StringWriter out, StringWriter err) {
    CommandLine cl = new CommandLine(new CertHub());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute("ledger", "verify", "--data", data.toString());
  }

  private static boolean sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  private static String pullBody(String holder, String matter) {
    return "{\"holder\":\"%s\",\"licenceType\":\"%s\",\"matter\":\"%s\",\"purpose\":\"新办纳税人税务登记\",\"officer\":\"窗口-李\"}"
        .formatted(holder, demo.get("licenceType").asString(), matter);
  }

  private static HttpResponse<String> get(HttpClient c, String path) throws Exception {
    return c.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(HttpClient c, String path, String json) throws Exception {
    return c.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** An HTTPS client that trusts only the demo CA and presents the named demo identity, if any. */
  private static HttpClient client(String identity) throws Exception {
    return TestHub.client(data.resolve("demo"), identity);
  }


  @Test
  @Order(2)
  void trustList_isSignedByTheHub_andListsTheDemoIssuersKey() throws Exception {
    HttpResponse<byte[]> r = anonymous.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/trust-list")).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/cose");
    java.security.cert.X509Certificate root = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(Files.newInputStream(data.resolve("demo").resolve("ca.pem")));
    var verified = org.certhub.signer.qr.SignedTrustList.verify(r.body(), root, java.time.Instant.now());
    assertThat(verified.trust().keys()).extracting(org.certhub.signer.qr.TrustedKey::issuerCode).contains("11330100MB1234567E");
    byte[] forged = r.body().clone();
    forged[forged.length - 1] ^= 1;
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> org.certhub.signer.qr.SignedTrustList.verify(forged, root, java.time.Instant.now()))
        .isInstanceOf(org.certhub.signer.qr.QrVerificationException.class);
  }
}

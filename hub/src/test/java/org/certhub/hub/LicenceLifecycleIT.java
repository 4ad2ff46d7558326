package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.certhub.signer.licence.LicenceVerifier;
import org.certhub.signer.licence.SignedLicence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The licence lifecycle and the hub PKI over real mTLS: fetch and verify offline with the CLI, schema
 * refusals listing every field, update (supersede), revoke, bulk issue all-or-nothing, the CRL checked by
 * openssl, certificate revocation that stops mTLS and signing at once, and key rotation that keeps old
 * licences valid.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LicenceLifecycleIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ISSUER_CODE = "11330100MB1234567E";
  private static final String COMPANY_2 = "91350100M000100Y43";

  @TempDir static Path data;
  @TempDir static Path work;
  static TestHub hub;
  static HttpClient anonymous;
  static HttpClient issuer;
  static HttpClient consumer;
  static HttpClient admin;
  static JsonNode demo;
  static String typeCode;
  static String version2;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(data, Map.of("certhub.ledger.checkpoint-interval", "200ms"));
    anonymous = hub.client(null);
    issuer = hub.client("issuer");
    consumer = hub.client("consumer");
    admin = hub.client("admin");
    demo = JSON.readTree(Files.readString(hub.demo("demo.json")));
    typeCode = demo.get("licenceType").asString();
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  @Order(1)
  void fetch_asIssuer_isTheSignedFileTheCliVerifiesOffline() throws Exception {
    HttpResponse<String> r = hub.get(issuer, "/api/v1/licences/" + demo.get("licenceId").asString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("CertHub-Licence-Status")).hasValue("valid");
    Path file = work.resolve("licence.json");
    Files.writeString(file, r.body());
    Path bundle = download("/pki/trust-bundle.pem", "bundle.pem");
    Path catalogue = download("/catalogue/licence-types", "types.json");

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = cli(out, err, "licence", "verify", file.toString(), "--trust", bundle.toString(), "--catalogue", catalogue.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("licence ok: ").contains(demo.get("licenceId").asString()).contains("1 CRL(s) checked");

    // One changed character in the signed data: the CLI says the signature is bad, exit 1.
    Files.writeString(file, r.body().replace("杭州示例科技有限公司", "杭州示例科技有限公可"));
    out = new StringWriter();
    err = new StringWriter();
    assertThat(cli(out, err, "licence", "verify", file.toString(), "--trust", bundle.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("licence invalid (BAD_SIGNATURE)");
  }

  @Test
  @Order(2)
  void fetch_byOtherDepartmentOrUnknownId_isRefusedWithoutLeak() throws Exception {
    HttpResponse<String> byConsumer = hub.get(consumer, "/api/v1/licences/" + demo.get("licenceId").asString());
    assertThat(byConsumer.statusCode()).isEqualTo(403);
    HttpResponse<String> unknown = hub.get(issuer, "/api/v1/licences/1.2.156.3005.2.nope");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).get("code").asString()).isEqualTo("not_found");
  }

  @Test
  @Order(3)
  void issue_breakingTheSchema_is422ListingEveryBadField() throws Exception {
    HttpResponse<String> r =
        hub.post(
            issuer,
            "/api/v1/licences",
            """
            {"licenceType":"%s","holder":{"id":"%s","idType":"001","name":"福州样例贸易有限公司"},
             "fields":{"registeredCapital":"a lot","establishedOn":"yesterday","colour":"red"}}
            """
                .formatted(typeCode, COMPANY_2));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.get("code").asString()).isEqualTo("schema_violation");
    List<String> paths = new ArrayList<>();
    p.get("violations").forEach(v -> paths.add(v.get("path").asString()));
    assertThat(paths).contains("/fields/registeredCapital", "/fields/establishedOn", "/fields/colour");
    assertThat(paths.size()).isGreaterThanOrEqualTo(4); // and the missing required fields
  }

  @Test
  @Order(4)
  void update_makesVersion2AndSupersedesVersion1() throws Exception {
    String v1 = demo.get("licenceId").asString();
    HttpResponse<String> r = hub.post(issuer, "/api/v1/licences/" + v1 + "/versions", "{\"fields\":{\"address\":\"浙江省杭州市西湖区文三路2号\"}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode body = JSON.readTree(r.body());
    version2 = body.get("licence").get("id").asString();
    assertThat(version2).isNotEqualTo(v1);
    assertThat(body.get("licence").get("previousId").asString()).isEqualTo(v1);
    assertThat(body.get("licence").get("fields").get("address").asString()).isEqualTo("浙江省杭州市西湖区文三路2号");

    JsonNode old = JSON.readTree(hub.get(issuer, "/api/v1/licences/" + v1 + "/status").body());
    assertThat(old.get("status").asString()).isEqualTo("superseded");
    assertThat(old.get("supersededBy").asString()).isEqualTo(version2);

    // The old version still verifies as a document; online verification says it is superseded.
    String oldDoc = hub.get(issuer, "/api/v1/licences/" + v1).body();
    LicenceVerifier.verify(SignedLicence.parse(oldDoc), Set.of(hub.ca()));
    JsonNode verdict = JSON.readTree(hub.post(consumer, "/api/v1/licences/verification", oldDoc).body());
    assertThat(verdict.get("valid").asBoolean()).isFalse();
    assertThat(verdict.get("reason").asString()).isEqualTo("SUPERSEDED");
    assertThat(verdict.get("detail").asString()).contains(version2);

    HttpResponse<String> again = hub.post(issuer, "/api/v1/licences/" + v1 + "/versions", "{\"fields\":{\"address\":\"x\"}}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(again.body()).get("detail").asString()).contains(version2);
  }

  @Test
  @Order(5)
  void revoke_thenVerificationAndPullSayRevoked() throws Exception {
    HttpResponse<String> r = hub.post(issuer, "/api/v1/licences/" + version2 + "/revocation", "{\"reason\":\"营业执照被吊销\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("status").asString()).isEqualTo("revoked");
    String doc = hub.get(issuer, "/api/v1/licences/" + version2).body();
    JsonNode verdict = JSON.readTree(hub.post(consumer, "/api/v1/licences/verification", doc).body());
    assertThat(verdict.get("reason").asString()).isEqualTo("LICENCE_REVOKED");
    assertThat(verdict.get("detail").asString()).contains("营业执照被吊销");

    HttpResponse<String> pull = hub.post(consumer, "/api/v1/pulls", demo.toString().replace(demo.get("licenceId").asString(), version2));
    assertThat(pull.statusCode()).as(pull.body()).isEqualTo(409);
    assertThat(JSON.readTree(pull.body()).get("code").asString()).isEqualTo("licence_invalid");
    assertThat(hub.post(issuer, "/api/v1/licences/" + version2 + "/revocation", "{\"reason\":\"again\"}").statusCode()).isEqualTo(409);
  }

  @Test
  @Order(6)
  void statusList_setsTheBitOfRevokedAndSupersededLicencesAtOnce_andIsSignedByTheHub() throws Exception {
    HttpResponse<String> bundle = hub.post(consumer, "/api/v1/pulls/bundle", "{\"holder\":\"" + demo.get("holder").asString()
        + "\",\"matter\":\"330100-KB-001\"}");
    assertThat(bundle.statusCode()).as(bundle.body()).isEqualTo(200);
    JsonNode b = JSON.readTree(bundle.body());
    java.security.cert.X509Certificate hubCert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(b.get("signature").get("x5c").get(0).asString())));
    String food = null;
    for (JsonNode item : b.get("items")) {
      if (item.has("licence")) {
        food = item.get("licence").get("id").asString();
      }
    }
    assertThat(food).as(bundle.body()).isNotNull();
    int revoked = JSON.readTree(hub.get(issuer, "/api/v1/licences/" + version2 + "/status").body()).get("statusIndex").asInt();
    int superseded = JSON.readTree(hub.get(issuer, "/api/v1/licences/" + demo.get("licenceId").asString() + "/status").body()).get("statusIndex").asInt();
    int valid = JSON.readTree(hub.get(issuer, "/api/v1/licences/" + food + "/status").body()).get("statusIndex").asInt();
    assertThat(java.util.Set.of(revoked, superseded, valid)).hasSize(3);

    HttpResponse<byte[]> r = hub.getBytes(anonymous, "/api/v1/status-list");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/statuslist+cwt");
    var verified = org.certhub.signer.qr.StatusList.verify(r.body(),
        org.certhub.signer.qr.TrustList.of(new org.certhub.signer.qr.TrustedKey("certhub", hubCert)), java.time.Instant.now());
    assertThat(verified.list().size()).isGreaterThanOrEqualTo(131_072);
    assertThat(verified.list().isRevoked(revoked)).isTrue();
    assertThat(verified.list().isRevoked(superseded)).isTrue();
    assertThat(verified.list().isRevoked(valid)).isFalse();
    assertThat(r.body().length).as("a mostly empty list compresses to little").isLessThan(1024);
  }

  @Test
  @Order(6)
  void bulk_withOneBadRow_issuesNothingAndReportsTheRow() throws Exception {
    long before = total();
    String csv = bulkCsv(true);
    HttpResponse<String> r = hub.post(issuer, "/api/v1/licences/bulk", "text/csv", csv);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    JsonNode rows = JSON.readTree(r.body()).get("rows");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("row").asInt()).isEqualTo(2);
    assertThat(total()).isEqualTo(before);

    HttpResponse<String> ok = hub.post(issuer, "/api/v1/licences/bulk", "text/csv", bulkCsv(false));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    assertThat(JSON.readTree(ok.body()).get("issued").asInt()).isEqualTo(3);
    assertThat(total()).isEqualTo(before + 3);
  }

  @Test
  @Order(7)
  void crl_isSignedByTheIssuingCaAndOpensslAcceptsIt() throws Exception {
    HttpResponse<byte[]> r = hub.getBytes(anonymous, "/pki/crl");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
    X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(r.body()));
    List<X509Certificate> cas = caCertificates();
    crl.verify(cas.get(1).getPublicKey());
    Path crlFile = work.resolve("crl.der");
    Files.write(crlFile, r.body());
    Path caFile = work.resolve("issuing.pem");
    Files.writeString(caFile, pem(cas.get(1)));
    Run v = run("openssl", "crl", "-inform", "DER", "-in", crlFile.toString(), "-CAfile", caFile.toString(), "-noout");
    assertThat(v.code).as(v.output).isZero();
    assertThat(v.output).contains("verify OK");
  }

  @Test
  @Order(8)
  void revokeConsumerCertificate_stopsMtlsAtOnceAndTheCrlListsIt() throws Exception {
    X509Certificate consumerCert = firstCertificate(hub.demo("consumer.pem"));
    String serial = consumerCert.getSerialNumber().toString(16);
    assertThat(hub.post(consumer, "/api/v1/pulls", demo.toString()).statusCode()).isNotEqualTo(401);

    HttpResponse<String> byConsumer = hub.post(consumer, "/api/v1/admin/certificates/" + serial + "/revocation", "{\"reason\":\"keyCompromise\"}");
    assertThat(byConsumer.statusCode()).isEqualTo(403);
    HttpResponse<String> r = hub.post(admin, "/api/v1/admin/certificates/" + serial + "/revocation", "{\"reason\":\"keyCompromise\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

    HttpResponse<String> pull = hub.post(consumer, "/api/v1/pulls", demo.toString());
    assertThat(pull.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(pull.body()).get("code").asString()).isEqualTo("credential_revoked");

    JsonNode status = JSON.readTree(hub.get(anonymous, "/api/v1/pki/certificates/" + serial).body());
    assertThat(status.get("status").asString()).isEqualTo("revoked");
    assertThat(status.get("reason").asString()).isEqualTo("keyCompromise");

    Path crlPem = download("/pki/crl.pem", "crl.pem");
    Path chain = work.resolve("ca-chain.pem");
    Files.writeString(chain, pem(caCertificates().get(0)) + pem(caCertificates().get(1)));
    Path leaf = work.resolve("consumer-leaf.pem");
    Files.writeString(leaf, pem(consumerCert));
    Run v = run("openssl", "verify", "-crl_check", "-CAfile", chain.toString(), "-CRLfile", crlPem.toString(), leaf.toString());
    assertThat(v.code).as(v.output).isNotZero();
    assertThat(v.output).contains("certificate revoked");
    Path issuerLeaf = work.resolve("issuer-leaf.pem");
    Files.writeString(issuerLeaf, pem(firstCertificate(hub.demo("issuer.pem"))));
    Run ok = run("openssl", "verify", "-crl_check", "-CAfile", chain.toString(), "-CRLfile", crlPem.toString(), issuerLeaf.toString());
    assertThat(ok.code).as(ok.output).isZero();
  }

  @Test
  @Order(9)
  void rotateSigningKey_newLicencesUseTheNewKeyAndOldOnesStillVerify() throws Exception {
    String oldDoc = hub.get(issuer, "/api/v1/licences/" + firstBulkId()).body();
    String oldSerial = leafSerial(oldDoc);
    HttpResponse<String> r = hub.post(admin, "/api/v1/admin/departments/" + ISSUER_CODE + "/signing-key", "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode rotated = JSON.readTree(r.body());
    assertThat(rotated.get("superseded").toString()).contains(oldSerial);

    JsonNode verdict = JSON.readTree(hub.post(issuer, "/api/v1/licences/verification", oldDoc).body());
    assertThat(verdict.get("valid").asBoolean()).as(verdict.toString()).isTrue();

    HttpResponse<String> bulk = hub.post(issuer, "/api/v1/licences/bulk", "text/csv", bulkCsv(false).lines().limit(2).reduce((a, b) -> a + "\n" + b).orElseThrow());
    assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(201);
    newId = JSON.readTree(bulk.body()).get("rows").get(0).get("id").asString();
    String newDoc = hub.get(issuer, "/api/v1/licences/" + newId).body();
    assertThat(leafSerial(newDoc)).isEqualTo(rotated.get("serial").asString()).isNotEqualTo(oldSerial);
  }

  @Test
  @Order(10)
  void compromisedSigningKey_refusesSigningAndFailsWhatItSigned() throws Exception {
    String doc = hub.get(issuer, "/api/v1/licences/" + newId).body();
    JsonNode current = JSON.readTree(hub.get(anonymous, "/api/v1/pki/certificates/" + currentSigningSerial()).body());
    HttpResponse<String> r =
        hub.post(admin, "/api/v1/admin/certificates/" + current.get("serial").asString() + "/revocation", "{\"reason\":\"keyCompromise\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    HttpResponse<String> issue = hub.post(issuer, "/api/v1/licences/bulk", "text/csv", bulkCsv(false).lines().limit(2).reduce((a, b) -> a + "\n" + b).orElseThrow());
    assertThat(issue.statusCode()).as(issue.body()).isEqualTo(409);
    assertThat(JSON.readTree(issue.body()).get("code").asString()).isEqualTo("signing_key_revoked");
    JsonNode verdict = JSON.readTree(hub.post(issuer, "/api/v1/licences/verification", doc).body());
    assertThat(verdict.get("reason").asString()).as(verdict.toString()).isEqualTo("CERTIFICATE_REVOKED");
  }

  @Test
  @Order(11)
  void catalogueAndAudit_sixTypesServed_andEveryLifecycleChangeIsInTheLedger() throws Exception {
    JsonNode types = JSON.readTree(hub.get(anonymous, "/catalogue/licence-types").body());
    List<String> names = new ArrayList<>();
    types.forEach(t -> names.add(t.get("name").asString()));
    assertThat(names).containsExactlyInAnyOrder("营业执照", "居民身份证", "结婚证", "机动车驾驶证", "食品经营许可证", "不动产权证书");

    HttpClient auditor = hub.client("auditor");
    for (String action : List.of("licence.update", "licence.revoke", "admin.certificate.revoke", "admin.key.rotate", "licence.read")) {
      JsonNode entries = JSON.readTree(hub.get(auditor, "/api/v1/audit/entries?action=" + action).body()).get("entries");
      assertThat(entries).as(action).isNotEmpty();
      entries.forEach(e -> assertThat(e.get("action").asString()).isEqualTo(action));
    }
    HttpResponse<String> csv = hub.get(auditor, "/api/v1/audit/entries.csv?action=licence.revoke");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
    List<String> lines = csv.body().lines().toList();
    assertThat(lines.get(0)).isEqualTo("\uFEFFindex,time,action,department,holder,licenceType,licenceId,matter,outcome,rule,requestId,certificate,officer,purpose,fields,requestDigest,consent,signature,leafHash");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).contains(",licence.revoke,").contains(version2).contains("营业执照被吊销");
    assertThat(hub.get(auditor, "/api/v1/audit/entries").statusCode()).isEqualTo(400);
  }

  @Test
  @Order(12)
  void admin_registersADepartment_certifiesItsKey_suspendsAndReinstatesIt() throws Exception {
    String code = "11330100MB7890123D";
    HttpResponse<String> bad = hub.post(admin, "/api/v1/admin/departments", "{\"code\":\"11330100MB7890123X\",\"name\":\"x\",\"roles\":[\"PULL\"]}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).get("field").asString()).isEqualTo("/code");
    assertThat(hub.post(issuer, "/api/v1/admin/departments", "{\"code\":\"" + code + "\",\"name\":\"x\",\"roles\":[\"PULL\"]}").statusCode())
        .isEqualTo(403);
    HttpResponse<String> r =
        hub.post(admin, "/api/v1/admin/departments", "{\"code\":\"" + code + "\",\"name\":\"杭州市规划和自然资源局, 不动产登记\",\"roles\":[\"PULL\"]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(hub.post(admin, "/api/v1/admin/departments", "{\"code\":\"" + code + "\",\"name\":\"x\",\"roles\":[\"PULL\"]}").statusCode())
        .isEqualTo(409);

    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
    g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
    java.security.KeyPair kp = g.generateKeyPair();
    String pub = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    HttpResponse<String> cert = hub.post(admin, "/api/v1/admin/departments/" + code + "/credentials", JSON.writeValueAsString(Map.of("publicKey", pub)));
    assertThat(cert.statusCode()).as(cert.body()).isEqualTo(201);
    Path certFile = work.resolve("newdept.pem");
    Files.writeString(certFile, cert.body());
    Path keyFile = work.resolve("newdept.key");
    Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    Files.copy(certFile, hub.demo("newdept.pem"));
    Files.copy(keyFile, hub.demo("newdept.key"));
    HttpClient newDept = hub.client("newdept");

    HttpResponse<String> pull = hub.post(newDept, "/api/v1/pulls", demo.toString());
    assertThat(pull.statusCode()).as("authenticated, but handles no matter").isEqualTo(403);
    assertThat(JSON.readTree(pull.body()).get("code").asString()).isEqualTo("policy_denied");

    assertThat(hub.post(admin, "/api/v1/admin/departments/" + code + "/suspension", "{\"reason\":\"审计发现越权查询\"}").statusCode()).isEqualTo(200);
    HttpResponse<String> suspended = hub.post(newDept, "/api/v1/pulls", demo.toString());
    assertThat(suspended.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(suspended.body()).get("code").asString()).isEqualTo("department_suspended");
    assertThat(JSON.readTree(suspended.body()).get("detail").asString()).contains("审计发现越权查询");

    HttpResponse<String> lifted = hub.send(admin, java.net.http.HttpRequest.newBuilder(java.net.URI.create(hub.base + "/api/v1/admin/departments/" + code + "/suspension")).DELETE().build());
    assertThat(lifted.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(hub.post(newDept, "/api/v1/pulls", demo.toString()).body()).get("code").asString()).isEqualTo("policy_denied");
  }

  private static String newestId;
  private static String newId;

  private static String firstBulkId() throws Exception {
    if (newestId == null) {
      JsonNode list = JSON.readTree(hub.get(issuer, "/api/v1/licences?status=valid&size=1").body());
      newestId = list.get("items").get(0).get("id").asString();
    }
    return newestId;
  }

  private static String currentSigningSerial() throws Exception {
    JsonNode list = JSON.readTree(hub.get(issuer, "/api/v1/licences?size=1").body());
    return leafSerial(hub.get(issuer, "/api/v1/licences/" + list.get("items").get(0).get("id").asString()).body());
  }

  private static String leafSerial(String doc) throws Exception {
    return SignedLicence.parse(doc).chain().get(0).getSerialNumber().toString(16);
  }

  private static long total() throws Exception {
    return JSON.readTree(hub.get(issuer, "/api/v1/licences").body()).get("total").asLong();
  }

  /** Three business-licence rows; with {@code bad}, the second row's capital is not a number. */
  static String bulkCsv(boolean bad) {
    String header =
        "licenceType,holder.id,holder.idType,holder.name,validFrom,fields.name,fields.type,fields.legalRepresentative,"
            + "fields.registeredCapital,fields.establishedOn,fields.address,fields.businessScope";
    List<String> lines = new ArrayList<>(List.of(header));
    String[] companies = {"91330106MA2B3C4D5D", "91350100M000100Y43", "91330106MA2B3C4D5D"};
    for (int i = 0; i < 3; i++) {
      lines.add(typeCodeOrDefault() + "," + companies[i] + ",001,批量公司" + i + ",2025-01-0" + (i + 1) + "," + "批量公司" + i + ",有限责任公司,王" + i + ","
          + (bad && i == 1 ? "五十万" : "50") + ",2025-01-0" + (i + 1) + ",\"杭州市上城区, 清泰街" + i + "号\",\"批发, 零售\"");
    }
    return String.join("\r\n", lines) + "\r\n";
  }

  private static String typeCodeOrDefault() {
    return typeCode != null ? typeCode : "11100000MB0143028R001";
  }

  private static Path download(String path, String name) throws Exception {
    HttpResponse<String> r = hub.get(anonymous, path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Path f = work.resolve(name);
    Files.writeString(f, r.body());
    return f;
  }

  private static List<X509Certificate> caCertificates() throws Exception {
    HttpResponse<String> r = hub.get(anonymous, "/pki/ca.pem");
    List<X509Certificate> out = new ArrayList<>();
    for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.US_ASCII)))) {
      out.add((X509Certificate) c);
    }
    return out;
  }

  private static X509Certificate firstCertificate(Path pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(Files.newInputStream(pem));
  }

  private static String pem(X509Certificate c) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  private static int cli(StringWriter out, StringWriter err, String... args) {
    CommandLine cl = new CommandLine(new CertHub());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  record Run(int code, String output) {}

  static Run run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), output);
  }
}

package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import org.certhub.exchange.licence.HolderIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The problem codes no other integration test provokes, each over real mTLS and each as RFC 9457
 * problem+json with type, title, status, detail and code: issuer_not_authorised, conflict,
 * unsupported_media_type, method_not_allowed, and integrity_failure for a stored licence altered behind the
 * hub's back (nothing of it is released).
 */
class ProblemCodesIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  @TempDir static Path data;
  @TempDir static Path extra;
  static TestHub hub;

  @BeforeAll
  static void start() {
    hub = TestHub.start(data, Map.of());
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void issuerOfNoType_isIssuerNotAuthorised() throws Exception {
    HttpClient admin = hub.client("admin");
    String code = null;
    for (char c : "0123456789ABCDEFGHJKLMNPQRTUWXY".toCharArray()) {
      if (HolderIds.isUscc("11330100MB5555555" + c)) {
        code = "11330100MB5555555" + c;
      }
    }
    assertThat(hub.post(admin, "/api/v1/admin/departments", "{\"code\":\"" + code + "\",\"name\":\"某区卫健委\",\"roles\":[\"ISSUE\"]}").statusCode())
        .isEqualTo(201);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    HttpResponse<String> chain = hub.post(admin, "/api/v1/admin/departments/" + code + "/credentials",
        "{\"publicKey\":\"" + Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()) + "\"}");
    Files.copy(hub.demo("ca.pem"), extra.resolve("ca.pem"));
    Files.writeString(extra.resolve("health.pem"), chain.body());
    Files.writeString(extra.resolve("health.key"), "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(kp.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    HttpResponse<String> r = hub.post(TestHub.client(extra, "health"), "/api/v1/licences", "{\"licenceType\":\"11100000MB0143028R001\","
        + "\"holder\":{\"id\":\"91330106MA2B3C4D5D\",\"idType\":\"001\",\"name\":\"x\"},\"fields\":{\"name\":\"x\"}}");
    assertProblem(r, 403, "issuer_not_authorised");
    assertThat(JSON.readTree(r.body()).get("rule").asString()).isEqualTo("catalogue.issuer");
  }

  @Test
  void registeringAnExistingDepartment_isConflict() throws Exception {
    assertProblem(hub.post(hub.client("admin"), "/api/v1/admin/departments",
        "{\"code\":\"11330100MB23456780\",\"name\":\"again\",\"roles\":[\"PULL\"]}"), 409, "conflict");
  }

  @Test
  void wrongMediaTypeAndMethod_are415And405() throws Exception {
    HttpClient consumer = hub.client("consumer");
    assertProblem(hub.post(consumer, "/api/v1/pulls", "text/plain", Files.readString(hub.demo("demo.json"))), 415, "unsupported_media_type");
    assertProblem(hub.send(consumer, HttpRequest.newBuilder(URI.create(hub.base + "/api/v1/pulls")).DELETE().build()), 405, "method_not_allowed");
  }

  /** Found by ApiProbeIT: Spring's MultipartException (no boundary) fell through to a 500. */
  @Test
  void multipartWithoutBoundary_isMalformedRequest() throws Exception {
    assertProblem(hub.post(hub.client("consumer"), "/api/v1/pulls", "multipart/form-data", "{}"), 400, "malformed_request");
    assertProblem(hub.post(hub.client("issuer"), "/api/v1/files/verify", "multipart/form-data; boundary=x", "--x\r\nbroken"), 400, "malformed_request");
  }

  /** Found by ApiProbeIT: Tomcat's InvalidParameterException (a query value that is not UTF-8) fell through to a 500. */
  @Test
  void queryNotValidUtf8_isMalformedRequest() throws Exception {
    assertProblem(hub.get(hub.client("auditor"), "/api/v1/audit/entries?holder=%C0%AE"), 400, "malformed_request");
    assertProblem(hub.get(hub.client("admin"), "/api/v1/admin/policies?matter=%E2%80"), 400, "malformed_request");
  }

  /** Found by ApiProbeIT on PostgreSQL, which cannot take U+0000 in text: a NUL in a query value or a JSON string was a 500 there. */
  @Test
  void nulInAParameterOrAString_isMalformedRequest() throws Exception {
    assertProblem(hub.get(hub.client("auditor"), "/api/v1/audit/entries.csv?department=%00"), 400, "malformed_request");
    assertProblem(hub.get(hub.client("issuer"), "/api/v1/licences?type=a%00b"), 400, "malformed_request");
    JsonNode demo = JSON.readTree(Files.readString(hub.demo("demo.json")));
    ((tools.jackson.databind.node.ObjectNode) demo).put("purpose", "核验\u0000");
    HttpResponse<String> r = hub.post(hub.client("consumer"), "/api/v1/pulls", demo.toString());
    assertProblem(r, 400, "malformed_request");
    assertThat(JSON.readTree(r.body()).get("field").asString()).isEqualTo("/purpose");
  }

  @Test
  void storedLicenceAlteredBehindTheHubsBack_isIntegrityFailure_andNothingIsReleased() throws Exception {
    JsonNode demo = JSON.readTree(Files.readString(hub.demo("demo.json")));
    JdbcClient jdbc = hub.context.getBean(JdbcClient.class);
    String id = demo.get("licenceId").asString();
    int changed = jdbc.sql("UPDATE licence SET signed_json = REPLACE(signed_json, '张三', '李四') WHERE id = ?").param(id).update();
    assertThat(changed).isEqualTo(1);
    HttpResponse<String> r = hub.post(hub.client("consumer"), "/api/v1/pulls", demo.toString());
    assertProblem(r, 500, "integrity_failure");
    assertThat(r.body()).doesNotContain("李四").doesNotContain("杭州示例科技有限公司").doesNotContain("at org.");
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    JsonNode p = JSON.readTree(new String(r.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    assertThat(p.has("code")).as(r.body()).isTrue();
    assertThat(p.get("code").asString()).isEqualTo(code);
    assertThat(p.get("status").asInt()).isEqualTo(status);
    for (String member : new String[] {"type", "title", "detail"}) {
      assertThat(p.get(member)).as(member).isNotNull();
    }
  }
}

package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.certhub.signer.qr.QrImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wallet and QR-check APIs over real TLS: a holder sees and shows only their own licences; the online
 * check answers each kind of bad input with a verdict, and a malformed request with problem+json; a
 * department's check is a ledger entry and an anonymous one is not.
 */
class WalletApiIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String COMPANY = "91330106MA2B3C4D5D";
  static final String CITIZEN = "330106199003071236";
  static final String BUSINESS_LICENCE = "11100000MB0143028R001";

  @TempDir static Path data;
  static TestHub hub;
  static HttpClient anonymous;
  static HttpClient consumer;
  static HttpClient auditor;
  static String companyToken;
  static String citizenToken;
  static String businessLicenceId;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(data, Map.of("certhub.ledger.checkpoint-interval", "200ms"));
    anonymous = hub.client(null);
    consumer = hub.client("consumer");
    auditor = hub.client("auditor");
    companyToken = signIn(COMPANY, "001", "杭州示例科技有限公司");
    citizenToken = signIn(CITIZEN, "111", "王强");
    for (JsonNode l : json(send(companyToken, "GET", "/api/v1/me/licences", null), 200).get("licences")) {
      if (l.get("type").get("code").asString().equals(BUSINESS_LICENCE)) {
        businessLicenceId = l.get("id").asString();
      }
    }
    assertThat(businessLicenceId).isNotNull();
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void oidcSignIn_withoutAConfiguredProvider_isA404SayingSo() throws Exception {
    assertThat(json(hub.get(anonymous, "/api/v1/me/oidc"), 200).get("configured").asBoolean()).isFalse();
    for (String path : new String[] {"/api/v1/me/oidc/login", "/api/v1/me/oidc/callback?code=c&state=s"}) {
      HttpResponse<String> r = hub.get(anonymous, path);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
      assertThat(json(r, 404).get("detail").asString()).contains("no identity provider is configured");
    }
  }

  @Test
  void licences_areTheHoldersOwn_withCatalogueLabels() throws Exception {
    JsonNode company = json(send(companyToken, "GET", "/api/v1/me/licences", null), 200);
    assertThat(company.get("holder").asString()).isEqualTo("杭州示例科技有限公司");
    assertThat(company.get("licences")).hasSize(2);
    JsonNode fields = company.get("licences").get(0).get("fields");
    assertThat(fields.get(0).get("label").asString()).isNotBlank();
    JsonNode citizen = json(send(citizenToken, "GET", "/api/v1/me/licences", null), 200);
    assertThat(citizen.get("licences").toString()).doesNotContain(businessLicenceId);
    assertThat(send(null, "GET", "/api/v1/me/licences", null).statusCode()).isEqualTo(401);
  }

  @Test
  void presentation_ofOwnLicence_verifiesOnline_andADepartmentsCheckIsRecorded() throws Exception {
    JsonNode p = json(present(companyToken, businessLicenceId, "[\"name\",\"legalRepresentative\"]"), 200);
    String text = p.get("text").asString();
    assertThat(text).startsWith("CH1:");
    assertThat(QrImages.read(Base64.getDecoder().decode(p.get("png").asString()))).isEqualTo(text);
    assertThat(Duration.between(java.time.Instant.parse(p.get("issuedAt").asString()), java.time.Instant.parse(p.get("expiresAt").asString())))
        .isEqualTo(Duration.ofMinutes(5));

    JsonNode v = json(verify(anonymous, "{\"text\":\"" + text + "\"}"), 200);
    assertThat(v.get("verdict").asString()).isEqualTo("valid");
    assertThat(v.get("licence").get("id").asString()).isEqualTo(businessLicenceId);
    assertThat(v.get("licence").get("issuerName").asString()).isEqualTo("杭州市市场监督管理局");
    assertThat(v.get("fields")).hasSize(2);
    assertThat(v.get("fields").get(0).get("name").asString()).isEqualTo("name");
    assertThat(v.get("fields").get(1).get("label").asString()).isEqualTo("法定代表人");

    long before = auditCount();
    assertThat(json(verify(consumer, "{\"text\":\"" + text + "\"}"), 200).get("verdict").asString()).isEqualTo("valid");
    assertThat(auditCount()).isEqualTo(before + 1);
    json(verify(anonymous, "{\"text\":\"" + text + "\"}"), 200);
    assertThat(auditCount()).as("anonymous checks are not recorded").isEqualTo(before + 1);
  }

  @Test
  void presentation_refusals_sayWhatIsWrong() throws Exception {
    assertThat(present(citizenToken, businessLicenceId, "[\"name\"]").statusCode()).as("another holder's licence").isEqualTo(404);
    HttpResponse<String> badField = present(companyToken, businessLicenceId, "[\"name\",\"salary\"]");
    assertThat(badField.statusCode()).isEqualTo(400);
    assertThat(badField.body()).contains("/fields/1").contains("salary");
    assertThat(present(companyToken, businessLicenceId, "[\"name\",\"name\"]").statusCode()).isEqualTo(400);
    assertThat(present(companyToken, businessLicenceId, "{\"name\":1}").statusCode()).isEqualTo(400);
    assertThat(present(null, businessLicenceId, "[\"name\"]").statusCode()).isEqualTo(401);
    HttpResponse<String> file = send(companyToken, "GET", "/api/v1/me/licences/" + businessLicenceId + "/file", null);
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
    assertThat(JSON.readTree(file.body()).get("licence").get("id").asString()).isEqualTo(businessLicenceId);
    assertThat(send(citizenToken, "GET", "/api/v1/me/licences/" + businessLicenceId + "/file", null).statusCode()).isEqualTo(404);
  }

  @Test
  void check_badInputs_getVerdictsOrProblems_neverA500() throws Exception {
    String text = json(present(companyToken, businessLicenceId, "[\"name\"]"), 200).get("text").asString();
    assertThat(verdict("{\"text\":\"hello\"}")).isEqualTo("malformed");
    assertThat(verdict("{\"text\":\"CH1:%%%%\"}")).isEqualTo("malformed");
    assertThat(verdict("{\"text\":\"" + text.substring(0, text.length() / 2) + "\"}")).isEqualTo("malformed");
    int i = text.length() - 10;
    String changed = text.substring(0, i) + (text.charAt(i) == 'A' ? 'B' : 'A') + text.substring(i + 1);
    assertThat(verdict("{\"text\":\"" + changed + "\"}")).isIn("forged", "malformed");
    HttpResponse<String> tooLong = verify(anonymous, "{\"text\":\"" + "A".repeat(9000) + "\"}");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("/text");

    HttpResponse<String> noQr = post(anonymous, "image/png", blankPng());
    assertThat(json(noQr, 200).get("verdict").asString()).isEqualTo("unreadable");
    assertThat(json(post(anonymous, "image/png", "not a png".getBytes()), 200).get("verdict").asString()).isEqualTo("unreadable");
    HttpResponse<String> huge = post(anonymous, "image/png", new byte[QrImages.MAX_BYTES + 1]);
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(huge.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(post(anonymous, "text/plain", "hello".getBytes()).statusCode()).isEqualTo(415);
    assertThat(verify(anonymous, "{\"text\":\"x\",\"other\":1}").statusCode()).isEqualTo(400);
    assertThat(verify(anonymous, "{not json").statusCode()).isEqualTo(400);
  }

  private static byte[] blankPng() throws Exception {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(200, 200, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static String verdict(String body) throws Exception {
    return json(verify(anonymous, body), 200).get("verdict").asString();
  }

  private static long auditCount() throws Exception {
    hub.context.getBean(org.certhub.exchange.audit.AccessLog.class).awaitIndexed();
    HttpResponse<String> r = hub.get(auditor, "/api/v1/audit/entries?action=qr.verify&limit=500");
    return json(r, 200).get("entries").size();
  }

  private static String signIn(String holder, String idType, String name) throws Exception {
    HttpResponse<String> r = hub.post(anonymous, "/api/v1/me/session",
        "{\"holder\":\"" + holder + "\",\"idType\":\"" + idType + "\",\"name\":\"" + name + "\"}");
    return json(r, 200).get("token").asString();
  }

  private static HttpResponse<String> present(String token, String id, String fields) throws Exception {
    return send(token, "POST", "/api/v1/me/licences/" + id + "/presentations", "{\"fields\":" + fields + "}");
  }

  private static HttpResponse<String> verify(HttpClient client, String json) throws Exception {
    return hub.post(client, "/api/v1/qr/verify", json);
  }

  private static HttpResponse<String> post(HttpClient client, String type, byte[] body) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(hub.base + "/api/v1/qr/verify")).timeout(Duration.ofSeconds(60))
        .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> send(String token, String method, String path, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.base + path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return anonymous.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }
}

package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Matters, policies (with expiry and withdrawal), holder consent (wallet and counter QR), bundle pulls and
 * check-only matters, over real mTLS against the demo hub.
 */
class SharingIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String CONSUMER = "11330100MB23456780";
  static final String COMPANY = "91330106MA2B3C4D5D";
  static final String CITIZEN = "330106199003071236";
  static final String SPOUSE = "330106199208152347";
  static final String BUSINESS_LICENCE = "11100000MB0143028R001";
  static final String FOOD_LICENCE = "11100000MB0143028R002";
  static final String REAL_ESTATE = "11100000MB3000003K001";
  static final String CONSENT_MATTER = "330100-GS-001";

  @TempDir static Path data;
  static TestHub hub;
  static HttpClient consumer;
  static HttpClient admin;
  static HttpClient auditor;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(data, Map.of());
    consumer = hub.client("consumer");
    admin = hub.client("admin");
    auditor = hub.client("auditor");
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void bundle_returnsEveryTypeOfTheMatter_eachPolicyFiltered_eachItsOwnDurableEntry() throws Exception {
    HttpResponse<String> r = hub.post(consumer, "/api/v1/pulls/bundle",
        "{\"holder\":\"" + COMPANY + "\",\"matter\":\"330100-KB-001\",\"purpose\":\"企业开办\",\"officer\":\"李四\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode b = JSON.readTree(r.body());
    assertThat(b.get("complete").asBoolean()).isTrue();
    assertThat(b.get("items")).hasSize(2);
    JsonNode business = item(b, BUSINESS_LICENCE);
    JsonNode food = item(b, FOOD_LICENCE);
    assertThat(names(business.get("licence").get("fields"))).containsExactlyInAnyOrder("name", "legalRepresentative", "address");
    assertThat(names(food.get("licence").get("fields"))).containsExactlyInAnyOrder("permitNumber", "operatorName", "mainBusiness");
    assertThat(business.get("policy").get("id").asString()).isEqualTo("bundle-business-licence");
    long i1 = business.get("receipt").get("index").asLong();
    long i2 = food.get("receipt").get("index").asLong();
    assertThat(i1).isNotEqualTo(i2);
    assertThat(b.get("signature")).as("hub-signed").isNotNull();
    JsonNode entries = auditJson("/api/v1/audit/entries?action=pull.bundle&matter=330100-KB-001");
    List<Long> indices = new ArrayList<>();
    entries.get("entries").forEach(e -> indices.add(e.get("index").asLong()));
    assertThat(indices).contains(i1, i2);
    entries.get("entries").forEach(e -> assertThat(e.get("officer").asString()).isEqualTo("李四"));
  }

  @Test
  void bundle_unknownMatter_is400AtMatter_andRecorded() throws Exception {
    HttpResponse<String> r = hub.post(consumer, "/api/v1/pulls/bundle", "{\"holder\":\"" + COMPANY + "\",\"matter\":\"NO-SUCH\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("field").asString()).isEqualTo("/matter");
    assertThat(auditJson("/api/v1/audit/entries?matter=NO-SUCH").get("entries")).isNotEmpty();
  }

  @Test
  void consent_missing_thenWalletGrant_allows_andEntryNamesConsent_thenRevoke_refusesAgain() throws Exception {
    String body = "{\"holder\":\"" + CITIZEN + "\",\"licenceType\":\"" + REAL_ESTATE + "\",\"matter\":\"" + CONSENT_MATTER + "\"}";
    HttpResponse<String> refused = hub.post(consumer, "/api/v1/pulls", body);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(refused.body()).get("code").asString()).isEqualTo("consent_missing");
    assertThat(JSON.readTree(refused.body()).get("rule").asString()).isEqualTo("consent.required");

    String token = session(CITIZEN, "王强");
    JsonNode consent = JSON.readTree(citizen("POST", "/api/v1/me/consents", token,
        "{\"department\":\"" + CONSUMER + "\",\"matter\":\"" + CONSENT_MATTER + "\"}", 201));
    String id = consent.get("id").asString();
    assertThat(consent.get("state").asString()).isEqualTo("active");
    assertThat(consent.get("token").asString()).startsWith("CHC1:");

    HttpResponse<String> allowed = hub.post(consumer, "/api/v1/pulls", body);
    assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
    JsonNode a = JSON.readTree(allowed.body());
    assertThat(a.get("consent").asString()).isEqualTo(id);
    long index = a.get("receipt").get("index").asLong();
    JsonNode entry = findEntry(auditJson("/api/v1/audit/entries?holder=" + CITIZEN + "&action=pull"), index);
    assertThat(entry.get("consent").asString()).isEqualTo(id);

    // Another citizen cannot revoke it (and cannot tell it exists): 404.
    String spouse = session(SPOUSE, "李娜");
    citizen("DELETE", "/api/v1/me/consents/" + id, spouse, null, 404);
    citizen("DELETE", "/api/v1/me/consents/" + id, token, null, 204);
    citizen("DELETE", "/api/v1/me/consents/" + id, token, null, 409);
    HttpResponse<String> again = hub.post(consumer, "/api/v1/pulls", body);
    assertThat(again.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(again.body()).get("rule").asString()).isEqualTo("consent.required");
    JsonNode listed = JSON.readTree(citizen("GET", "/api/v1/me/consents", token, null, 200));
    assertThat(listed.get("consents").findValuesAsString("state")).contains("revoked");
    assertThat(JSON.readTree(citizen("GET", "/api/v1/me/consents", spouse, null, 200)).get("consents")).isEmpty();
  }

  @Test
  void consent_counterQrToken_allowsThatPull_forgedOrOthersTokenRefused() throws Exception {
    String token = session(CITIZEN, "王强");
    JsonNode consent = JSON.readTree(citizen("POST", "/api/v1/me/consents", token,
        "{\"department\":\"" + CONSUMER + "\",\"matter\":\"" + CONSENT_MATTER + "\",\"channel\":\"counter\",\"minutes\":5}", 201));
    String qr = consent.get("token").asString();
    assertThat(Duration.between(Instant.parse(consent.get("grantedAt").asString()), Instant.parse(consent.get("expiresAt").asString())))
        .isEqualTo(Duration.ofMinutes(5));
    String marriage = "{\"holder\":\"" + CITIZEN + "\",\"licenceType\":\"11100000MB2000002A001\",\"matter\":\"" + CONSENT_MATTER
        + "\",\"consent\":\"%s\"}";
    HttpResponse<String> ok = hub.post(consumer, "/api/v1/pulls", String.format(marriage, qr));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(JSON.readTree(ok.body()).get("consent").asString()).isEqualTo(consent.get("id").asString());

    String forged = qr.substring(0, qr.length() - 2) + (qr.endsWith("A") ? "BB" : "AA");
    HttpResponse<String> bad = hub.post(consumer, "/api/v1/pulls", String.format(marriage, forged));
    assertThat(bad.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(bad.body()).get("rule").asString()).isEqualTo("consent.token");

    // The spouse's genuine consent token cannot be used for the citizen's data.
    String spouse = session(SPOUSE, "李娜");
    String spouseQr = JSON.readTree(citizen("POST", "/api/v1/me/consents", spouse,
        "{\"department\":\"" + CONSUMER + "\",\"matter\":\"" + CONSENT_MATTER + "\",\"channel\":\"counter\"}", 201)).get("token").asString();
    HttpResponse<String> other = hub.post(consumer, "/api/v1/pulls", String.format(marriage, spouseQr));
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(other.body()).get("rule").asString()).isEqualTo("consent.mismatch");
    assertThat(other.body()).doesNotContain(SPOUSE);
  }

  @Test
  void consent_grantForDepartmentThatDoesNotHandleMatter_is400_withoutSession401() throws Exception {
    String token = session(CITIZEN, "王强");
    JsonNode p = JSON.readTree(citizen("POST", "/api/v1/me/consents", token,
        "{\"department\":\"11330100MB3456789H\",\"matter\":\"" + CONSENT_MATTER + "\"}", 400));
    assertThat(p.get("field").asString()).isEqualTo("/department");
    citizen("GET", "/api/v1/me/consents", "forged.token", null, 401);
  }

  @Test
  void checkSufficesMatter_refusesPulls_butAnswersChecks() throws Exception {
    HttpResponse<String> pull = hub.post(consumer, "/api/v1/pulls",
        "{\"holder\":\"" + COMPANY + "\",\"licenceType\":\"" + BUSINESS_LICENCE + "\",\"matter\":\"330100-SW-003\"}");
    assertThat(pull.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(pull.body()).get("rule").asString()).isEqualTo("matter.check_suffices");
    HttpResponse<String> check = hub.post(consumer, "/api/v1/checks", "{\"holder\":\"" + COMPANY + "\",\"licenceType\":\"" + BUSINESS_LICENCE
        + "\",\"matter\":\"330100-SW-003\",\"claims\":[{\"field\":\"legalRepresentative\",\"equals\":\"张三\"},{\"notRevoked\":true}]}");
    assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
    assertThat(JSON.readTree(check.body()).get("allHold").asBoolean()).isTrue();
    assertThat(check.body()).doesNotContain("杭州示例科技有限公司");
  }

  @Test
  void admin_matterAndPolicy_lifecycle_expiryAndWithdrawal_areEnforcedAndLedgered() throws Exception {
    String matter = "{\"code\":\"T-EXP-1\",\"name\":\"测试事项\",\"handlers\":[\"" + CONSUMER + "\"],\"licenceTypes\":[\"" + BUSINESS_LICENCE
        + "\"],\"legalBasis\":\"测试\"}";
    HttpResponse<String> notAdmin = hub.post(consumer, "/api/v1/admin/matters", matter);
    assertThat(notAdmin.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(notAdmin.body()).get("code").asString()).isEqualTo("role_missing");
    assertThat(hub.post(admin, "/api/v1/admin/matters", matter).statusCode()).isEqualTo(201);
    assertThat(hub.post(admin, "/api/v1/admin/matters", matter).statusCode()).isEqualTo(409);
    HttpResponse<String> badHandler = hub.post(admin, "/api/v1/admin/matters",
        "{\"code\":\"T-X\",\"name\":\"x\",\"handlers\":[\"nobody\"],\"licenceTypes\":[\"" + BUSINESS_LICENCE + "\"]}");
    assertThat(JSON.readTree(badHandler.body()).get("field").asString()).isEqualTo("/handlers/0");
    assertThat(JSON.readTree(hub.get(consumer, "/api/v1/matters/T-EXP-1").body()).get("consentRequired").asBoolean()).isFalse();

    HttpResponse<String> badField = hub.post(admin, "/api/v1/admin/policies", policy("[\"name\",\"noSuchField\"]", null));
    assertThat(badField.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badField.body()).get("field").asString()).isEqualTo("/fields/1");

    Instant until = Instant.now().plusSeconds(4);
    HttpResponse<String> created = hub.post(admin, "/api/v1/admin/policies", policy("[\"name\"]", until.toString()));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String policyId = JSON.readTree(created.body()).get("id").asString();
    assertThat(hub.post(admin, "/api/v1/admin/policies", policy("[\"name\"]", null)).statusCode()).as("one active grant").isEqualTo(409);
    assertThat(hub.get(consumer, "/api/v1/policies").body()).contains(policyId);

    String pull = "{\"holder\":\"" + COMPANY + "\",\"licenceType\":\"" + BUSINESS_LICENCE + "\",\"matter\":\"T-EXP-1\"}";
    HttpResponse<String> inTime = hub.post(consumer, "/api/v1/pulls", pull);
    assertThat(inTime.statusCode()).as(inTime.body()).isEqualTo(200);
    assertThat(names(JSON.readTree(inTime.body()).get("licence").get("fields"))).containsExactly("name");
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), until).toMillis() + 200));
    HttpResponse<String> lapsed = hub.post(consumer, "/api/v1/pulls", pull);
    assertThat(lapsed.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(lapsed.body()).get("rule").asString()).isEqualTo("policy.expired");

    HttpResponse<String> withdrawn = hub.send(admin, HttpRequest.newBuilder(URI.create(hub.base + "/api/v1/admin/policies/" + policyId)).DELETE().build());
    assertThat(withdrawn.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(withdrawn.body()).get("withdrawnAt")).isNotNull();
    assertThat(hub.send(admin, HttpRequest.newBuilder(URI.create(hub.base + "/api/v1/admin/policies/" + policyId)).DELETE().build()).statusCode())
        .isEqualTo(409);
    assertThat(JSON.readTree(hub.post(consumer, "/api/v1/pulls", pull).body()).get("rule").asString()).isEqualTo("policy.grant");
    assertThat(hub.get(admin, "/api/v1/admin/policies?matter=T-EXP-1&withdrawn=true").body()).contains(policyId);
    JsonNode changes = auditJson("/api/v1/audit/entries?matter=T-EXP-1&department=11330100MB45678917");
    assertThat(changes.get("entries").findValuesAsString("action"))
        .contains("admin.matter.create", "admin.policy.create", "admin.policy.withdraw");
  }

  @Test
  void signedPull_rfc9421_isAcceptedAndItsSignatureKeptInTheLedger_tamperedOrForeignKeyIs401() throws Exception {
    String body = "{\"holder\":\"" + COMPANY + "\",\"licenceType\":\"" + BUSINESS_LICENCE + "\",\"matter\":\"330100-SW-001\"}";
    HttpResponse<String> ok = signedPost("/api/v1/pulls", body, body, "consumer");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    long index = JSON.readTree(ok.body()).get("receipt").get("index").asLong();
    JsonNode entry = findEntry(auditJson("/api/v1/audit/entries?holder=" + COMPANY + "&action=pull"), index);
    assertThat(entry.get("signature").asString()).startsWith("keyid=" + fingerprint("consumer") + " base=sha256:").contains("sig1=:");

    HttpResponse<String> tampered = signedPost("/api/v1/pulls", body, body.replace("330100-SW-001", "330100-SW-002"), "consumer");
    assertThat(tampered.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(tampered.body()).get("code").asString()).isEqualTo("signature_invalid");
    assertThat(JSON.readTree(tampered.body()).get("detail").asString()).contains("digest_mismatch");

    // Signed with the auditor's key, sent over the consumer's TLS identity: not the caller's key.
    HttpResponse<String> foreign = signedPost("/api/v1/pulls", body, body, "auditor");
    assertThat(foreign.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(foreign.body()).get("detail").asString()).contains("unknown_key");

    String check = "{\"holder\":\"" + COMPANY + "\",\"licenceType\":\"" + BUSINESS_LICENCE
        + "\",\"matter\":\"330100-SW-003\",\"claims\":[{\"notRevoked\":true}]}";
    assertThat(signedPost("/api/v1/checks", check, check, "consumer").statusCode()).isEqualTo(200);
  }

  /** Signs {@code signedBody} with the key of {@code signer} (RFC 9421 over @method, @target-uri, content-digest), sends {@code sentBody}. */
  private static HttpResponse<String> signedPost(String path, String signedBody, String sentBody, String signer) throws Exception {
    byte[] signed = signedBody.getBytes(StandardCharsets.UTF_8);
    String digest = org.certhub.signer.httpsig.ContentDigest.create(signed, org.certhub.signer.httpsig.ContentDigest.Algorithm.SHA_256);
    var request = org.certhub.signer.httpsig.HttpRequest.of("POST", URI.create(hub.base + path),
        org.certhub.signer.httpsig.HttpFields.builder().add("Content-Type", "application/json").add("Content-Digest", digest).build(), signed);
    String pem = java.nio.file.Files.readString(hub.demo(signer + ".key"));
    var key = org.certhub.signer.key.Keys.handle(org.certhub.signer.pki.Pem.parsePrivateKey(pem),
        org.certhub.signer.pki.Pem.parseCertificates(java.nio.file.Files.readString(hub.demo(signer + ".pem"))));
    var headers = new org.certhub.signer.httpsig.HttpSigner(key, fingerprint(signer))
        .sign(request, org.certhub.signer.httpsig.SignatureSpec.of("sig1", List.of("@method", "@target-uri", "content-digest"), Instant.now()));
    return hub.send(consumer, HttpRequest.newBuilder(URI.create(hub.base + path))
        .header("Content-Type", "application/json")
        .header("Content-Digest", digest)
        .header("Signature-Input", headers.signatureInput())
        .header("Signature", headers.signature())
        .POST(HttpRequest.BodyPublishers.ofString(sentBody, StandardCharsets.UTF_8))
        .build());
  }

  private static String fingerprint(String identity) throws Exception {
    var cert = org.certhub.signer.pki.Pem.parseCertificates(java.nio.file.Files.readString(hub.demo(identity + ".pem"))).get(0);
    return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
  }

  private static String policy(String fields, String until) {
    return "{\"consumer\":\"" + CONSUMER + "\",\"licenceType\":\"" + BUSINESS_LICENCE + "\",\"matter\":\"T-EXP-1\",\"fields\":" + fields
        + ",\"legalBasis\":\"测试依据\"" + (until == null ? "" : ",\"validUntil\":\"" + until + "\"") + "}";
  }

  private static JsonNode item(JsonNode bundle, String type) {
    for (JsonNode i : bundle.get("items")) {
      if (i.get("licenceType").asString().equals(type)) {
        return i;
      }
    }
    throw new AssertionError("no item for " + type + " in " + bundle);
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.propertyNames().forEach(out::add);
    return out;
  }

  private static JsonNode auditJson(String path) throws Exception {
    HttpResponse<String> r = hub.get(auditor, path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static JsonNode findEntry(JsonNode entries, long index) {
    for (JsonNode e : entries.get("entries")) {
      if (e.get("index").asLong() == index) {
        return e;
      }
    }
    throw new AssertionError("no entry " + index + " in " + entries);
  }

  static String session(String holder, String name) throws Exception {
    HttpResponse<String> r = hub.post(hub.client(null), "/api/v1/me/session", "{\"holder\":\"" + holder + "\",\"name\":\"" + name + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("token").asString();
  }

  static String citizen(String method, String path, String token, String body, int expected) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.base + path)).header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(30));
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = hub.send(hub.client(null), b.build());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
    return r.body();
  }
}

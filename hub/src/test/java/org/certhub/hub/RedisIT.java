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
import java.util.List;
import java.util.Map;
import org.certhub.testkit.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hub with {@code certhub.redis.url} set, against a redis-server this class starts, stops and restarts: health
 * shows Redis; the shared rate-limit bucket and the licence cache live in Redis; a replayed QR presentation and a
 * replayed signed request are refused; with Redis stopped pulls and checks still answer 200 while department QR checks
 * answer 503, and all recovers when Redis is back, without restarting the hub; a revoke is seen at once through the cache.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String COMPANY = "91330106MA2B3C4D5D";

  @TempDir static Path data;
  static RedisServer redis;
  static TestHub hub;
  static HttpClient anonymous;
  static HttpClient consumer;
  static HttpClient auditor;
  static HttpClient issuer;
  static JsonNode demo;
  static String licenceId;
  static String companyToken;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.start();
    hub = TestHub.start(data, Map.of("certhub.redis.url", redis.url(), "certhub.rate-limit.burst", "1000",
        "certhub.redis.retry-after", "300ms",
        // Seeding the demo just wrote tombstones for its licences; a short one lets this test see the cache filled soon.
        "certhub.redis.tombstone-ttl", "1s"));
    anonymous = hub.client(null);
    consumer = hub.client("consumer");
    auditor = hub.client("auditor");
    issuer = hub.client("issuer");
    demo = JSON.readTree(Files.readString(hub.demo("demo.json")));
    licenceId = demo.get("licenceId").asString();
    companyToken = json(hub.post(anonymous, "/api/v1/me/session", "{\"holder\":\"" + COMPANY + "\",\"idType\":\"001\",\"name\":\"杭州示例科技有限公司\"}"), 200)
        .get("token").asString();
  }

  @AfterAll
  static void stop() {
    try {
      if (hub != null) {
        hub.close();
      }
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
  }

  @Test
  @Order(1)
  void health_showsRedis_andPullsUseTheSharedBucketAndTheCache() throws Exception {
    JsonNode health = json(hub.get(anonymous, "/actuator/health"), 200);
    assertThat(health.get("components").get("redis").get("status").asString()).isEqualTo("UP");
    JsonNode engines = json(hub.get(anonymous, "/actuator/health/engines"), 200).get("components").get("redis");
    assertThat(engines.get("details").get("url").asString()).isEqualTo(redis.url());
    try (RedisClient raw = raw()) {
      String key = "certhub:licence:view:" + licenceId;
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      do {
        assertThat(json(hub.post(consumer, "/api/v1/pulls", demo.toString()), 200).get("licence")).isNotNull();
        Thread.sleep(100);
      } while (!String.valueOf(raw.get(key)).contains("\"status\"") && System.nanoTime() < deadline);
      assertThat(raw.keys("certhub:ratelimit:*")).as("the pull took from the shared bucket").hasSize(1);
      assertThat(raw.get(key)).as("the licence view is cached once the seeding's tombstone expired").contains("\"status\":\"valid\"");
      assertThat(raw.pttl(key)).isBetween(1L, 60_000L);
    }
  }

  @Test
  @Order(2)
  void replayedPresentation_isRefused_sameDepartmentMayScanAgain() throws Exception {
    String text = presentation();
    assertThat(verdict(consumer, text)).isEqualTo("valid");
    assertThat(verdict(consumer, text)).as("the same counter scanning again").isEqualTo("valid");
    JsonNode replayed = json(verify(auditor, text), 200);
    assertThat(replayed.get("verdict").asString()).as("another department").isEqualTo("replayed");
    assertThat(replayed.get("reason").asString()).contains("another department already checked this presentation");
    assertThat(verdict(anonymous, text)).as("an anonymous look is neither guarded nor recorded").isEqualTo("valid");
    try (RedisClient raw = raw()) {
      assertThat(raw.keys("certhub:replay:qr:*")).hasSize(1);
    }
  }

  @Test
  @Order(3)
  void replayedSignedRequest_isRefused() throws Exception {
    String body = demo.toString();
    HttpRequest signed = signedPull(body);
    HttpResponse<String> first = hub.send(consumer, signed);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    HttpResponse<String> again = hub.send(consumer, signed);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(401);
    JsonNode p = JSON.readTree(again.body());
    assertThat(p.get("code").asString()).isEqualTo("signature_invalid");
    assertThat(p.get("detail").asString()).contains("replayed");
  }

  @Test
  @Order(4)
  void redisStopped_pullsAndChecksGoOn_departmentQrChecksAre503_thenAllRecovers() throws Exception {
    String before = presentation();
    redis.stop();
    try {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> pull = hub.post(consumer, "/api/v1/pulls", demo.toString());
        assertThat(pull.statusCode()).as(pull.body()).isEqualTo(200);
      }
      String check = "{\"holder\":\"" + COMPANY + "\",\"licenceType\":\"" + demo.get("licenceType").asString()
          + "\",\"matter\":\"330100-SW-003\",\"claims\":[{\"notRevoked\":true}]}";
      HttpResponse<String> checked = hub.post(consumer, "/api/v1/checks", check);
      assertThat(checked.statusCode()).as(checked.body()).isEqualTo(200);

      HttpResponse<String> qr = verify(consumer, before);
      assertThat(qr.statusCode()).as(qr.body()).isEqualTo(503);
      assertThat(qr.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
      JsonNode problem = JSON.readTree(qr.body());
      assertThat(problem.get("code").asString()).isEqualTo("replay_guard_unavailable");
      assertThat(problem.get("detail").asString()).contains("replay guard cannot be reached");
      assertThat(verdict(anonymous, before)).as("an anonymous look needs no guard").isEqualTo("valid");

      HttpResponse<String> health = hub.get(anonymous, "/actuator/health");
      assertThat(health.statusCode()).as("the instance still serves: not taken out of a load balancer").isEqualTo(200);
      assertThat(JSON.readTree(health.body()).get("components").get("redis").get("status").asString()).isEqualTo("DEGRADED");
      assertThat(JSON.readTree(health.body()).get("status").asString()).isEqualTo("DEGRADED");
      assertThat(hub.get(anonymous, "/actuator/health/engines").body()).contains("JedisConnectionException");
    } finally {
      redis.restart();
    }
    // Back (empty: no persistence), no hub restart: within the breaker's retry the guard answers again.
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    HttpResponse<String> qr = verify(consumer, before);
    while (qr.statusCode() == 503 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      qr = verify(consumer, before);
    }
    assertThat(qr.statusCode()).as(qr.body()).isEqualTo(200);
    assertThat(JSON.readTree(qr.body()).get("verdict").asString()).isEqualTo("valid");
    assertThat(verdict(auditor, before)).as("the guard works again").isEqualTo("replayed");
    assertThat(json(hub.get(anonymous, "/actuator/health"), 200).get("components").get("redis").get("status").asString()).isEqualTo("UP");
    assertThat(hub.post(consumer, "/api/v1/pulls", demo.toString()).statusCode()).isEqualTo(200);
    try (RedisClient raw = raw()) {
      assertThat(raw.keys("certhub:ratelimit:*")).as("the shared bucket is used again").hasSize(1);
    }
  }

  @Test
  @Order(5)
  void revoke_isSeenAtOnce_throughTheCache() throws Exception {
    String text = presentation();
    assertThat(hub.post(consumer, "/api/v1/pulls", demo.toString()).statusCode()).isEqualTo(200);
    assertThat(hub.post(consumer, "/api/v1/pulls", demo.toString()).statusCode()).isEqualTo(200);
    try (RedisClient raw = raw()) {
      assertThat(raw.get("certhub:licence:view:" + licenceId)).as("cached as valid before the revoke").contains("\"status\":\"valid\"");
    }
    HttpResponse<String> revoked = hub.post(issuer, "/api/v1/licences/" + licenceId + "/revocation", "{\"reason\":\"营业执照被吊销\"}");
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

    HttpResponse<String> pull = hub.post(consumer, "/api/v1/pulls", demo.toString());
    assertThat(pull.statusCode()).as("the very next pull: " + pull.body()).isEqualTo(409);
    assertThat(JSON.readTree(pull.body()).get("code").asString()).isEqualTo("licence_invalid");
    assertThat(verdict(consumer, text)).isEqualTo("revoked");
    try (RedisClient raw = raw()) {
      assertThat(raw.get("certhub:licence:view:" + licenceId)).as("the old view is gone from Redis").doesNotContain("\"status\":\"valid\"");
    }
  }

  private static String presentation() throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create(hub.base + "/api/v1/me/licences/" + licenceId + "/presentations"))
        .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + companyToken).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"fields\":[\"name\"]}")).build();
    return json(hub.send(anonymous, r), 200).get("text").asString();
  }

  private static HttpResponse<String> verify(HttpClient client, String text) throws Exception {
    return hub.post(client, "/api/v1/qr/verify", "{\"text\":\"" + text + "\"}");
  }

  private static String verdict(HttpClient client, String text) throws Exception {
    return json(verify(client, text), 200).get("verdict").asString();
  }

  /** A pull signed with the consumer's key (RFC 9421 over @method, @target-uri, content-digest), ready to send twice. */
  private static HttpRequest signedPull(String body) throws Exception {
    String path = "/api/v1/pulls";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String digest = org.certhub.signer.httpsig.ContentDigest.create(bytes, org.certhub.signer.httpsig.ContentDigest.Algorithm.SHA_256);
    var request = org.certhub.signer.httpsig.HttpRequest.of("POST", URI.create(hub.base + path),
        org.certhub.signer.httpsig.HttpFields.builder().add("Content-Type", "application/json").add("Content-Digest", digest).build(), bytes);
    var cert = org.certhub.signer.pki.Pem.parseCertificates(Files.readString(hub.demo("consumer.pem")));
    var key = org.certhub.signer.key.Keys.handle(org.certhub.signer.pki.Pem.parsePrivateKey(Files.readString(hub.demo("consumer.key"))), cert);
    String fingerprint = "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(cert.get(0).getEncoded()));
    var headers = new org.certhub.signer.httpsig.HttpSigner(key, fingerprint)
        .sign(request, org.certhub.signer.httpsig.SignatureSpec.of("sig1", List.of("@method", "@target-uri", "content-digest"), Instant.now()));
    return HttpRequest.newBuilder(URI.create(hub.base + path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header("Content-Digest", digest)
        .header("Signature-Input", headers.signatureInput())
        .header("Signature", headers.signature())
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
  }

  private static RedisClient raw() {
    return RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", redis.port())).build();
  }

  private static JsonNode json(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }
}

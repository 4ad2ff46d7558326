package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Subscriptions over real mTLS and webhooks to a real HTTP receiver that fails its first attempts, then recovers:
 * nothing is lost, retries carry the same event id, every signature verifies (checked here independently), and
 * only the subscriptions entitled to an event receive it.
 */
class SubscriptionIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  @TempDir static Path data;
  static TestHub hub;
  static HttpServer receiver;
  static final List<Received> received = new CopyOnWriteArrayList<>();
  static final AtomicInteger failuresLeft = new AtomicInteger(3);

  record Received(String path, String id, String timestamp, String signature, String body, int answered) {}

  @BeforeAll
  static void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      int status = exchange.getRequestURI().getPath().equals("/hook") && failuresLeft.getAndDecrement() > 0 ? 500 : 204;
      received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("webhook-id"),
          exchange.getRequestHeaders().getFirst("webhook-timestamp"), exchange.getRequestHeaders().getFirst("webhook-signature"), body, status));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    receiver.start();
    hub = TestHub.start(data, Map.of("certhub.webhooks.poll", "100ms", "certhub.webhooks.retry-base", "300ms", "certhub.supervision.interval", "PT1S"));
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  void updateAndRevoke_deliveredDespiteFailingReceiver_sameIdOnRetries_signaturesVerify_onlyEntitledSubscriptionsHear() throws Exception {
    HttpClient consumer = hub.client("consumer");
    HttpClient issuer = hub.client("issuer");
    JsonNode demo = JSON.readTree(Files.readString(hub.demo("demo.json")));
    String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    assertThat(hub.post(consumer, "/api/v1/pulls", demo.toString()).statusCode()).isEqualTo(200);

    HttpResponse<String> sub = hub.post(consumer, "/api/v1/subscriptions",
        "{\"matter\":\"" + demo.get("matter").asString() + "\",\"callbackUrl\":\"" + base + "/hook\"}");
    assertThat(sub.statusCode()).as(sub.body()).isEqualTo(201);
    JsonNode s = JSON.readTree(sub.body());
    String secret = s.get("secret").asString();
    assertThat(secret).startsWith("whsec_");
    // The same department on a matter it never pulled anything for: must hear nothing.
    HttpResponse<String> other = hub.post(consumer, "/api/v1/subscriptions",
        "{\"matter\":\"330100-SW-002\",\"callbackUrl\":\"" + base + "/other\"}");
    assertThat(other.statusCode()).isEqualTo(201);

    String v1 = demo.get("licenceId").asString();
    HttpResponse<String> updated = hub.post(issuer, "/api/v1/licences/" + v1 + "/versions", "{\"fields\":{\"address\":\"浙江省杭州市西湖区文三路2号\"}}");
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(201);
    String v2 = JSON.readTree(updated.body()).get("licence").get("id").asString();
    assertThat(hub.post(issuer, "/api/v1/licences/" + v2 + "/revocation", "{\"reason\":\"吊销\"}").statusCode()).isEqualTo(200);

    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline && delivered().size() < 2) {
      Thread.sleep(100);
    }
    assertThat(delivered()).as("both events arrive in the end").hasSize(2);
    assertThat(received.stream().filter(r -> r.answered() == 500)).as("the receiver failed first").hasSize(3);
    Map<String, JsonNode> byType = new java.util.HashMap<>();
    for (Received r : received) {
      if (!r.path().equals("/hook")) {
        continue;
      }
      JsonNode body = JSON.readTree(r.body());
      assertThat(r.id()).as("webhook-id is the event id, on every attempt").isEqualTo(body.get("id").asString());
      assertThat(r.signature()).isEqualTo("v1," + hmac(secret, r.id() + "." + r.timestamp() + "." + r.body()));
      byType.put(body.get("type").asString(), body);
    }
    assertThat(byType.keySet()).containsExactlyInAnyOrder("licence.updated", "licence.revoked");
    assertThat(byType.get("licence.updated").get("licence").get("id").asString()).isEqualTo(v2);
    assertThat(byType.get("licence.updated").get("licence").get("previousId").asString()).isEqualTo(v1);
    assertThat(byType.get("licence.revoked").get("licence").get("status").asString()).isEqualTo("revoked");
    assertThat(byType.get("licence.revoked").get("holder").get("id").asString()).isEqualTo(demo.get("holder").asString());

    // The receiver holds the request before the hub has its answer and marks the delivery: wait for the mark.
    JsonNode view = JSON.readTree(hub.get(consumer, "/api/v1/subscriptions/" + s.get("id").asString()).body());
    long marked = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < marked && !view.get("deliveries").findValuesAsString("status").stream().allMatch("delivered"::equals)) {
      Thread.sleep(100);
      view = JSON.readTree(hub.get(consumer, "/api/v1/subscriptions/" + s.get("id").asString()).body());
    }
    assertThat(view.get("deliveries").findValuesAsString("status")).containsOnly("delivered").hasSize(2);
    assertThat(view.get("deliveries").findValues("attempts").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(5);
    JsonNode notices = JSON.readTree(hub.get(hub.client("auditor"), "/api/v1/audit/entries?action=event.notify&department=11330100MB23456780").body());
    assertThat(notices.get("entries")).as("each notification is a ledger entry").hasSize(2);
  }

  @Test
  void supervisionAlerts_reachAuditorsAsSignedWebhooks_oncePerDay_andAreLedgered() throws Exception {
    String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    HttpClient auditor = hub.client("auditor");
    HttpResponse<String> sub = hub.post(auditor, "/api/v1/subscriptions", "{\"callbackUrl\":\"" + base + "/alerts\",\"events\":[\"supervision.alert\"]}");
    assertThat(sub.statusCode()).as(sub.body()).isEqualTo(201);
    String secret = JSON.readTree(sub.body()).get("secret").asString();
    assertThat(hub.post(hub.client("consumer"), "/api/v1/subscriptions", "{\"callbackUrl\":\"" + base + "/x\",\"events\":[\"supervision.alert\"]}")
        .statusCode()).as("only auditors hear of alerts").isEqualTo(403);
    // A burst far above the (empty) baseline: at least 20 allowed pulls by one department in 24 hours.
    String food = "{\"holder\":\"91330106MA2B3C4D5D\",\"licenceType\":\"11100000MB0143028R002\",\"matter\":\"330100-KB-001\"}";
    for (int i = 0; i < 21; i++) {
      assertThat(hub.post(hub.client("consumer"), "/api/v1/pulls", food).statusCode()).isEqualTo(200);
    }
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline && volumeAlerts().isEmpty()) {
      Thread.sleep(200);
    }
    assertThat(volumeAlerts()).hasSize(1);
    Received r = volumeAlerts().get(0);
    assertThat(r.signature()).isEqualTo("v1," + hmac(secret, r.id() + "." + r.timestamp() + "." + r.body()));
    JsonNode alert = JSON.readTree(r.body()).get("alert");
    assertThat(alert.get("count").asInt()).isGreaterThanOrEqualTo(20);
    Thread.sleep(2500);
    assertThat(volumeAlerts()).as("raised once per kind, department and day").hasSize(1);
    JsonNode entries = JSON.readTree(hub.get(auditor, "/api/v1/audit/entries?action=supervision.alert&department=11330100MB23456780").body());
    assertThat(entries.get("entries").findValuesAsString("rule")).contains("volume");
  }

  private static List<Received> volumeAlerts() throws Exception {
    List<Received> out = new java.util.ArrayList<>();
    for (Received r : received) {
      if (r.path().equals("/alerts")) {
        JsonNode a = JSON.readTree(r.body()).get("alert");
        if (a.get("kind").asString().equals("volume") && a.get("department").asString().equals("11330100MB23456780")) {
          out.add(r);
        }
      }
    }
    return out;
  }

  @Test
  void otherDepartments_cannotSeeOrCancel_andBadInputIs400() throws Exception {
    HttpClient consumer = hub.client("consumer");
    HttpResponse<String> sub = hub.post(consumer, "/api/v1/subscriptions",
        "{\"matter\":\"330100-SW-001\",\"callbackUrl\":\"http://127.0.0.1:9/none\",\"events\":[\"licence.revoked\"]}");
    assertThat(sub.statusCode()).isEqualTo(201);
    String id = JSON.readTree(sub.body()).get("id").asString();
    for (String who : List.of("auditor", "admin", "issuer")) {
      HttpClient c = hub.client(who);
      assertThat(hub.get(c, "/api/v1/subscriptions/" + id).statusCode()).as(who).isEqualTo(404);
      assertThat(hub.send(c, HttpRequest.newBuilder(URI.create(hub.base + "/api/v1/subscriptions/" + id)).DELETE().build()).statusCode())
          .as(who).isEqualTo(404);
      assertThat(hub.get(c, "/api/v1/subscriptions").body()).doesNotContain(id);
    }
    HttpResponse<String> auditorSubscribes = hub.post(hub.client("auditor"), "/api/v1/subscriptions",
        "{\"matter\":\"330100-SW-001\",\"callbackUrl\":\"https://example.org/x\"}");
    assertThat(JSON.readTree(auditorSubscribes.body()).get("code").asString()).isEqualTo("role_missing");
    assertThat(field(hub.post(consumer, "/api/v1/subscriptions", "{\"matter\":\"330100-SW-001\",\"callbackUrl\":\"ftp://x/y\"}")))
        .isEqualTo("/callbackUrl");
    assertThat(field(hub.post(consumer, "/api/v1/subscriptions",
        "{\"matter\":\"330100-SW-001\",\"callbackUrl\":\"https://x/y\",\"events\":[\"licence.read\"]}"))).isEqualTo("/events/0");
    assertThat(hub.send(consumer, HttpRequest.newBuilder(URI.create(hub.base + "/api/v1/subscriptions/" + id)).DELETE().build()).statusCode())
        .isEqualTo(204);
    assertThat(JSON.readTree(hub.get(consumer, "/api/v1/subscriptions/" + id).body()).get("cancelledAt")).isNotNull();
  }

  private static String field(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    return JSON.readTree(r.body()).get("field").asString();
  }

  private static Set<String> delivered() {
    Set<String> ids = new LinkedHashSet<>();
    received.stream().filter(r -> r.answered() == 204 && r.path().equals("/hook")).forEach(r -> ids.add(r.id()));
    return ids;
  }

  private static String hmac(String secret, String content) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
  }
}

package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Rate limits per department and matter answer 429 problem+json with Retry-After, over real mTLS. */
class RateLimitIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  @TempDir static Path data;
  static TestHub hub;

  @BeforeAll
  static void start() {
    hub = TestHub.start(data, Map.of("certhub.rate-limit.per-second", "0.2", "certhub.rate-limit.burst", "2"));
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void thirdPullInABurst_is429WithRetryAfter() throws Exception {
    HttpClient consumer = hub.client("consumer");
    String demo = Files.readString(hub.demo("demo.json"));
    assertThat(hub.post(consumer, "/api/v1/pulls", demo).statusCode()).isEqualTo(200);
    assertThat(hub.post(consumer, "/api/v1/pulls", demo).statusCode()).isEqualTo(200);
    HttpResponse<String> third = hub.post(consumer, "/api/v1/pulls", demo);
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 5L);
    JsonNode p = JSON.readTree(third.body());
    assertThat(p.get("code").asString()).isEqualTo("rate_limited");
    assertThat(p.get("status").asInt()).isEqualTo(429);
  }
}

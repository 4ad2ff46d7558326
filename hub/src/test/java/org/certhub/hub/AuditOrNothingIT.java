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
import org.certhub.testkit.TmpfsMount;

/**
 * Audit or nothing: the ledger lives on a small real tmpfs that the test fills up. While the journal cannot
 * append, pulls and checks answer 503 problem+json and release no data; once space is freed they resume by
 * themselves, and the entries of the refused requests never appear.
 */
class AuditOrNothingIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  @TempDir static Path data;
  static Path disk;
  static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    disk = TmpfsMount.mount(data.resolve("ledger"), "4m");
    hub = TestHub.start(data, Map.of("certhub.ledger.append-timeout", "5s"));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (hub != null) {
        hub.close();
      }
    } finally {
      TmpfsMount.unmount(disk);
    }
  }

  @Test
  void fullDisk_pullsAndChecksAre503WithoutData_thenResumeByThemselves() throws Exception {
    HttpClient consumer = hub.client("consumer");
    String demo = Files.readString(hub.demo("demo.json"));
    JsonNode first = JSON.readTree(hub.post(consumer, "/api/v1/pulls", demo).body());
    long lastIndex = first.get("receipt").get("index").asLong();

    Path filler = TmpfsMount.fill(disk.resolve("filler"));
    HttpResponse<String> refused = null;
    // The journal file's last page may still have room for a few small entries; the disk is full after that.
    for (int i = 0; i < 40 && refused == null; i++) {
      HttpResponse<String> r = hub.post(consumer, "/api/v1/pulls", demo);
      if (r.statusCode() == 200) {
        lastIndex = JSON.readTree(r.body()).get("receipt").get("index").asLong();
      } else {
        refused = r;
      }
    }
    assertThat(refused).as("a pull is refused once the disk is full").isNotNull();
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(refused.body());
    assertThat(problem.get("code").asString()).isEqualTo("ledger_unavailable");
    assertThat(problem.get("detail").asString()).contains("nothing is released");
    assertThat(refused.body()).doesNotContain("杭州示例科技有限公司").doesNotContain("张三");

    HttpResponse<String> health = hub.get(hub.client(null), "/actuator/health");
    assertThat(health.statusCode()).as("health is DOWN while the ledger cannot append").isEqualTo(503);
    assertThat(JSON.readTree(health.body()).get("status").asString()).isEqualTo("DOWN");

    JsonNode d = JSON.readTree(demo);
    HttpResponse<String> check = hub.post(consumer, "/api/v1/checks", "{\"holder\":\"" + d.get("holder").asString() + "\",\"licenceType\":\""
        + d.get("licenceType").asString() + "\",\"matter\":\"" + d.get("matter").asString() + "\",\"claims\":[{\"notRevoked\":true}]}");
    assertThat(check.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(check.body()).get("code").asString()).isEqualTo("ledger_unavailable");
    assertThat(check.body()).doesNotContain("allHold");

    Files.delete(filler);
    HttpResponse<String> resumed = null;
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      resumed = hub.post(consumer, "/api/v1/pulls", demo);
      if (resumed.statusCode() == 200) {
        break;
      }
      Thread.sleep(300);
    }
    assertThat(resumed.statusCode()).as("pulls resume once space is back: " + resumed.body()).isEqualTo(200);
    assertThat(JSON.readTree(resumed.body()).get("receipt").get("index").asLong())
        .as("refused requests left no entry: the next index follows the last acknowledged one")
        .isEqualTo(lastIndex + 1);
    assertThat(hub.get(hub.client(null), "/actuator/health").statusCode()).as("UP again after recovery").isEqualTo(200);
    long signed = 0;
    for (int i = 0; i < 50 && signed <= lastIndex + 1; i++) {
      Thread.sleep(200);
      signed = Long.parseLong(hub.get(hub.client(null), "/ledger/checkpoint").body().split("\n")[1]);
    }
    assertThat(signed).as("checkpoints are signed again after recovery").isGreaterThan(lastIndex + 1);
  }
}

package org.certhub.bench.fault;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Disk full for the ledger, at process level: the hub's ledger directory is a 4 MiB tmpfs (a real ENOSPC from a real
 * file system); each run fills it, pulls must answer 503 problem+json {@code ledger_unavailable} without licence data,
 * then frees it, and pulls must succeed again within 20 s without a restart, the next receipt index following the last
 * acknowledged one (refused pulls left no entry), and {@code ledger verify --url} must pass. After the last run the hub is
 * stopped and the log verified offline. AuditOrNothingIT is the in-test version of the same.
 */
final class DiskFull {
  static final String CRITERION = "with the ledger's file system full: pulls answer 503 application/problem+json, code ledger_unavailable,"
      + " no licence data and no receipt; after freeing space, pulls answer 200 again within 20 s without a restart, the next index"
      + " follows the last acknowledged one (no entry for a refused pull), `ledger verify --url` passes; after the last run"
      + " `ledger verify --data` passes offline";

  private DiskFull() {}

  static FaultResult run(Path jar, Path work, int runs) throws Exception {
    FaultResult result = new FaultResult("disk-full", CRITERION,
        "the hub jar as a process (demo) with DATA/ledger on a 4 MiB tmpfs, filled by a filler file and freed by deleting it, "
            + runs + " cycles on one hub process");
    if (!"root".equals(System.getProperty("user.name"))) {
      result.notRun = "NOT RUN: needs root (mounting a tmpfs)";
      System.out.println("  [disk-full] " + result.notRun);
      return result;
    }
    Path data = work.resolve("diskfull-data");
    Path ledger = data.resolve("ledger");
    Files.createDirectories(ledger);
    sh("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", ledger.toString());
    HubProcess hub = null;
    try {
      hub = HubProcess.start(jar, data, work.resolve("diskfull-hub.log"), List.of("-Dcerthub.ledger.append-timeout=5s"));
      String demo = Files.readString(hub.demo("demo.json"), StandardCharsets.UTF_8);
      JsonNode demoJson = FaultRunner.JSON.readTree(demo);
      HttpClient consumer = hub.client("consumer");
      for (int run = 1; run <= runs; run++) {
        String problem = cycle(hub, jar, consumer, demo, demoJson, ledger.resolve("filler"), result);
        if (problem != null) {
          result.fail(problem);
        }
      }
    } finally {
      if (hub != null) {
        hub.stop();
      }
      Files.deleteIfExists(ledger.resolve("filler"));
    }
    try {
      String[] offline = HubProcess.cli(jar, "ledger", "verify", "--data", data.toString());
      if (!offline[0].equals("0")) {
        result.fail("after the last run and a clean stop, `ledger verify --data` failed (exit " + offline[0] + "): " + offline[1]);
      } else {
        System.out.println("  [disk-full] offline: " + offline[1]);
        result.runDetails.add("offline after the last run: " + offline[1]);
      }
    } finally {
      sh("umount", "-l", ledger.toString());
    }
    return result;
  }

  /** One fill-refuse-free-resume cycle; null when it passed (and recorded as passed), else the problem. */
  private static String cycle(HubProcess hub, Path jar, HttpClient consumer, String demo, JsonNode demoJson, Path filler, FaultResult result)
      throws Exception {
    HttpResponse<String> first = hub.post(consumer, "/api/v1/pulls", demo);
    if (first.statusCode() != 200) {
      return "the pull before filling the disk answered " + first.statusCode() + ": " + first.body();
    }
    long lastIndex = FaultRunner.JSON.readTree(first.body()).get("receipt").get("index").asLong();
    fill(filler);
    HttpResponse<String> refused = null;
    int acceptedWhileFilling = 0;
    // The journal's last page may still hold a few small entries; the disk is full after that.
    for (int i = 0; i < 40 && refused == null; i++) {
      HttpResponse<String> r = hub.post(consumer, "/api/v1/pulls", demo);
      if (r.statusCode() == 200) {
        long index = FaultRunner.JSON.readTree(r.body()).get("receipt").get("index").asLong();
        if (index != lastIndex + 1) {
          return "an acknowledged pull skipped from index " + lastIndex + " to " + index;
        }
        lastIndex = index;
        acceptedWhileFilling++;
      } else {
        refused = r;
      }
    }
    if (refused == null) {
      return "40 pulls after filling the disk were all answered 200";
    }
    String type = refused.headers().firstValue("Content-Type").orElse("");
    JsonNode p = FaultRunner.JSON.readTree(refused.body());
    String holderName = demoJson.path("holder").asString();
    if (refused.statusCode() != 503 || !type.startsWith("application/problem+json") || !"ledger_unavailable".equals(p.path("code").asString())) {
      return "the refusal was " + refused.statusCode() + " " + type + " " + refused.body();
    }
    if (p.has("licence") || p.has("receipt") || refused.body().contains("\"fields\"") || (!holderName.isEmpty() && refused.body().contains(holderName))) {
      return "the 503 released data: " + refused.body();
    }
    int refusedAgain = 0;
    for (int i = 0; i < 5; i++) {
      if (hub.post(consumer, "/api/v1/pulls", demo).statusCode() == 503) {
        refusedAgain++;
      }
    }
    Files.delete(filler);
    long t0 = System.nanoTime();
    HttpResponse<String> resumed = null;
    while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20)) {
      resumed = hub.post(consumer, "/api/v1/pulls", demo);
      if (resumed.statusCode() == 200) {
        break;
      }
      Thread.sleep(200);
    }
    long recoveredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    if (resumed == null || resumed.statusCode() != 200) {
      return "pulls did not resume within 20 s of freeing space: " + (resumed == null ? "no answer" : resumed.statusCode() + " " + resumed.body());
    }
    long next = FaultRunner.JSON.readTree(resumed.body()).get("receipt").get("index").asLong();
    if (next != lastIndex + 1) {
      return "after recovery the next index is " + next + ", but the last acknowledged was " + lastIndex + ": a refused pull left an entry or one was lost";
    }
    String[] verify = HubProcess.cli(jar, "ledger", "verify", "--url", hub.base.toString(), "--cert", hub.demo("auditor.pem").toString(),
        "--key", hub.demo("auditor.key").toString(), "--cacert", hub.demo("ca.pem").toString());
    if (!verify[0].equals("0")) {
      return "`ledger verify --url` failed after recovery (exit " + verify[0] + "): " + verify[1];
    }
    result.pass(acceptedWhileFilling + " pulls fit after filling, then 503 ledger_unavailable (and " + refusedAgain + "/5 more 503); resumed "
        + recoveredMs + " ms after freeing space at index " + next + " = last acknowledged + 1; ledger verify --url ok");
    return null;
  }

  /** Writes {@code filler} until ENOSPC. */
  static void fill(Path filler) throws IOException {
    byte[] chunk = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(chunk);
        out.flush();
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
  }

  static void sh(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }
}

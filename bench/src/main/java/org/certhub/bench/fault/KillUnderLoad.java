package org.certhub.bench.fault;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 of the hub under pull load, then restart on the same data directory, N times (restarts stack). Every pull
 * the client saw answered 200 is remembered with its receipt index and request id; after each restart every one of
 * them must be in the ledger (read back as an auditor from the entry bundles, matched by index and request id), the
 * signed tree size must not have gone back, and {@code certhub ledger verify --url} must pass against the restarted
 * hub; after the last run the hub is stopped and {@code certhub ledger verify --data} must pass offline.
 */
final class KillUnderLoad {
  static final String CRITERION = "after each kill -9 under pull load and restart: every pull answered 200 has its ledger entry"
      + " (same index, same request id), the signed tree size did not go back, `certhub ledger verify --url` passes; after the"
      + " last run `certhub ledger verify --data` passes offline";

  private KillUnderLoad() {}

  static FaultResult run(Path jar, Path work, int runs, int workers) throws Exception {
    FaultResult result = new FaultResult("kill9-under-load", CRITERION,
        "the hub jar as a process (demo, -Xmx512m), " + workers + " mTLS pull workers, SIGKILL 0.5–3 s after the first answered pull,"
            + " restart on the same data directory");
    Path data = work.resolve("kill9-data");
    Files.createDirectories(data);
    List<String> props = List.of("-Dcerthub.rate-limit.per-second=1000000", "-Dcerthub.rate-limit.burst=1000000");
    Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    long signedBefore = 0;
    int start = 0;
    HubProcess hub = HubProcess.start(jar, data, work.resolve("kill9-hub-" + start++ + ".log"), props);
    try {
      for (int run = 1; run <= runs; run++) {
        int before = acknowledged.size();
        long killedAfterMs = load(hub, acknowledged, workers);
        int answered = acknowledged.size() - before;
        hub = HubProcess.start(jar, data, work.resolve("kill9-hub-" + start++ + ".log"), props);
        String problem = answered == 0 ? "no pull was answered before the kill: the run proves nothing" : null;
        long[] sizes = {signedBefore, 0};
        if (problem == null) {
          problem = check(hub, jar, acknowledged, sizes);
        }
        if (problem == null) {
          result.pass(answered + " pulls answered 200 before SIGKILL at " + killedAfterMs + " ms; all " + acknowledged.size()
              + " acknowledged pulls so far found by index and request id; signed size " + signedBefore + " → " + sizes[1]
              + "; ledger verify --url ok");
        } else {
          result.fail(problem + " (SIGKILL at " + killedAfterMs + " ms, " + answered + " answered in this run)");
        }
        signedBefore = Math.max(signedBefore, sizes[1]);
      }
    } finally {
      hub.stop();
    }
    String[] offline = HubProcess.cli(jar, "ledger", "verify", "--data", data.toString());
    if (!offline[0].equals("0")) {
      result.fail("after the last run and a clean stop, `ledger verify --data` failed (exit " + offline[0] + "): " + offline[1]);
    } else {
      System.out.println("  [kill9-under-load] offline: " + offline[1]);
      result.runDetails.add("offline after the last run: " + offline[1]);
    }
    return result;
  }

  /** Pulls with {@code workers} threads; SIGKILL at a random moment after the first answer. Returns the kill time in ms after the first answer. */
  private static long load(HubProcess hub, Map<Long, String> acknowledged, int workers) throws Exception {
    String demo = Files.readString(hub.demo("demo.json"), StandardCharsets.UTF_8);
    HttpClient client = hub.client("consumer");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong firstAnswer = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    Map<String, String> oddities = new ConcurrentHashMap<>();
    for (int w = 0; w < workers; w++) {
      Thread t = new Thread(() -> {
        while (!stop.get()) {
          try {
            HttpResponse<String> r = hub.post(client, "/api/v1/pulls", demo);
            if (r.statusCode() == 200) {
              JsonNode body = FaultRunner.JSON.readTree(r.body());
              String previous = acknowledged.putIfAbsent(body.get("receipt").get("index").asLong(), body.get("requestId").asString());
              if (previous != null) {
                oddities.put("duplicate index " + body.get("receipt").get("index").asLong(), body.get("requestId").asString());
              }
              firstAnswer.compareAndSet(0, System.nanoTime());
            }
          } catch (Exception e) {
            // The kill: connections reset, nothing answered is recorded.
          }
        }
      }, "kill9-load-" + w);
      t.start();
      threads.add(t);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (firstAnswer.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    long delayMs = ThreadLocalRandom.current().nextLong(500, 3000);
    Thread.sleep(delayMs);
    hub.kill9();
    stop.set(true);
    for (Thread t : threads) {
      t.join(60_000);
    }
    if (!oddities.isEmpty()) {
      throw new IllegalStateException("two answered pulls carried the same receipt index: " + oddities);
    }
    return delayMs;
  }

  /** Null when every acknowledged pull is in the restarted hub's ledger and it verifies; else what is wrong. sizes[1] is set to the signed size. */
  private static String check(HubProcess hub, Path jar, Map<Long, String> acknowledged, long[] sizes) throws Exception {
    long need = acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElse(-1) + 1;
    long size = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while ((size = hub.checkpointSize()) < need && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    sizes[1] = size;
    if (size < sizes[0]) {
      return "the signed tree size went back from " + sizes[0] + " to " + size;
    }
    if (size < need) {
      return "the signed tree size is " + size + " after the restart, but index " + (need - 1) + " was acknowledged";
    }
    HttpClient auditor = hub.client("auditor");
    Map<Long, byte[]> bundles = new java.util.HashMap<>();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<Long, String> a : new java.util.TreeMap<>(acknowledged).entrySet()) {
      long index = a.getKey();
      long tile = index / 256;
      byte[] bundle = bundles.get(tile);
      if (bundle == null) {
        String path = "/ledger/" + new org.certhub.ledger.tiles.TilePath(true, 0, tile, (int) Math.min(256, size - tile * 256)).path();
        HttpResponse<byte[]> r = hub.getBytes(auditor, path);
        if (r.statusCode() != 200) {
          return "GET " + path + " as auditor answered " + r.statusCode();
        }
        bundle = r.body();
        bundles.put(tile, bundle);
      }
      byte[] entry = entryAt(bundle, (int) (index % 256));
      String requestId = entry == null ? null : FaultRunner.JSON.readTree(entry).path("requestId").asString();
      if (!a.getValue().equals(requestId)) {
        missing.add(index + " (expected request " + a.getValue() + ", found " + requestId + ")");
      }
    }
    if (!missing.isEmpty()) {
      return missing.size() + " acknowledged pulls have no matching ledger entry, e.g. " + missing.subList(0, Math.min(3, missing.size()));
    }
    String[] verify = HubProcess.cli(jar, "ledger", "verify", "--url", hub.base.toString(), "--cert", hub.demo("auditor.pem").toString(),
        "--key", hub.demo("auditor.key").toString(), "--cacert", hub.demo("ca.pem").toString());
    if (!verify[0].equals("0")) {
      return "`ledger verify --url` failed (exit " + verify[0] + "): " + verify[1];
    }
    return null;
  }

  /** The i-th entry of a C2SP entry bundle (each entry: big-endian uint16 length, then the bytes), or null. */
  static byte[] entryAt(byte[] bundle, int i) {
    int at = 0;
    for (int k = 0; at + 2 <= bundle.length; k++) {
      int len = ((bundle[at] & 0xff) << 8) | (bundle[at + 1] & 0xff);
      if (at + 2 + len > bundle.length) {
        return null;
      }
      if (k == i) {
        return java.util.Arrays.copyOfRange(bundle, at + 2, at + 2 + len);
      }
      at += 2 + len;
    }
    return null;
  }
}

package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A hostile-input probe over the hub's own OpenAPI description: for every operation (path × method) it sends
 * malformed JSON, wrong types per property, missing fields, a huge body, wrong content types, path tricks
 * (encoded separators, dot segments, NUL, backslash, overlong and control-character values) and wrong query
 * types, with the role's client certificate and with others or none. Zero 5xx; every 4xx is problem+json with
 * type, title, status and code; no body shows a stack trace or a class name.
 *
 * <p>Deterministic (seed {@code certhub.probe.seed}, default 9). {@code -Dcerthub.probe.rounds=N} repeats the
 * mutations N times with further seeds and a huge body on every operation, for the long run in {@code bench/run}.
 */
class ApiProbeIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final long SEED = Long.getLong("certhub.probe.seed", 9);
  private static final int ROUNDS = Integer.getInteger("certhub.probe.rounds", 1);
  /** Over every limit: multipart 21 MB, Tomcat's swallow 24 MB, Jackson's longest string 20 M characters. */
  private static final int HUGE = 25 << 20;
  private static final byte[] HUGE_BODY = stringBody(HUGE);
  /** 3 MB: larger than any JSON the API needs, under the multipart limit. */
  private static final byte[] LARGE_BODY = stringBody(3 << 20);
  private static final List<String> HOSTILE_SEGMENTS = List.of("a%2Fb", "%2e%2e", "%2E%2E%2F%2E%2E", "x%00y", "a%5Cb", "..", ".", "%252F", "..;",
      "%C0%AE%C0%AE", "%E2%80%AE1", "%0D%0Ax", "%FF%FE", "%EF%BC%91%EF%BC%92", "A".repeat(5000), "'%20OR%201=1--", "%24%7Bjndi:ldap:x%7D", "%20",
      "-1", "99999999999999999999999");
  private static final List<String> HOSTILE_QUERY = List.of("abc", "-1", "1e99", "99999999999999999999999", "", "%00", "%E2%80%AE", "a%2Fb",
      "x".repeat(5000), "%5B%5D", "true", "0x10", "1.5", "%C0%AE");
  private static final List<String> MALFORMED = List.of("{", "{not json", "[]", "null", "42", "\"s\"", "{\"a\":}", "{\"a\":1,}", "{'a':1}",
      "{\"a\":1}{\"b\":2}", "\uFEFF{}", "{\"a\":NaN}", "{\"a\":1e999999}", "{\"a\":\"\\ud800\"}", "[".repeat(100_000), "{\"a\":" + "[".repeat(3000) + "}",
      "{\"a\":\"\\u0000\"}", "{\"__proto__\":{}}");
  private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "multipart/form-data", "application/x-www-form-urlencoded",
      "application/json; charset=UTF-16", "foo", "application/problem+json", "*/*", "application/octet-stream");
  /** Values of the right type for fields the API takes; a probe body starts from these and breaks one at a time. */
  private static final Map<String, Object> SEED_FIELDS = seedFields();

  @TempDir static Path data;
  static TestHub hub;
  static Map<String, HttpClient> clients = new LinkedHashMap<>();
  static String citizenToken;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(data, Map.of());
    for (String id : List.of("issuer", "consumer", "auditor", "admin")) {
      clients.put(id, hub.client(id));
    }
    clients.put("none", hub.client(null));
    HttpResponse<String> s = hub.post(clients.get("none"), "/api/v1/me/session", "{\"holder\":\"330106199003071236\",\"name\":\"王强\"}");
    assertThat(s.statusCode()).as(s.body()).isEqualTo(200);
    citizenToken = JSON.readTree(s.body()).get("token").asString();
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  record Op(String method, String path, List<String> pathParams, Map<String, String> queryParams, JsonNode body, boolean hasBody) {}

  record Probe(Op op, String what, String identity, String method, String path, String contentType, byte[] body) {}

  @Test
  void everyOperation_hostileInputs_neverA5xx_everyRefusalAProblem() throws Exception {
    HttpResponse<String> docs = hub.get(clients.get("none"), "/v3/api-docs");
    assertThat(docs.statusCode()).isEqualTo(200);
    JsonNode api = JSON.readTree(docs.body());
    List<Op> ops = operations(api);
    assertThat(ops.size()).as("operations in the description").isGreaterThan(40);

    List<Probe> probes = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      Random random = new Random(SEED + round);
      for (Op op : ops) {
        probes.addAll(probes(op, random, round > 0));
      }
    }
    Collections.shuffle(probes, new Random(SEED));

    Map<String, AtomicInteger> histogram = new ConcurrentHashMap<>();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Probe p : probes) {
        futures.add(pool.submit(() -> {
          String verdict = send(p);
          histogram.computeIfAbsent(verdict.substring(0, verdict.indexOf(' ') < 0 ? verdict.length() : verdict.indexOf(' ')), k -> new AtomicInteger())
              .incrementAndGet();
          if (verdict.contains("FAIL")) {
            failures.add(p.what() + " " + p.method() + " " + abbreviate(p.path()) + " as " + p.identity() + " (" + p.contentType() + "): " + verdict);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
    Set<String> paths = new java.util.TreeSet<>();
    ops.forEach(o -> paths.add(o.method() + " " + o.path()));
    Map<String, Integer> kinds = new TreeMap<>();
    probes.forEach(p -> kinds.merge(p.what().replaceAll(":.*", ""), 1, Integer::sum));
    System.out.println("ApiProbeIT: seed " + SEED + ", rounds " + ROUNDS + ", " + ops.size() + " operations covered, " + probes.size()
        + " requests in " + seconds + " s; status histogram " + new TreeMap<>(histogram) + "\nApiProbeIT kinds: " + kinds
        + "\nApiProbeIT operations: " + paths);
    failures.stream().limit(60).forEach(f -> System.out.println("ApiProbeIT FAIL " + f));
    assertThat(failures).as(failures.size() + " bad answers, e.g.").isEmpty();
    assertThat(probes.size()).isGreaterThan(1000);
  }

  /** The judge of one answer: "STATUS ok", or "STATUS FAIL why". */
  static String judge(int status, String contentType, String body) {
    if (status >= 500) {
      return status + " FAIL a 5xx: " + abbreviate(body);
    }
    for (String leak : List.of("Exception", "\tat ", "at org.", "at java.", "org.springframework", "org.apache", "java.lang", "jakarta.")) {
      if (status >= 300 && body.contains(leak)) {
        return status + " FAIL internals (" + leak + ") in " + abbreviate(body);
      }
    }
    if (status >= 400) {
      if (!contentType.startsWith("application/problem+json")) {
        return status + " FAIL not problem+json but '" + contentType + "': " + abbreviate(body);
      }
      try {
        JsonNode p = JSON.readTree(body);
        for (String m : List.of("type", "title", "status", "code")) {
          if (p.get(m) == null || p.get(m).isNull()) {
            return status + " FAIL problem without " + m + ": " + abbreviate(body);
          }
        }
        if (p.get("status").asInt() != status) {
          return status + " FAIL problem status " + p.get("status") + " differs";
        }
      } catch (RuntimeException e) {
        return status + " FAIL problem body is not JSON: " + abbreviate(body);
      }
    }
    return status + " ok";
  }

  private static String send(Probe p) {
    HttpClient client = clients.get(p.identity().equals("citizen") ? "none" : p.identity());
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.base + p.path())).timeout(Duration.ofSeconds(60));
      if (p.identity().equals("citizen")) {
        b.header("Authorization", "Bearer " + citizenToken);
      }
      if (p.contentType() != null) {
        b.header("Content-Type", p.contentType());
      }
      b.method(p.method(), p.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(p.body()));
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return judge(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IllegalArgumentException e) {
      return "unsendable FAIL the probe could not build " + p.path() + ": " + e.getMessage();
    } catch (IOException e) {
      // A body over every limit may be cut off by the server after its answer: refused, no 5xx.
      return p.body() != null && p.body().length >= HUGE ? "closed ok" : "io FAIL " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted FAIL";
    }
  }

  static List<Op> operations(JsonNode api) {
    List<Op> ops = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = api.get("paths").properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      for (Map.Entry<String, JsonNode> m : path.getValue().properties()) {
        String method = m.getKey().toUpperCase(java.util.Locale.ROOT);
        if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
          continue;
        }
        JsonNode op = m.getValue();
        List<String> pathParams = new ArrayList<>();
        Map<String, String> query = new LinkedHashMap<>();
        for (JsonNode p : op.path("parameters")) {
          String in = p.path("in").asString();
          String type = p.path("schema").path("type").asString("string");
          if (in.equals("path")) {
            pathParams.add(p.get("name").asString());
          } else if (in.equals("query")) {
            query.put(p.get("name").asString(), type);
          }
        }
        JsonNode body = null;
        JsonNode rb = op.path("requestBody").path("content");
        if (!rb.isMissingNode()) {
          body = rb;
        }
        ops.add(new Op(method, path.getKey(), pathParams, query, body, !rb.isMissingNode() || !method.equals("GET") && !method.equals("DELETE")));
      }
    }
    return ops;
  }

  /** The identity an operation's role needs, by the API's path layout. */
  static String identity(Op op) {
    String p = op.path();
    if (p.startsWith("/api/v1/admin")) {
      return "admin";
    }
    if (p.startsWith("/api/v1/audit") || p.startsWith("/ledger") || p.startsWith("/api/v1/ledger") || p.contains("supervision")) {
      return "auditor";
    }
    if (p.startsWith("/api/v1/me")) {
      return "citizen";
    }
    if (p.startsWith("/api/v1/licences") || p.startsWith("/api/v1/seals") || p.startsWith("/api/v1/signatures") || p.startsWith("/api/v1/stamps")) {
      return "issuer";
    }
    return "consumer";
  }

  private static List<Probe> probes(Op op, Random random, boolean longRun) {
    List<Probe> out = new ArrayList<>();
    String who = identity(op);
    List<String> others = List.of("none", "issuer", "consumer", "auditor", "admin", "citizen");
    String ct = op.body() != null && op.body().size() > 0 ? op.body().propertyNames().iterator().next() : "application/json";
    if (!ct.contains("json")) {
      ct = ct.startsWith("*/*") ? "application/json" : ct;
    }
    String good = path(op, Map.of(), random);
    byte[] seedBody = seedBody(op, random).getBytes(StandardCharsets.UTF_8);

    // Plain: as the role, and as every other identity.
    out.add(new Probe(op, "plain", who, op.method(), good + query(op, random), op.hasBody() ? ct : null, op.hasBody() ? seedBody : null));
    for (String o : others) {
      if (!o.equals(who)) {
        out.add(new Probe(op, "identity", o, op.method(), good, op.hasBody() ? ct : null, op.hasBody() ? seedBody : null));
      }
    }
    // Path tricks: each parameter with each hostile value; dot segments and encoded separators in the path itself.
    for (String param : op.pathParams()) {
      for (String v : HOSTILE_SEGMENTS) {
        out.add(new Probe(op, "path:" + param, who, op.method(), path(op, Map.of(param, v), random), op.hasBody() ? ct : null, op.hasBody() ? seedBody : null));
      }
    }
    for (String trick : List.of("/./", "/../", "/%2e/", "/%2e%2e/", "//", "/.;/", "/%2F/", "/%5C/", "/%00/")) {
      int cut = good.indexOf('/', 1 + random.nextInt(Math.max(1, good.length() - 1)));
      String tricked = cut < 0 ? good + trick.substring(0, trick.length() - 1) : good.substring(0, cut) + trick + good.substring(cut + 1);
      out.add(new Probe(op, "dots", who, op.method(), tricked, op.hasBody() ? ct : null, op.hasBody() ? seedBody : null));
    }
    out.add(new Probe(op, "dots", who, op.method(), good + ";jsessionid=x", null, op.hasBody() ? seedBody : null));
    // Query parameters of wrong types, repeated, and unknown.
    for (Map.Entry<String, String> q : op.queryParams().entrySet()) {
      for (String v : HOSTILE_QUERY) {
        if (random.nextInt(3) == 0 || longRun) {
          out.add(new Probe(op, "query:" + q.getKey(), who, op.method(), good + "?" + q.getKey() + "=" + v, null, null));
        }
      }
      out.add(new Probe(op, "query-twice:" + q.getKey(), who, op.method(), good + "?" + q.getKey() + "=1&" + q.getKey() + "=x", null, null));
    }
    if (!op.hasBody()) {
      return out;
    }
    // Bodies: malformed JSON, wrong types per property, missing fields, overlong and control values, wrong content types, huge.
    for (String m : MALFORMED) {
      out.add(new Probe(op, "malformed", who, op.method(), good, ct.contains("json") ? ct : "application/json", m.getBytes(StandardCharsets.UTF_8)));
    }
    out.add(new Probe(op, "bad-utf8", who, op.method(), good, "application/json", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
    ObjectNode base = (ObjectNode) JSON.readTree(new String(seedBody, StandardCharsets.UTF_8));
    List<Object> wrong = List.of(42, -1, 1.5e300, true, "", "x".repeat(5000), "\u0000\u202e\u200b", List.of(), Map.of(), "９１３３０１０６ＭＡ２Ｂ３Ｃ４Ｄ５Ｄ",
        "../../etc/passwd", "null");
    for (String field : base.propertyNames()) {
      ObjectNode missing = base.deepCopy();
      missing.remove(field);
      out.add(new Probe(op, "missing:" + field, who, op.method(), good, "application/json", JSON.writeValueAsBytes(missing)));
      for (Object w : wrong) {
        if (random.nextInt(2) == 0 || longRun) {
          ObjectNode changed = base.deepCopy();
          changed.set(field, JSON.valueToTree(w));
          out.add(new Probe(op, "type:" + field, who, op.method(), good, "application/json", JSON.writeValueAsBytes(changed)));
        }
      }
      ObjectNode nested = base.deepCopy();
      nested.set(field, JSON.valueToTree(Map.of("a", List.of(Map.of("b", 1)))));
      out.add(new Probe(op, "nested:" + field, who, op.method(), good, "application/json", JSON.writeValueAsBytes(nested)));
    }
    ObjectNode extra = base.deepCopy();
    extra.put("unexpected", 1);
    out.add(new Probe(op, "unknown-field", who, op.method(), good, "application/json", JSON.writeValueAsBytes(extra)));
    out.add(new Probe(op, "empty-object", who, op.method(), good, "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
    out.add(new Probe(op, "empty", who, op.method(), good, "application/json", new byte[0]));
    for (String c : CONTENT_TYPES) {
      out.add(new Probe(op, "content-type", who, op.method(), good, c, seedBody));
    }
    out.add(new Probe(op, "no-content-type", who, op.method(), good, null, seedBody));
    out.add(new Probe(op, "large", who, op.method(), good, "application/json", LARGE_BODY));
    if (longRun || random.nextInt(8) == 0) {
      out.add(new Probe(op, "huge", who, op.method(), good, ct.contains("json") ? ct : "application/json", HUGE_BODY));
    }
    return out;
  }

  private static String path(Op op, Map<String, String> values, Random random) {
    String p = op.path();
    for (String param : op.pathParams()) {
      p = p.replace("{" + param + "}", values.getOrDefault(param, "x" + random.nextInt(1000)));
    }
    return p;
  }

  private static String query(Op op, Random random) {
    StringBuilder q = new StringBuilder();
    for (Map.Entry<String, String> e : op.queryParams().entrySet()) {
      q.append(q.length() == 0 ? "?" : "&").append(e.getKey()).append('=').append(e.getValue().equals("integer") ? "1" : "x" + random.nextInt(100));
    }
    return q.toString();
  }

  /** A body with the schema's properties (or the API's usual ones) filled with values of the right type. */
  private static String seedBody(Op op, Random random) {
    ObjectNode body = JSON.createObjectNode();
    JsonNode schema = op.body() == null ? null : op.body().path("application/json").path("schema");
    if (schema != null && schema.has("properties")) {
      for (String name : schema.get("properties").propertyNames()) {
        body.set(name, JSON.valueToTree(SEED_FIELDS.getOrDefault(name, "x")));
      }
    } else {
      // JsonNode bodies are described as plain objects: use the fields this endpoint family takes.
      String p = op.path();
      List<String> names = p.contains("pulls") || p.contains("checks")
          ? List.of("holder", "licenceType", "matter", "purpose", "officer", "claims")
          : p.contains("consents") ? List.of("department", "matter", "channel", "minutes")
          : p.contains("session") ? List.of("holder", "idType", "name")
          : p.contains("qr") ? List.of("text")
          : p.contains("revocation") || p.contains("suspension") ? List.of("reason")
          : p.contains("credentials") ? List.of("publicKey")
          : p.contains("departments") ? List.of("code", "name", "roles")
          : p.contains("presentations") ? List.of("fields")
          : p.contains("licences") ? List.of("licenceType", "holder", "fields", "validFrom")
          : p.contains("subscriptions") ? List.of("url", "events", "secret")
          : p.contains("policies") ? List.of("id", "department", "matter", "licenceType", "fields")
          : p.contains("matters") ? List.of("code", "name", "licenceTypes")
          : p.contains("seals") ? List.of("name", "type", "signers")
          : List.of("id", "name", "value");
      for (String name : names) {
        body.set(name, JSON.valueToTree(SEED_FIELDS.getOrDefault(name, "x" + random.nextInt(100))));
      }
    }
    return body.toString();
  }

  private static Map<String, Object> seedFields() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("holder", "91330106MA2B3C4D5D");
    m.put("licenceType", "11100000MB0143028R001");
    m.put("matter", "330100-SW-001");
    m.put("purpose", "核验");
    m.put("officer", "窗口-李");
    m.put("claims", List.of(Map.of("notRevoked", true)));
    m.put("department", "11330100MB23456780");
    m.put("channel", "wallet");
    m.put("minutes", 5);
    m.put("idType", "001");
    m.put("name", "probe");
    m.put("text", "CH1:x");
    m.put("reason", "keyCompromise");
    m.put("publicKey", "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE");
    m.put("code", "11330100MB23456780");
    m.put("roles", List.of("PULL"));
    m.put("fields", List.of("name"));
    m.put("validFrom", "2025-01-02");
    m.put("url", "https://127.0.0.1:1/hook");
    m.put("events", List.of("licence.revoked"));
    m.put("licenceTypes", List.of("11100000MB0143028R001"));
    return m;
  }

  /** {"a":"xxx…"} of exactly n bytes, shared by every probe that sends it. */
  private static byte[] stringBody(int n) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) 'x');
    System.arraycopy("{\"a\":\"".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 6);
    b[n - 2] = '"';
    b[n - 1] = '}';
    return b;
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "…(" + s.length() + " chars)";
  }

  /** The judge is honest: a 500, an HTML error page, a problem without code and a stack trace each fail. */
  @Test
  void judge_failsWhatTheProbeMustCatch() {
    assertThat(judge(500, "application/problem+json", "{\"type\":\"t\",\"title\":\"x\",\"status\":500,\"code\":\"internal_error\"}")).contains("FAIL");
    assertThat(judge(400, "text/html", "<html>Bad Request</html>")).contains("FAIL");
    assertThat(judge(404, "application/problem+json", "{\"type\":\"t\",\"title\":\"x\",\"status\":404}")).contains("FAIL");
    assertThat(judge(400, "application/problem+json", "{\"type\":\"t\",\"title\":\"x\",\"status\":400,\"code\":\"c\",\"detail\":\"java.lang.NullPointerException\"}"))
        .contains("FAIL");
    assertThat(judge(400, "application/problem+json", "{\"type\":\"t\",\"title\":\"x\",\"status\":400,\"code\":\"malformed_request\"}")).isEqualTo("400 ok");
    assertThat(judge(200, "application/json", "{}")).isEqualTo("200 ok");
  }
}

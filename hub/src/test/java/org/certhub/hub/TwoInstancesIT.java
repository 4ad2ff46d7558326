package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.certhub.ledger.checkpoint.CheckpointVerifier;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.checkpoint.VerifiedCheckpoint;
import org.certhub.ledger.proof.ProofVerifier;
import org.certhub.ledger.tree.Hasher;
import org.certhub.testkit.KafkaBroker;
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
 * Issue 8, "two instances, one truth": two hub <b>processes</b> (two JVMs running {@code target/certhub.jar}) on one
 * PostgreSQL database, one redis-server and one KRaft broker (in this JVM), each with its own data directory (its own
 * ledger replica), both with {@code certhub.ledger.journal=kafka}. Hub A runs {@code demo} and seeds the shared
 * database; hub B runs {@code serve} with a copy of A's {@code keys/} (one PKI, one ledger key, one pseudonym secret:
 * what {@code docs/operations.md} asks of every instance) and an empty ledger.
 *
 * <p>Pulls go to both at once over mTLS; then: every pull answered 200 is in the log exactly once (its receipt index
 * is unique, the entry at that index on the <em>other</em> replica has the receipt's leaf hash, the audit row at that
 * index carries the pull's request id, which no other row carries); both replicas have the same size and root; every
 * checkpoint the shared {@code ledger_checkpoint} row held during the run (sampled every 50 ms) verifies, and each is
 * consistent with the one before; a revoke through A is refused at once by a pull through B that had just cached the
 * licence as valid in Redis, and a check through B says it no longer holds; both stop on SIGTERM and {@code certhub
 * ledger verify} passes on both data directories with the same size and root.
 *
 * <p>PostgreSQL always (two instances cannot share an embedded H2 file), so it runs in the {@code postgres-it}
 * execution only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int PULLS_PER_INSTANCE = 200;
  private static final int CONNECTIONS_PER_INSTANCE = 4;
  private static final String CHECK_MATTER = "330100-SW-003";

  @TempDir static Path work;
  static TestDatabase database;
  static RedisServer redis;
  static KafkaBroker broker;
  static Hub a;
  static Hub b;
  static JsonNode demo;
  static NoteVerifier key;
  static String origin;
  static CheckpointSampler sampler;
  /** Every pull answered 200: instance, request id, receipt index, receipt leaf hash. */
  static final List<Pulled> pulled = new CopyOnWriteArrayList<>();

  record Pulled(String instance, String requestId, long index, String leafHash) {}

  @BeforeAll
  static void start() throws Exception {
    Path jar = Path.of(System.getProperty("certhub.test.jar", "target/certhub.jar")).toAbsolutePath();
    assertThat(jar).as("the repackaged hub jar (built in the package phase, before the ITs)").exists();
    database = TestDatabase.createOnPostgres();
    redis = RedisServer.start();
    broker = KafkaBroker.start();
    sampler = new CheckpointSampler(database);
    sampler.start();

    Path dataA = Files.createDirectories(work.resolve("a"));
    a = Hub.start("hub-a", jar, "demo", dataA, Map.of());
    a.awaitLog("CertHub demo is running at", Duration.ofMinutes(3));
    demo = JSON.readTree(Files.readString(dataA.resolve("demo/demo.json")));

    // B serves the same PKI: the same key stores (CA, TLS, response, ledger and pseudonym keys, departments' keys).
    Path dataB = Files.createDirectories(work.resolve("b"));
    copyTree(dataA.resolve("keys"), dataB.resolve("keys"));
    b = Hub.start("hub-b", jar, "serve", dataB, Map.of("CERTHUB_KEYSTORE_PASSWORD", HubApplication.DEMO_KEYSTORE_PASSWORD));
    b.awaitHealthy(Duration.ofMinutes(3));
    a.awaitHealthy(Duration.ofMinutes(1));

    key = NoteVerifier.fromVerifierKey(a.get(a.client(null), "/api/v1/ledger/key").body().strip());
    origin = LedgerVerifyCommandOrigin.of(a.get(a.client(null), "/api/v1/ledger/key").body().strip());
    assertThat(b.get(b.client(null), "/api/v1/ledger/key").body().strip()).as("one ledger key").isEqualTo(a.get(a.client(null), "/api/v1/ledger/key").body().strip());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (sampler != null) {
        sampler.close();
      }
      for (Hub h : new Hub[] {a, b}) {
        if (h != null) {
          h.kill();
        }
      }
    } finally {
      try {
        if (broker != null) {
          broker.close();
        }
      } finally {
        try {
          if (redis != null) {
            redis.close();
          }
        } finally {
          if (database != null) {
            database.close();
          }
        }
      }
    }
  }

  @Test
  @Order(1)
  void bothInstancesServe_oneSequencerIsActive() throws Exception {
    JsonNode ea = a.engines();
    JsonNode eb = b.engines();
    for (JsonNode e : List.of(ea, eb)) {
      for (String engine : List.of("redis", "kafka", "ledgerJournal")) {
        assertThat(e.path("components").path(engine).path("status").asString()).as(engine + " in " + e).isEqualTo("UP");
      }
    }
    for (Hub h : List.of(a, b)) {
      String db = h.get(h.client(null), "/actuator/health/database").body();
      assertThat(db).as(h.name).contains("\"UP\"").contains("PostgreSQL");
    }
    String sa = sequencer(ea);
    String sb = sequencer(eb);
    assertThat(List.of(sa, sb)).as("exactly one sequencer is active").containsExactlyInAnyOrder("active", "standby");
  }

  @Test
  @Order(2)
  void pullsAtBoth_areEachInTheOneLedgerOnce() throws Exception {
    String body = demo.toString();
    ExecutorService pool = Executors.newFixedThreadPool(2 * CONNECTIONS_PER_INSTANCE);
    List<Future<?>> futures = new ArrayList<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    try {
      for (Hub h : List.of(a, b)) {
        HttpClient consumer = h.client("consumer");
        for (int c = 0; c < CONNECTIONS_PER_INSTANCE; c++) {
          futures.add(pool.submit(() -> {
            for (int i = 0; i < PULLS_PER_INSTANCE / CONNECTIONS_PER_INSTANCE; i++) {
              HttpResponse<String> r = h.post(consumer, "/api/v1/pulls", body);
              if (r.statusCode() != 200) {
                failures.add(h.name + " " + r.statusCode() + " " + r.body());
                continue;
              }
              JsonNode out = JSON.readTree(r.body());
              JsonNode receipt = out.get("receipt");
              pulled.add(new Pulled(h.name, out.get("requestId").asString(), receipt.get("index").asLong(), receipt.get("leafHash").asString()));
            }
            return null;
          }));
        }
      }
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(failures).as("every pull is answered 200").isEmpty();
    assertThat(pulled).hasSize(2 * PULLS_PER_INSTANCE);
    assertThat(pulled.stream().map(Pulled::index).distinct().count()).as("one index per pull").isEqualTo(pulled.size());
    assertThat(pulled.stream().map(Pulled::requestId).distinct().count()).as("one request id per pull").isEqualTo(pulled.size());

    // Both replicas reach the same size, and then show the same signed root.
    long max = pulled.stream().mapToLong(Pulled::index).max().orElseThrow();
    long size = awaitSameSize(max + 1);
    VerifiedCheckpoint ca = awaitCheckpoint(a, size);
    VerifiedCheckpoint cb = awaitCheckpoint(b, size);
    assertThat(cb.rootHash()).as("same root at size " + size).isEqualTo(ca.rootHash());

    // Each pull's entry is where its receipt says on the replica of the instance that did NOT serve it.
    for (Pulled p : pulled) {
      Hub other = p.instance().equals("hub-a") ? b : a;
      JsonNode proof = JSON.readTree(other.get(other.client(null), "/api/v1/ledger/proof/inclusion?index=" + p.index() + "&size=" + size).body());
      assertThat(proof.get("leafHash").asString()).as("entry " + p.index() + " on " + other.name).isEqualTo(p.leafHash());
      List<byte[]> hashes = new ArrayList<>();
      proof.get("hashes").forEach(x -> hashes.add(Base64.getDecoder().decode(x.asString())));
      ProofVerifier.verifyInclusion(Hasher.sha256(), p.index(), size, Base64.getDecoder().decode(p.leafHash()), hashes, ca.rootHash());
    }

    // The audit index in PostgreSQL: one row per ledger entry, the pull's request id at its index and nowhere else.
    // (Rows past this size may already be there: other accesses, e.g. a supervision alert, go on while the test looks.)
    Map<Long, String> byIndex = new HashMap<>();
    Map<String, Integer> idCount = new HashMap<>();
    try (Connection c = DriverManager.getConnection(database.url(), database.user(), "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT ledger_index, request_id, leaf_hash FROM audit_entry")) {
      while (rs.next()) {
        assertThat(byIndex.put(rs.getLong(1), rs.getString(2))).as("one audit row for index " + rs.getLong(1)).isNull();
        idCount.merge(rs.getString(2), 1, Integer::sum);
      }
    }
    assertThat(byIndex.keySet().stream().filter(i -> i < size).count()).as("every ledger entry indexed once").isEqualTo(size);
    for (Pulled p : pulled) {
      assertThat(byIndex.get(p.index())).as("audit row at " + p.index()).isEqualTo(p.requestId());
      assertThat(idCount.get(p.requestId())).as("request " + p.requestId() + " in the audit index").isEqualTo(1);
    }
    // Both instances index every entry; supervision's hourly counts must hold each allowed pull once (one statement,
    // one snapshot: a batch's rows and its counts commit together).
    try (Connection c = DriverManager.getConnection(database.url(), database.user(), "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM audit_entry WHERE action = 'pull' AND outcome = 'allowed'),"
            + " (SELECT COALESCE(SUM(pulls), 0) FROM audit_pull_hour)")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).as("allowed pulls indexed").isGreaterThanOrEqualTo(pulled.size());
      assertThat(rs.getLong(2)).as("allowed pulls in supervision's hourly counts").isEqualTo(rs.getLong(1));
    }
    System.out.printf("TwoInstancesIT: %d pulls (%d via hub-a, %d via hub-b), ledger size %d on both, root %s%n", pulled.size(),
        pulled.stream().filter(p -> p.instance().equals("hub-a")).count(), pulled.stream().filter(p -> p.instance().equals("hub-b")).count(),
        size, Base64.getEncoder().encodeToString(ca.rootHash()));
  }

  @Test
  @Order(3)
  void theSharedCheckpoints_growAndEachIsConsistentWithTheLast() throws Exception {
    // Let the sequencer publish what the pulls added, then look at everything the shared row held.
    long size = awaitSameSize(0);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (sampler.notes().isEmpty() || verify(last(sampler.notes())).size() < size) {
      assertThat(System.nanoTime()).as("the shared checkpoint reaches size " + size).isLessThan(deadline);
      Thread.sleep(100);
    }
    List<String> notes = sampler.notes();
    assertThat(notes.size()).as("the sequencer published several checkpoints during the run").isGreaterThan(2);
    VerifiedCheckpoint previous = null;
    for (String note : notes) {
      VerifiedCheckpoint next = verify(note);
      if (previous != null) {
        assertThat(next.size()).as("the shared checkpoint only grows").isGreaterThan(previous.size());
        JsonNode proof = JSON.readTree(b.get(b.client(null), "/api/v1/ledger/proof/consistency?from=" + previous.size() + "&to=" + next.size()).body());
        List<byte[]> hashes = new ArrayList<>();
        proof.get("hashes").forEach(x -> hashes.add(Base64.getDecoder().decode(x.asString())));
        ProofVerifier.verifyConsistency(Hasher.sha256(), previous.size(), next.size(), hashes, previous.rootHash(), next.rootHash());
      }
      previous = next;
    }
    System.out.printf("TwoInstancesIT: %d shared checkpoints, sizes %d..%d, each consistent with the one before%n", notes.size(),
        verify(notes.get(0)).size(), previous.size());
  }

  @Test
  @Order(4)
  void aRevokeThroughA_isSeenThroughB_atOnce() throws Exception {
    String licenceId = demo.get("licenceId").asString();
    HttpClient consumerB = b.client("consumer");
    // B serves the licence, so its view is in the shared cache as valid.
    assertThat(b.post(consumerB, "/api/v1/pulls", demo.toString()).statusCode()).isEqualTo(200);
    try (RedisClient raw = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", redis.port())).build()) {
      assertThat(raw.get("certhub:licence:view:" + licenceId)).as("cached as valid before the revoke").contains("\"status\":\"valid\"");
    }

    HttpResponse<String> revoked = a.post(a.client("issuer"), "/api/v1/licences/" + licenceId + "/revocation", "{\"reason\":\"营业执照被吊销\"}");
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

    HttpResponse<String> pull = b.post(consumerB, "/api/v1/pulls", demo.toString());
    assertThat(pull.statusCode()).as("the very next pull through B: " + pull.body()).isEqualTo(409);
    assertThat(pull.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(JSON.readTree(pull.body()).get("code").asString()).isEqualTo("licence_invalid");

    String check = "{\"holder\":\"" + demo.get("holder").asString() + "\",\"licenceType\":\"" + demo.get("licenceType").asString()
        + "\",\"matter\":\"" + CHECK_MATTER + "\",\"claims\":[{\"notRevoked\":true}]}";
    HttpResponse<String> checked = b.post(consumerB, "/api/v1/checks", check);
    assertThat(checked.statusCode()).as(checked.body()).isEqualTo(200);
    JsonNode out = JSON.readTree(checked.body());
    assertThat(out.get("allHold").asBoolean()).as(checked.body()).isFalse();
    assertThat(out.get("results").get(0).get("holds").asBoolean()).as("notRevoked through B").isFalse();
  }

  @Test
  @Order(5)
  void bothStopCleanly_andBothLedgersVerifyAlike() throws Exception {
    long size = awaitSameSize(0);
    a.stop();
    b.stop();
    String va = a.ledgerVerify();
    String vb = b.ledgerVerify();
    Pattern ok = Pattern.compile("ledger ok: size (\\d+) root (\\S+)");
    Matcher ma = ok.matcher(va);
    Matcher mb = ok.matcher(vb);
    assertThat(ma.find()).as(va).isTrue();
    assertThat(mb.find()).as(vb).isTrue();
    assertThat(Long.parseLong(ma.group(1))).isEqualTo(size);
    assertThat(mb.group(1) + " " + mb.group(2)).as("the same log on both").isEqualTo(ma.group(1) + " " + ma.group(2));
    System.out.println("TwoInstancesIT: hub-a " + va.strip() + " | hub-b " + vb.strip());
  }

  /** Waits until both replicas have applied the same number of entries, at least {@code atLeast}; returns it. */
  private static long awaitSameSize(long atLeast) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      long sa = journalSize(a.engines());
      long sb = journalSize(b.engines());
      if (sa == sb && sa >= atLeast) {
        return sa;
      }
      assertThat(System.nanoTime()).as("replicas converge (a " + sa + ", b " + sb + ", want >= " + atLeast + ")").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  /** The instance's own signed checkpoint once it covers {@code size}. */
  private static VerifiedCheckpoint awaitCheckpoint(Hub h, long size) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      VerifiedCheckpoint c = verify(h.get(h.client(null), "/ledger/checkpoint").body());
      if (c.size() >= size) {
        assertThat(c.size()).as(h.name + "'s checkpoint").isEqualTo(size);
        return c;
      }
      assertThat(System.nanoTime()).as(h.name + "'s checkpoint reaches " + size).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static VerifiedCheckpoint verify(String note) {
    try {
      return CheckpointVerifier.verify(note, key, origin);
    } catch (Exception e) {
      throw new AssertionError("checkpoint does not verify: " + note, e);
    }
  }

  private static String last(List<String> l) {
    return l.get(l.size() - 1);
  }

  private static JsonNode journalDetails(JsonNode engines) {
    return engines.path("components").path("ledgerJournal").path("details");
  }

  private static long journalSize(JsonNode engines) {
    JsonNode size = journalDetails(engines).path("size");
    assertThat(size.isMissingNode()).as("ledgerJournal size in " + engines).isFalse();
    return size.asLong();
  }

  private static String sequencer(JsonNode engines) {
    return journalDetails(engines).path("sequencer").asString();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The origin is the verifier key's name (as {@code certhub ledger verify} reads it). */
  private static final class LedgerVerifyCommandOrigin {
    static String of(String vkey) {
      int plus = vkey.indexOf('+');
      return plus < 0 ? vkey : vkey.substring(0, plus);
    }
  }

  /** Reads the shared checkpoint row every 50 ms and keeps every distinct note in the order seen. */
  private static final class CheckpointSampler implements AutoCloseable {
    private final TestDatabase db;
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private volatile boolean stop;
    private final Thread thread;

    CheckpointSampler(TestDatabase db) {
      this.db = db;
      this.thread = new Thread(this::run, "checkpoint-sampler");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    private void run() {
      while (!stop) {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), "")) {
          while (!stop) {
            try (Statement s = c.createStatement(); ResultSet rs = hasTable(c) ? s.executeQuery("SELECT note FROM ledger_checkpoint") : null) {
              if (rs != null) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                  rows.add(rs.getString(1));
                }
                if (rows.size() > 1) {
                  errors.add(new AssertionError("more than one checkpoint row: " + rows));
                }
                if (rows.size() == 1 && (notes.isEmpty() || !last(notes).equals(rows.get(0)))) {
                  notes.add(rows.get(0));
                }
              }
            }
            Thread.sleep(50);
          }
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          errors.add(e);
          try {
            Thread.sleep(200);
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }

    private static boolean hasTable(Connection c) throws java.sql.SQLException {
      try (ResultSet t = c.getMetaData().getTables(null, null, "ledger_checkpoint", null)) {
        return t.next();
      }
    }

    List<String> notes() {
      assertThat(errors.stream().filter(AssertionError.class::isInstance).toList()).as("sampler").isEmpty();
      return List.copyOf(notes);
    }

    @Override
    public void close() throws InterruptedException {
      stop = true;
      thread.interrupt();
      thread.join(5000);
    }
  }

  /** One hub process: {@code java -jar certhub.jar demo|serve --data DIR --port N} with the shared engines. */
  static final class Hub {
    final String name;
    final Path data;
    final Path jar;
    final Path log;
    final Path demoDir;
    final String base;
    final Process process;

    private Hub(String name, Path data, Path jar, Path log, String base, Process process) {
      this.name = name;
      this.data = data;
      this.jar = jar;
      this.log = log;
      this.demoDir = data.getParent().resolve("a").resolve("demo"); // A's demo credentials serve both
      this.base = base;
      this.process = process;
    }

    static Hub start(String name, Path jar, String command, Path data, Map<String, String> env) throws IOException {
      int port = freePort();
      Map<String, String> props = new LinkedHashMap<>();
      props.put("certhub.db.url", database.url());
      props.put("certhub.db.user", database.user());
      props.put("certhub.db.password", "");
      props.put("certhub.redis.url", redis.url());
      props.put("certhub.kafka.bootstrap-servers", broker.bootstrapServers());
      props.put("certhub.ledger.journal", "kafka");
      props.put("certhub.kafka.journal.instance-id", name);
      props.put("certhub.kafka.journal.checkpoint-interval", "200ms");
      // The limit is per department and matter and shared through Redis: the test measures correctness, not the limit.
      props.put("certhub.rate-limit.per-second", "100000");
      props.put("certhub.rate-limit.burst", "100000");
      // 400 pulls by one department raise a supervision alert, itself an access on the log, at the next scan (every
      // minute by default): a scan at a moment of its own choosing would add entries while the test compares the
      // replicas and stops them. Scanned once an hour here, so the log holds what the test did.
      props.put("certhub.supervision.interval", "PT1H");
      // Seeding wrote invalidation tombstones for the demo licences, which keep the cache from filling while they live:
      // a short one lets the revoke step see the licence cached as valid first (as RedisIT does).
      props.put("certhub.redis.tombstone-ttl", "1s");
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
      props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
      cmd.addAll(List.of("-jar", jar.toString(), command, "--data", data.toString(), "--port", Integer.toString(port)));
      // Kept after the run (the data directories are temporary): target/two-instances/hub-a.log, hub-b.log.
      Path log = Files.createDirectories(Path.of("target", "two-instances")).resolve(name + ".log").toAbsolutePath();
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(env);
      return new Hub(name, data, jar, log, "https://localhost:" + port, pb.start());
    }

    void awaitLog(String line, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!Files.readString(log, StandardCharsets.UTF_8).contains(line)) {
        assertThat(process.isAlive()).as(name + " exited during start; its log:\n" + tail()).isTrue();
        assertThat(System.nanoTime()).as(name + " did not start in " + timeout + "; its log:\n" + tail()).isLessThan(deadline);
        Thread.sleep(250);
      }
    }

    void awaitHealthy(Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        assertThat(process.isAlive()).as(name + " exited during start; its log:\n" + tail()).isTrue();
        try {
          HttpResponse<String> h = get(client(null), "/actuator/health");
          if (h.statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        assertThat(System.nanoTime()).as(name + " not healthy in " + timeout + "; its log:\n" + tail()).isLessThan(deadline);
        Thread.sleep(500);
      }
    }

    JsonNode engines() throws Exception {
      HttpResponse<String> r = get(client(null), "/actuator/health/engines");
      return JSON.readTree(r.body());
    }

    HttpClient client(String identity) throws Exception {
      return TestHub.client(demoDir, identity);
    }

    HttpResponse<String> get(HttpClient c, String path) throws Exception {
      return c.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(HttpClient c, String path, String json) throws Exception {
      return c.send(
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM, as an operator or an orchestrator stops an instance: it must exit by itself, without errors logged. */
    void stop() throws Exception {
      process.destroy();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(name + " stops within 60 s on SIGTERM").isTrue();
      String text = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(text.lines().filter(l -> l.contains(" ERROR ")).toList()).as(name + " logged no errors").isEmpty();
    }

    void kill() throws InterruptedException {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }

    /** {@code certhub ledger verify --data DIR} in its own JVM; asserts exit code 0 and returns its output. */
    String ledgerVerify() throws Exception {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "ledger", "verify",
          "--data", data.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(name + ": " + out).isZero();
      return out;
    }

    private String tail() throws IOException {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
  }
}

package org.certhub.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Load generator for a running hub, over real mutual TLS with HTTP/1.1 keep-alive connections
 * ({@code java.net.http.HttpClient}, a small pool of clients so one selector thread is not the limit).
 *
 * <p>Targets: {@code pull} posts the demo's {@code demo.json} to {@code /api/v1/pulls} as the consumer
 * department (policy, licence verification, response signature, and a durable ledger entry per call);
 * {@code whoami} gets {@code /api/v1/whoami} as the same department (the mTLS and servlet ceiling).
 *
 * <p>Modes:
 *
 * <ul>
 *   <li>{@code closed}: {@code --connections N} workers each send the next request when the previous one
 *       answered, as fast as possible. Latency is from send to the last byte of the answer.
 *   <li>{@code open}: requests are due at a fixed rate ({@code --rate R} per second) whatever the answers
 *       do. Latency is from the time a request was <em>due</em>, not the time it was sent, so a slow hub
 *       cannot hide its queueing (no coordinated omission). At most {@code --max-in-flight} requests are
 *       outstanding; when the bound is reached the generator waits, and the wait counts in the latency.
 *       The bound is also the number of connections the client may open (HTTP/1.1 opens one per
 *       outstanding request): with 256, a hiccup of the hub let the client open some 300 connections at once,
 *       and the hub's share of two cores went to that many mutual-TLS handshakes instead of pulls; 64 keeps
 *       the client like a department's connection pool.
 *       The report says how late the generator sent (its own lag) and whether it kept up; once a send is
 *       more than {@code --give-up-after} seconds late the run stops and the unsent requests are reported.
 * </ul>
 *
 * <p>A warm-up of {@code --warmup} seconds runs the same load unrecorded first (in open mode preceded by up
 * to 5 s of closed loop over {@code --connections} workers, which opens the connections and warms the client). The latency histogram
 * (HdrHistogram, microsecond resolution, 3 significant digits) holds 2xx answers only; non-2xx answers are
 * counted by status and transport errors by exception class. Prints a plain text block and one {@code
 * RESULT {json}} line; {@code PullLoad report FILE...} turns those lines into the markdown table of
 * docs/benchmarks.md.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.certhub.bench.load.PullLoad --url
 * https://localhost:8443 --demo DATA/demo --target pull|whoami --mode closed|open [--connections 16]
 * [--rate 1000] [--duration 20] [--warmup 5] [--max-in-flight 64] [--clients 2] [--give-up-after 15] [--label name]}
 */
public final class PullLoad {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(120);
  /** A send later than this after its due time counts as the generator falling behind. */
  static final long LATE_MICROS = 5_000;

  private PullLoad() {}

  /** The command line, validated. */
  record Options(
      URI base, Path demo, String target, String mode, int connections, double rate, int durationSeconds, int warmupSeconds,
      int maxInFlight, int clients, int giveUpSeconds, String label) {
    Options {
      if (!target.equals("pull") && !target.equals("whoami")) {
        throw new IllegalArgumentException("--target must be pull or whoami, but was: " + target);
      }
      if (!mode.equals("closed") && !mode.equals("open")) {
        throw new IllegalArgumentException("--mode must be closed or open, but was: " + mode);
      }
      if (connections < 1 || clients < 1 || maxInFlight < 1 || durationSeconds < 1 || giveUpSeconds < 1 || warmupSeconds < 0) {
        throw new IllegalArgumentException("--connections, --clients, --max-in-flight, --duration, --give-up-after must be ≥ 1 and --warmup ≥ 0");
      }
      if (mode.equals("open") && !(rate > 0)) {
        throw new IllegalArgumentException("--rate must be > 0 in open mode, but was: " + rate);
      }
    }

    static Options parse(String[] args) {
      Map<String, String> o = new TreeMap<>();
      for (int i = 0; i < args.length; i += 2) {
        if (!args[i].startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("expected --name value pairs, but got: " + args[i]);
        }
        o.put(args[i].substring(2), args[i + 1]);
      }
      String mode = o.getOrDefault("mode", "closed");
      String target = o.getOrDefault("target", "pull");
      int connections = Integer.parseInt(o.getOrDefault("connections", "16"));
      double rate = Double.parseDouble(o.getOrDefault("rate", "0"));
      String label = o.getOrDefault("label", target + "-" + mode + "-" + (mode.equals("open") ? (long) rate + "rps" : "c" + connections));
      Options opts =
          new Options(
              URI.create(require(o, "url")), Path.of(require(o, "demo")), target, mode, connections, rate,
              Integer.parseInt(o.getOrDefault("duration", "20")), Integer.parseInt(o.getOrDefault("warmup", "5")),
              Integer.parseInt(o.getOrDefault("max-in-flight", "64")), Integer.parseInt(o.getOrDefault("clients", "2")),
              Integer.parseInt(o.getOrDefault("give-up-after", "15")), label);
      o.keySet().removeAll(List.of("url", "demo", "target", "mode", "connections", "rate", "duration", "warmup", "max-in-flight", "clients", "give-up-after", "label"));
      if (!o.isEmpty()) {
        throw new IllegalArgumentException("unknown options: " + o.keySet());
      }
      return opts;
    }

    private static String require(Map<String, String> o, String name) {
      String v = o.get(name);
      if (v == null) {
        throw new IllegalArgumentException("--" + name + " is required");
      }
      return v;
    }
  }

  /** What one run recorded; safe for concurrent recording. */
  static final class Tally {
    final Histogram latency = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    final Histogram sendLag = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    final LongAdder ok = new LongAdder();
    final LongAdder lateSends = new LongAdder();
    final LongAdder inFlightWaits = new LongAdder();
    /** Requests due (warm-up or measured) that were never sent because the generator gave up. */
    final LongAdder abandoned = new LongAdder();
    /** When the generator gave up: requests sent (warm-up included), and the due and actual second of the last one. */
    volatile long sentBeforeGivingUp;
    volatile double gaveUpAtDueSecond;
    volatile double gaveUpAtSecond;
    final Map<Integer, LongAdder> non2xx = new ConcurrentHashMap<>();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    void answer(int status, long nanos) {
      if (status >= 200 && status < 300) {
        ok.increment();
        latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1_000)));
      } else {
        non2xx.computeIfAbsent(status, s -> new LongAdder()).increment();
      }
    }

    void error(Throwable e) {
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
      errors.computeIfAbsent(cause.getClass().getSimpleName(), s -> new LongAdder()).increment();
    }

    long requests() {
      long n = ok.sum();
      for (LongAdder a : non2xx.values()) {
        n += a.sum();
      }
      for (LongAdder a : errors.values()) {
        n += a.sum();
      }
      return n;
    }
  }

  public static void main(String[] args) throws Exception {
    // On 2 cores the common pool has parallelism 1, and CompletableFuture then runs every *Async stage
    // (java.net.http uses them) on a new thread: a thread start per request that made the generator the
    // bottleneck. Must be set before the common pool is first used.
    if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
      System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "4");
    }
    if (args.length > 0 && args[0].equals("report")) {
      LoadReport.print(java.util.Arrays.copyOfRange(args, 1, args.length), System.out);
      return;
    }
    if (args.length > 0 && args[0].equals("serve")) {
      if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
        System.setProperty("jdk.httpclient.keepalive.timeout", "2");
      }
      serve(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    int status = row(args);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs rows read from standard input, one line of options each (added to {@code common}), in this one JVM, and
   * prints {@code END <status>} after each. A generator started afresh for every row spends its first tens of
   * seconds compiling its own HTTP and TLS code, on the two cores the hub needs: in a run of 2026-12-07 that made a
   * pull cost the generator 0.5-0.75 ms of CPU against 0.25 ms for whoami, and so showed the generator's warm-up in
   * the pull/whoami ratio. Kept alive, it is warmed with the hub and measures the hub. Idle connections close after
   * 2 s ({@code jdk.httpclient.keepalive.timeout}), so a row does not find the previous row's connections open.
   */
  static void serve(String[] common) throws Exception {
    java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      List<String> all = new ArrayList<>(List.of(common));
      all.addAll(List.of(line.trim().split("\\s+")));
      int status;
      try {
        status = row(all.toArray(String[]::new));
      } catch (Exception e) {
        System.err.println("PullLoad: the row failed: " + e);
        status = 1;
      }
      System.gc(); // between rows, not in one: lets the row's clients, their threads and connections go
      System.out.println("END " + status);
      System.out.flush();
    }
  }

  /** One run with the given options; returns the exit status (0: measured, 2: refused options or a refusing hub). */
  static int row(String[] args) throws Exception {
    Options opts;
    try {
      opts = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("PullLoad: " + e.getMessage());
      return 2;
    }
    SSLContext ssl = DemoTls.context(opts.demo(), "consumer");
    List<HttpClient> clients = new ArrayList<>();
    for (int i = 0; i < opts.clients(); i++) {
      clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build());
    }
    HttpRequest request = request(opts);
    if (!preflight(clients.get(0), request, opts.target())) {
      return 2;
    }

    long cpuBefore = processCpuNanos();
    long wallBefore = System.nanoTime();
    Tally tally = new Tally();
    double[] measured = opts.mode().equals("closed") ? closed(opts, clients, request, tally) : open(opts, clients, request, tally);
    double generatorCpu = (processCpuNanos() - cpuBefore) / (double) (System.nanoTime() - wallBefore);
    print(opts, tally, measured[0], measured[1], generatorCpu);
    return 0;
  }

  static HttpRequest request(Options opts) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder().timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
    if (opts.target().equals("pull")) {
      byte[] body = Files.readAllBytes(opts.demo().resolve("demo.json"));
      return b.uri(opts.base().resolve("/api/v1/pulls"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .build();
    }
    return b.uri(opts.base().resolve("/api/v1/whoami")).GET().build();
  }

  /** One request before the clock starts: a hub that refuses the load is reported, not measured. */
  static boolean preflight(HttpClient client, HttpRequest request, String target) throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    boolean good = r.statusCode() == 200 && (!target.equals("pull") || r.body().contains("\"receipt\""));
    if (!good) {
      String body = r.body().length() > 400 ? r.body().substring(0, 400) + "…" : r.body();
      System.err.println("PullLoad: preflight " + request.method() + " " + request.uri() + " must answer 200"
          + (target.equals("pull") ? " with a ledger receipt" : "") + ", but was: " + r.statusCode() + " " + body);
    }
    return good;
  }

  /** Closed loop. Returns {measured seconds, offered rate (0: none)}. */
  static double[] closed(Options opts, List<HttpClient> clients, HttpRequest request, Tally tally) throws InterruptedException {
    long start = System.nanoTime();
    long measureFrom = start + TimeUnit.SECONDS.toNanos(opts.warmupSeconds());
    long end = measureFrom + TimeUnit.SECONDS.toNanos(opts.durationSeconds());
    closedLoop(opts.connections(), clients, request, tally, measureFrom, end);
    return new double[] {opts.durationSeconds(), 0};
  }

  /** {@code workers} threads send back to back until {@code end}; requests started from {@code measureFrom} are recorded. */
  private static void closedLoop(int workerCount, List<HttpClient> clients, HttpRequest request, Tally tally, long measureFrom, long end)
      throws InterruptedException {
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < workerCount; w++) {
      HttpClient client = clients.get(w % clients.size());
      Thread t =
          new Thread(
              () -> {
                long t0;
                while ((t0 = System.nanoTime()) < end) {
                  try {
                    HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (t0 >= measureFrom) {
                      tally.answer(r.statusCode(), System.nanoTime() - t0);
                    }
                  } catch (IOException e) {
                    if (t0 >= measureFrom) {
                      tally.error(e);
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                }
              },
              "load-" + w);
      t.start();
      workers.add(t);
    }
    for (Thread t : workers) {
      t.join();
    }
  }

  /** Open loop at a fixed arrival rate. Returns {measured seconds, offered rate}. */
  static double[] open(Options opts, List<HttpClient> clients, HttpRequest request, Tally tally) throws InterruptedException {
    // Prime first, unrecorded: open the connections and compile the client's code with a short closed loop,
    // so that the open loop's warm-up does not start with a cold client building a backlog of handshakes.
    long primeEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(5, opts.warmupSeconds()));
    closedLoop(Math.min(opts.connections(), opts.maxInFlight()), clients, request, new Tally(), Long.MAX_VALUE, primeEnd);
    double intervalNanos = 1e9 / opts.rate();
    long warmupCount = (long) Math.floor(opts.warmupSeconds() * opts.rate());
    long total = warmupCount + (long) Math.floor(opts.durationSeconds() * opts.rate());
    Semaphore slots = new Semaphore(opts.maxInFlight());
    long giveUpNanos = TimeUnit.SECONDS.toNanos(opts.giveUpSeconds());
    long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    long firstMeasuredSend = 0;
    long lastMeasuredSend = 0;
    for (long i = 0; i < total; i++) {
      final long due = t0 + (long) (i * intervalNanos);
      final boolean measure = i >= warmupCount;
      long now;
      while ((now = System.nanoTime()) < due) {
        long left = due - now;
        if (left > 100_000) {
          LockSupport.parkNanos(left - 50_000);
        } else {
          Thread.onSpinWait();
        }
      }
      if (!slots.tryAcquire()) {
        if (measure) {
          tally.inFlightWaits.increment();
        }
        slots.acquire();
      }
      long sent = System.nanoTime();
      if (sent - due > giveUpNanos) {
        tally.abandoned.add(total - i);
        tally.gaveUpAtDueSecond = (due - t0) / 1e9;
        tally.gaveUpAtSecond = (sent - t0) / 1e9;
        tally.sentBeforeGivingUp = i;
        slots.release();
        break;
      }
      if (measure) {
        long lagMicros = (sent - due) / 1_000;
        tally.sendLag.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, lagMicros)));
        if (lagMicros > LATE_MICROS) {
          tally.lateSends.increment();
        }
        if (firstMeasuredSend == 0) {
          firstMeasuredSend = sent;
        }
        lastMeasuredSend = sent;
      }
      clients
          .get((int) (i % clients.size()))
          .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
          .whenComplete(
              (r, e) -> {
                long done = System.nanoTime();
                try {
                  if (measure && e != null) {
                    tally.error(e);
                  } else if (measure) {
                    tally.answer(r.statusCode(), done - due);
                  }
                } finally {
                  slots.release(); // after recording: the final wait for every slot means every answer is counted
                }
              });
    }
    if (!slots.tryAcquire(opts.maxInFlight(), 60, TimeUnit.SECONDS)) {
      System.err.println("PullLoad: requests still outstanding 60 s after the last send; they are not counted");
    }
    long sentCount = tally.sendLag.getTotalCount();
    double sendSeconds =
        sentCount > 1 ? (lastMeasuredSend - firstMeasuredSend) / 1e9 * sentCount / (sentCount - 1) : opts.durationSeconds();
    return new double[] {sendSeconds, opts.rate()};
  }

  static void print(Options opts, Tally t, double seconds, double offered, double generatorCpu) {
    Histogram h = t.latency;
    long requests = t.requests();
    double throughput = t.ok.sum() / seconds;
    boolean open = opts.mode().equals("open");
    long sendLagP99 = t.sendLag.getValueAtPercentile(99);
    boolean behind =
        open && (t.abandoned.sum() > 0 || t.lateSends.sum() > requests / 100 || t.inFlightWaits.sum() > 0 || requests / seconds < 0.98 * offered);

    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "== %s: %s %s, %s, %d s measured after %d s warm-up, %d HTTP/1.1 clients (keep-alive), mTLS as consumer%n",
        opts.label(), opts.target(), opts.mode(),
        open ? String.format(Locale.ROOT, "%.0f requests/s offered, at most %d in flight", offered, opts.maxInFlight()) : opts.connections() + " connections",
        opts.durationSeconds(), opts.warmupSeconds(), opts.clients()));
    s.append(String.format(Locale.ROOT, "   requests %d   2xx %d   non-2xx %s   errors %s%n", requests, t.ok.sum(), counts(t.non2xx), counts(t.errors)));
    s.append(String.format(Locale.ROOT, "   throughput %.1f 2xx/s%n", throughput));
    s.append(String.format(Locale.ROOT, "   latency ms (2xx%s)   p50 %s   p90 %s   p99 %s   p99.9 %s   max %s%n",
        open ? ", from the due time" : "", ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
        ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue())));
    if (open) {
      s.append(String.format(Locale.ROOT, "   generator: sent %.1f/s, send lag p99 %s ms max %s ms, %d sends > %d ms late, %d waits for an in-flight slot: %s%n",
          requests / seconds, ms(sendLagP99), ms(t.sendLag.getMaxValue()), t.lateSends.sum(), LATE_MICROS / 1000, t.inFlightWaits.sum(),
          behind ? "FELL BEHIND (the offered rate was not held)" : "kept up"));
      if (t.abandoned.sum() > 0) {
        s.append(String.format(Locale.ROOT,
            "   GAVE UP: %d s after the start (warm-up included) it had sent %d requests, %.1f/s, and the next one was due %.1f s earlier;%n"
                + "   the last %d due requests were never sent: the hub did not sustain %.0f/s%n",
            Math.round(t.gaveUpAtSecond), t.sentBeforeGivingUp, t.sentBeforeGivingUp / t.gaveUpAtSecond, t.gaveUpAtSecond - t.gaveUpAtDueSecond,
            t.abandoned.sum(), offered));
      }
    }
    s.append(String.format(Locale.ROOT, "   generator CPU %.0f %% of one core (common pool parallelism %d)%n", generatorCpu * 100,
        java.util.concurrent.ForkJoinPool.getCommonPoolParallelism()));
    System.out.print(s);

    ObjectNode r = JSON.createObjectNode();
    r.put("label", opts.label());
    r.put("target", opts.target());
    r.put("mode", opts.mode());
    r.put("connections", open ? 0 : opts.connections());
    r.put("rate", offered);
    r.put("seconds", round(seconds, 3));
    r.put("requests", requests);
    r.put("ok", t.ok.sum());
    ObjectNode bad = r.putObject("non2xx");
    new TreeMap<>(t.non2xx).forEach((k, v) -> bad.put(String.valueOf(k), v.sum()));
    ObjectNode err = r.putObject("errors");
    new TreeMap<>(t.errors).forEach((k, v) -> err.put(k, v.sum()));
    r.put("throughput", round(throughput, 1));
    r.put("p50_ms", msValue(h.getValueAtPercentile(50)));
    r.put("p90_ms", msValue(h.getValueAtPercentile(90)));
    r.put("p99_ms", msValue(h.getValueAtPercentile(99)));
    r.put("p999_ms", msValue(h.getValueAtPercentile(99.9)));
    r.put("max_ms", msValue(h.getMaxValue()));
    if (open) {
      r.put("send_lag_p99_ms", msValue(sendLagP99));
      r.put("send_lag_max_ms", msValue(t.sendLag.getMaxValue()));
      r.put("late_sends", t.lateSends.sum());
      r.put("in_flight_waits", t.inFlightWaits.sum());
      r.put("generator_behind", behind);
      r.put("abandoned", t.abandoned.sum());
      if (t.abandoned.sum() > 0) {
        r.put("sent_before_giving_up", t.sentBeforeGivingUp);
        r.put("sent_rate_before_giving_up", round(t.sentBeforeGivingUp / t.gaveUpAtSecond, 1));
      }
    }
    r.put("generator_cpu", round(generatorCpu, 2));
    System.out.println("RESULT " + JSON.writeValueAsString(r));
  }

  private static String counts(Map<?, LongAdder> m) {
    if (m.isEmpty()) {
      return "none";
    }
    StringBuilder s = new StringBuilder();
    new TreeMap<>(m).forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append(": ").append(v.sum()));
    return s.toString();
  }

  private static String ms(long micros) {
    return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
  }

  private static double msValue(long micros) {
    return round(micros / 1000.0, 3);
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
    }
    return 0;
  }
}

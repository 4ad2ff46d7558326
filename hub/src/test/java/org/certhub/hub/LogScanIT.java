package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.certhub.exchange.department.DepartmentRepository;
import org.certhub.exchange.licence.HolderIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Personal identifiers never reach the hub's log in clear. Everything the hub's JVM prints (the console
 * appender, from before the hub starts to after it stops, with {@code org.certhub} at DEBUG) is captured
 * during a full walk: issue, pulls, checks, a bundle, wallet sign-in, licences and a presentation, consent
 * granted, used and revoked, refusals (401, 403, 400, look-alike identifiers, a bad request line) and errors (a
 * stored licence altered behind the hub's back). Then every line is scanned for each identifier and name the
 * walk used, and for anything shaped like a citizen ID or unified social credit code (checksum valid) that is
 * not a department's code.
 */
class LogScanIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String BUSINESS_LICENCE = "11100000MB0143028R001";
  private static final String REAL_ESTATE = "11100000MB3000003K001";
  private static final String CONSUMER = "11330100MB23456780";
  private static final String COMPANY = "91330106MA2B3C4D5D";
  private static final String CITIZEN = "330106199003071236";
  private static final String NEW_COMPANY = "91350100M000100Y43";
  private static final String CONSENT_MATTER = "330100-GS-001";
  /** Names of holders (people and companies) the walk uses or the demo holds. */
  private static final List<String> NAMES = List.of("王强", "李四", "张三", "福州样例贸易有限公司", "杭州示例科技有限公司");

  @TempDir static Path data;
  static final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  static PrintStream out;
  static PrintStream err;
  static TestHub hub;
  static boolean stopped;

  @BeforeAll
  static void start() {
    out = System.out;
    err = System.err;
    System.setOut(new PrintStream(new Tee(out), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(err), true, StandardCharsets.UTF_8));
    hub = TestHub.start(data, Map.of("logging.level.org.certhub", "DEBUG", "certhub.ledger.checkpoint-interval", "200ms"));
  }

  @AfterAll
  static void stop() {
    if (hub != null && !stopped) {
      hub.close();
    }
    System.setOut(out);
    System.setErr(err);
  }

  @Test
  void fullWalk_leavesNoPersonalIdentifierInClearInTheLog() throws Exception {
    Set<String> ids = walk();
    Set<String> departments = new LinkedHashSet<>();
    hub.context.getBean(JdbcClient.class).sql("SELECT code FROM department").query(String.class).list().forEach(departments::add);
    assertThat(departments).contains(CONSUMER);
    hub.close();
    stopped = true;

    String all = captured.toString(StandardCharsets.UTF_8);
    assertThat(all).as("the hub's own log lines were captured").contains("Started").contains("demo data seeded");
    // Demo mode prints a walkthrough with curl commands for its fictional demo holders on purpose (the reader types
    // them); that block alone is left out, and it names none of the identifiers the walk itself brought.
    int from = all.indexOf("CertHub demo is running at ");
    int to = all.indexOf("Stop with Ctrl-C; a restart with the same --data resumes.");
    assertThat(from).isPositive();
    assertThat(to).isGreaterThan(from);
    assertThat(all.indexOf("CertHub demo is running at ", to)).as("one walkthrough").isNegative();
    assertThat(all.substring(from, to)).doesNotContain(NEW_COMPANY).doesNotContain("福州样例贸易有限公司");
    String log = all.substring(0, from) + all.substring(to);
    List<String> leaks = scan(log, ids, departments);
    assertThat(leaks).as("log lines with a personal identifier or name in clear").isEmpty();
    out.println("LogScanIT: scanned " + log.lines().count() + " log lines for " + ids.size() + " identifiers, " + NAMES.size()
        + " names and any checksum-valid ID shape; no leak");
  }

  /** The scanner is honest: it flags an ID or name in clear, in any shape the walk could log, and passes masked ones. */
  @Test
  void scanner_flagsIdentifiersInClear_andPassesMaskedOnes() {
    Set<String> ids = Set.of(CITIZEN, COMPANY);
    Set<String> departments = Set.of(CONSUMER);
    assertThat(scan("2026 INFO pull by " + CONSUMER + " for holder " + CITIZEN + " refused", ids, departments)).hasSize(1);
    assertThat(scan("GET /api/v1/audit/entries?holder=" + COMPANY + "|x", ids, departments)).hasSize(1);
    assertThat(scan("holder 110101199003074477 unknown", Set.of(), departments)).as("an ID the walk did not name").hasSize(1);
    assertThat(scan("holder 91110000600037341L unknown", Set.of(), departments)).as("a USCC the walk did not name").hasSize(1);
    assertThat(scan("officer 王强 signed in", Set.of(), departments)).hasSize(1);
    assertThat(scan("holder 33**************36 by " + CONSUMER + " at 1733475600123456789", ids, departments)).isEmpty();
  }

  static List<String> scan(String log, Set<String> ids, Set<String> departments) {
    Pattern citizenId = Pattern.compile("(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])");
    Pattern uscc = Pattern.compile("(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])");
    List<String> leaks = new ArrayList<>();
    for (String line : log.split("\\R")) {
      boolean leak = ids.stream().anyMatch(line::contains) || NAMES.stream().anyMatch(line::contains);
      Matcher m = citizenId.matcher(line);
      while (!leak && m.find()) {
        leak = HolderIds.isValid("111", m.group().toUpperCase(java.util.Locale.ROOT)) && !departments.contains(m.group());
      }
      m = uscc.matcher(line);
      while (!leak && m.find()) {
        leak = HolderIds.isUscc(m.group()) && !departments.contains(m.group());
      }
      if (leak) {
        leaks.add(line);
      }
    }
    return leaks;
  }

  /** The walk; returns every holder identifier it used. */
  private static Set<String> walk() throws Exception {
    JsonNode demo = JSON.readTree(Files.readString(hub.demo("demo.json")));
    Set<String> ids = new LinkedHashSet<>(List.of(COMPANY, CITIZEN, NEW_COMPANY, demo.get("holder").asString()));
    HttpClient issuer = hub.client("issuer");
    HttpClient consumer = hub.client("consumer");
    HttpClient auditor = hub.client("auditor");
    HttpClient anonymous = hub.client(null);
    String matter = demo.get("matter").asString();

    expect(hub.post(issuer, "/api/v1/licences", """
        {"licenceType":"%s","holder":{"id":"%s","idType":"001","name":"福州样例贸易有限公司"},
         "fields":{"name":"福州样例贸易有限公司","type":"有限责任公司","legalRepresentative":"李四","registeredCapital":"50",
                   "establishedOn":"2025-01-02","address":"福建省福州市鼓楼区1号","businessScope":"货物进出口"},"validFrom":"2025-01-02"}
        """.formatted(BUSINESS_LICENCE, NEW_COMPANY)), 201);
    String pull = "{\"holder\":\"%s\",\"licenceType\":\"%s\",\"matter\":\"%s\",\"purpose\":\"新办纳税人税务登记\",\"officer\":\"窗口-李\"}";
    expect(hub.post(consumer, "/api/v1/pulls", pull.formatted(NEW_COMPANY, BUSINESS_LICENCE, matter)), 200);
    expect(hub.post(consumer, "/api/v1/pulls", demo.toString()), 200);
    expect(hub.post(consumer, "/api/v1/checks", ("{\"holder\":\"%s\",\"licenceType\":\"%s\",\"matter\":\"%s\",\"purpose\":\"核验\",\"claims\":["
        + "{\"field\":\"legalRepresentative\",\"equals\":\"李四\"},{\"validOn\":\"%s\"},{\"notRevoked\":true}]}")
        .formatted(NEW_COMPANY, BUSINESS_LICENCE, matter, LocalDate.now())), 200);
    expect(hub.post(consumer, "/api/v1/pulls/bundle", "{\"holder\":\"" + COMPANY + "\",\"matter\":\"330100-KB-001\",\"purpose\":\"企业开办\",\"officer\":\"李四\"}"), 200);

    // Wallet: sign-in, own licences, a presentation checked by a department.
    String company = JSON.readTree(expect(hub.post(anonymous, "/api/v1/me/session",
        "{\"holder\":\"" + COMPANY + "\",\"idType\":\"001\",\"name\":\"杭州示例科技有限公司\"}"), 200)).get("token").asString();
    String licenceId = null;
    for (JsonNode l : JSON.readTree(expect(bearer(company, "GET", "/api/v1/me/licences", null), 200)).get("licences")) {
      if (l.get("type").get("code").asString().equals(BUSINESS_LICENCE)) {
        licenceId = l.get("id").asString();
      }
    }
    assertThat(licenceId).isNotNull();
    String qr = JSON.readTree(expect(bearer(company, "POST", "/api/v1/me/licences/" + licenceId + "/presentations",
        "{\"fields\":[\"name\",\"legalRepresentative\"]}"), 200)).get("text").asString();
    expect(hub.post(consumer, "/api/v1/qr/verify", "{\"text\":\"" + qr + "\"}"), 200);

    // Consent: refused without, granted in the wallet, used, revoked.
    String realEstate = "{\"holder\":\"" + CITIZEN + "\",\"licenceType\":\"" + REAL_ESTATE + "\",\"matter\":\"" + CONSENT_MATTER + "\"}";
    expect(hub.post(consumer, "/api/v1/pulls", realEstate), 403);
    String citizen = JSON.readTree(expect(hub.post(anonymous, "/api/v1/me/session", "{\"holder\":\"" + CITIZEN + "\",\"name\":\"王强\"}"), 200))
        .get("token").asString();
    String consent = JSON.readTree(expect(bearer(citizen, "POST", "/api/v1/me/consents",
        "{\"department\":\"" + CONSUMER + "\",\"matter\":\"" + CONSENT_MATTER + "\"}"), 201)).get("id").asString();
    expect(hub.post(consumer, "/api/v1/pulls", realEstate), 200);
    expect(bearer(citizen, "DELETE", "/api/v1/me/consents/" + consent, null), 204);
    expect(bearer(citizen, "GET", "/api/v1/me/accesses", null), 200);

    // Refusals.
    expect(hub.post(consumer, "/api/v1/pulls", pull.formatted(NEW_COMPANY, BUSINESS_LICENCE, "330100-SW-002")), 403);
    expect(hub.post(anonymous, "/api/v1/pulls", pull.formatted(NEW_COMPANY, BUSINESS_LICENCE, matter)), 401);
    expect(hub.post(consumer, "/api/v1/licences", "{\"licenceType\":\"x\",\"holder\":{\"id\":\"" + CITIZEN + "\",\"idType\":\"111\",\"name\":\"王强\"},\"fields\":{}}"), 403);
    expect(hub.post(issuer, "/api/v1/licences", "{\"licenceType\":\"" + BUSINESS_LICENCE + "\",\"holder\":{\"id\":\"" + CITIZEN
        + "\",\"idType\":\"001\",\"name\":\"王强\"},\"fields\":{\"name\":\"王强\"}}"), 400, 422);
    expect(hub.post(consumer, "/api/v1/pulls", "{\"holder\":\"" + CITIZEN + "\",\"licenceType\":42,\"matter\":\"" + CONSENT_MATTER + "\"}"), 400);
    expect(hub.post(consumer, "/api/v1/pulls", "{\"holder\":\"" + CITIZEN + "\",\"licenceType\":\"" + REAL_ESTATE), 400);
    for (String h : List.of(" " + COMPANY, "９１３３０１０６ＭＡ２Ｂ３Ｃ４Ｄ５Ｄ", COMPANY + "\\u0000", "../" + CITIZEN, CITIZEN + "\\u200b")) {
      expect(hub.post(consumer, "/api/v1/pulls", "{\"holder\":\"" + h + "\",\"licenceType\":\"" + BUSINESS_LICENCE + "\",\"matter\":\"" + matter + "\"}"), 400);
    }
    expect(hub.get(auditor, "/api/v1/audit/entries?holder=" + CITIZEN), 200);
    expect(hub.get(consumer, "/api/v1/audit/entries?holder=" + CITIZEN), 403);
    expect(hub.get(auditor, "/api/v1/licences/" + CITIZEN + "%2F" + COMPANY), 400, 404);
    expect(hub.get(issuer, "/api/v1/licences?holder=" + CITIZEN + "&status=nonsense"), 400);
    expect(bearer(citizen + "x", "GET", "/api/v1/me/licences", null), 401);
    expect(hub.get(auditor, "/api/v1/audit/entries?holder=" + CITIZEN + "%C0%AE"), 400);
    expect(hub.get(issuer, "/api/v1/licences/" + CITIZEN + "/../" + COMPANY), 400, 404);
    expect(hub.get(anonymous, "/api/v1/me/licences/" + CITIZEN + "%2F..%2F" + COMPANY), 400, 404);
    String raw = rawRequest("GET /api/v1/audit/entries?holder=" + CITIZEN + "|{" + COMPANY + "} HTTP/1.1");
    assertThat(raw).startsWith("HTTP/1.1 400");

    // An error: a stored licence altered behind the hub's back (integrity_failure, nothing released).
    int changed = hub.context.getBean(JdbcClient.class)
        .sql("UPDATE licence SET signed_json = REPLACE(signed_json, '李四', '王五') WHERE signed_json LIKE ?").param("%" + NEW_COMPANY + "%").update();
    assertThat(changed).isEqualTo(1);
    expect(hub.post(consumer, "/api/v1/pulls", pull.formatted(NEW_COMPANY, BUSINESS_LICENCE, matter)), 500);
    hub.context.getBean(org.certhub.exchange.audit.AccessLog.class).awaitIndexed();
    return ids;
  }

  private static String expect(HttpResponse<String> r, int... statuses) {
    assertThat(r.statusCode()).as(r.request().method() + " " + r.uri() + ": " + r.body()).isIn(java.util.Arrays.stream(statuses).boxed().toList());
    return r.body();
  }

  private static HttpResponse<String> bearer(String token, String method, String path, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.base + path)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
    if (json != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return hub.send(hub.client(null), b.build());
  }

  /** A request line no HTTP client would send (Tomcat refuses it before the application). */
  private static String rawRequest(String requestLine) throws Exception {
    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", hub.ca());
    tmf.init(trust);
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    int port = URI.create(hub.base).getPort();
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(new Socket("localhost", port), "localhost", port, true)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Writes through to the real stream and keeps a copy. */
  private static final class Tee extends OutputStream {
    private final PrintStream through;

    Tee(PrintStream through) {
      this.through = through;
    }

    @Override
    public void write(int b) {
      synchronized (captured) {
        captured.write(b);
      }
      through.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (captured) {
        captured.write(b, off, len);
      }
      through.write(b, off, len);
    }
  }
}

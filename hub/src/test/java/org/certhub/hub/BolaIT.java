package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.certhub.exchange.licence.HolderIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Broken object-level authorisation, probed: thousands of generated pulls, checks and bundles by every kind of
 * department against other holders, other types and other matters, each answer compared with an oracle computed
 * here from the seeded policies (never from the hub), every refusal found again in the ledger, no refusal carrying
 * anyone's data; then suspended departments, lapsed policies and look-alike identifiers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BolaIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String CONSUMER = "11330100MB23456780";
  static final String COMPANY = "91330106MA2B3C4D5D";
  static final String CITIZEN = "330106199003071236";
  static final String SPOUSE = "330106199208152347";
  static final String GHOST = "91330106MA2B3C4D6" ;
  static final String BL = "11100000MB0143028R001";
  static final String FOOD = "11100000MB0143028R002";
  static final String ID = "11100000MB10000011001";
  static final String DL = "11100000MB10000011002";
  static final String MARRIAGE = "11100000MB2000002A001";
  static final String REAL_ESTATE = "11100000MB3000003K001";
  static final String UNKNOWN_TYPE = "11100000MB0143028R999";
  static final List<String> TYPES = List.of(BL, FOOD, ID, DL, MARRIAGE, REAL_ESTATE, UNKNOWN_TYPE);
  static final List<String> MATTERS = List.of("330100-SW-001", "330100-SW-002", "330100-KB-001", "330100-GS-001", "330100-SW-003", "T-BOLA", "NO-SUCH");
  static final List<String> CALLERS = List.of("consumer", "consumer2", "issuer", "auditor", "admin");
  /** Values in the seeded licences, by holder: none may appear in an answer about someone else, or in a refusal. */
  static final Map<String, List<String>> VALUES = Map.of(
      COMPANY, List.of("杭州示例科技有限公司", "张三", "浙江省杭州市西湖区文三路1号", "JY13301060012345", "技术服务、技术开发、技术咨询", "热食类食品制售"),
      CITIZEN, List.of("王强", "李娜", "浙江省杭州市西湖区文三路90号", "J330106-2019-001234", "浙(2021)杭州市不动产权第0012345号", "330106001001GB00001F00010001"));

  record MatterSpec(Set<String> handlers, List<String> types, boolean consent, boolean checkOnly) {}

  static final Map<String, MatterSpec> SPECS = new HashMap<>();
  /** (caller department, type, matter) → granted fields. */
  static final Map<String, List<String>> POLICIES = new HashMap<>();
  static final Map<String, Set<String>> HOLDINGS = Map.of(COMPANY, Set.of(BL, FOOD), CITIZEN, Set.of(ID, DL, MARRIAGE, REAL_ESTATE));

  @TempDir static Path data;
  @TempDir static Path extra;
  static TestHub hub;
  static String consumer2;
  static final Map<String, HttpClient> clients = new HashMap<>();
  static final Map<String, Integer> refusals = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(data, Map.of("certhub.rate-limit.per-second", "100000", "certhub.rate-limit.burst", "100000"));
    for (String c : List.of("consumer", "issuer", "auditor", "admin")) {
      clients.put(c, hub.client(c));
    }
    consumer2 = uscc("11330100MB9876543");
    HttpClient admin = clients.get("admin");
    assertThat(hub.post(admin, "/api/v1/admin/departments", "{\"code\":\"" + consumer2 + "\",\"name\":\"杭州市人力社保局\",\"roles\":[\"PULL\"]}")
        .statusCode()).isEqualTo(201);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    HttpResponse<String> chain = hub.post(admin, "/api/v1/admin/departments/" + consumer2 + "/credentials",
        "{\"publicKey\":\"" + Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()) + "\"}");
    assertThat(chain.statusCode()).as(chain.body()).isEqualTo(201);
    Files.copy(hub.demo("ca.pem"), extra.resolve("ca.pem"));
    Files.writeString(extra.resolve("consumer2.pem"), chain.body());
    Files.writeString(extra.resolve("consumer2.key"), "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(kp.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    clients.put("consumer2", TestHub.client(extra, "consumer2"));
    assertThat(hub.post(admin, "/api/v1/admin/matters", "{\"code\":\"T-BOLA\",\"name\":\"社保登记\",\"handlers\":[\"" + consumer2 + "\"],"
        + "\"licenceTypes\":[\"" + BL + "\"]}").statusCode()).isEqualTo(201);
    assertThat(hub.post(admin, "/api/v1/admin/policies", "{\"consumer\":\"" + consumer2 + "\",\"licenceType\":\"" + BL
        + "\",\"matter\":\"T-BOLA\",\"fields\":[\"name\"],\"legalBasis\":\"测试\"}").statusCode()).isEqualTo(201);

    SPECS.put("330100-SW-001", new MatterSpec(Set.of(CONSUMER), List.of(BL), false, false));
    SPECS.put("330100-SW-002", new MatterSpec(Set.of(CONSUMER), List.of(BL), false, false));
    SPECS.put("330100-KB-001", new MatterSpec(Set.of(CONSUMER), List.of(BL, FOOD), false, false));
    SPECS.put("330100-GS-001", new MatterSpec(Set.of(CONSUMER), List.of(MARRIAGE, REAL_ESTATE), true, false));
    SPECS.put("330100-SW-003", new MatterSpec(Set.of(CONSUMER), List.of(BL), false, true));
    SPECS.put("T-BOLA", new MatterSpec(Set.of(consumer2), List.of(BL), false, false));
    POLICIES.put(CONSUMER + BL + "330100-SW-001", List.of("name", "type", "legalRepresentative", "registeredCapital", "establishedOn", "address"));
    POLICIES.put(CONSUMER + BL + "330100-KB-001", List.of("name", "legalRepresentative", "address"));
    POLICIES.put(CONSUMER + FOOD + "330100-KB-001", List.of("permitNumber", "operatorName", "mainBusiness"));
    POLICIES.put(CONSUMER + REAL_ESTATE + "330100-GS-001", List.of("certificateNumber", "obligee", "location", "area"));
    POLICIES.put(CONSUMER + MARRIAGE + "330100-GS-001", List.of("certificateNumber", "spouse1Name", "spouse2Name"));
    POLICIES.put(CONSUMER + BL + "330100-SW-003", List.of("name", "legalRepresentative"));
    POLICIES.put(consumer2 + BL + "T-BOLA", List.of("name"));
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  /** The oracle: the status (and problem code) the hub must answer, from the seeded state alone. */
  static String expected(String caller, boolean pull, String holder, String type, String matter) {
    String dept = department(caller);
    MatterSpec m = SPECS.get(matter);
    if (!TYPES.subList(0, 6).contains(type) || m == null) {
      return "400 malformed_request";
    }
    if (!caller.startsWith("consumer")) {
      return "403 role_missing";
    }
    if (!m.handlers().contains(dept) || !m.types().contains(type) || (pull && m.checkOnly()) || !POLICIES.containsKey(dept + type + matter)) {
      return "403 policy_denied";
    }
    if (m.consent()) {
      return "403 consent_missing";
    }
    if (!HOLDINGS.getOrDefault(holder, Set.of()).contains(type)) {
      return "404 not_found";
    }
    return "200";
  }

  static String department(String caller) {
    switch (caller) {
      case "consumer": return CONSUMER;
      case "consumer2": return consumer2;
      case "issuer": return "11330100MB1234567E";
      case "auditor": return "11330100MB3456789H";
      default: return "11330100MB45678917";
    }
  }

  @Test
  @Order(1)
  void generatedProbes_matchTheOracle_leakNothing_andEveryRefusalIsInTheLedger() throws Exception {
    Random random = new Random(20261206);
    List<String> holders = List.of(COMPANY, CITIZEN, SPOUSE, GHOST);
    int probes = 0;
    int allowed = 0;
    for (int i = 0; i < 2100; i++) {
      String caller = CALLERS.get(random.nextInt(CALLERS.size()));
      String holder = holders.get(random.nextInt(holders.size()));
      String matter = MATTERS.get(random.nextInt(MATTERS.size()));
      int kind = random.nextInt(7);
      if (kind == 0) {
        allowed += bundle(caller, holder, matter);
      } else {
        String type = TYPES.get(random.nextInt(TYPES.size()));
        allowed += single(caller, kind <= 4, holder, type, matter) ? 1 : 0;
      }
      probes++;
    }
    assertThat(probes).isEqualTo(2100);
    assertThat(allowed).as("the oracle is exercised on both sides").isGreaterThan(20);
    for (String caller : CALLERS) {
      assertThat(ledgerRefusals(department(caller), Set.of("pull", "check", "pull.bundle")))
          .as("refusals of " + caller + " found in the ledger").isEqualTo(refusals.getOrDefault(caller, 0));
    }
  }

  private boolean single(String caller, boolean pull, String holder, String type, String matter) throws Exception {
    String body = "{\"holder\":\"" + holder + "\",\"licenceType\":\"" + type + "\",\"matter\":\"" + matter + "\""
        + (pull ? "" : ",\"claims\":[{\"notRevoked\":true}]") + "}";
    HttpResponse<String> r = hub.post(clients.get(caller), pull ? "/api/v1/pulls" : "/api/v1/checks", body);
    String want = expected(caller, pull, holder, type, matter);
    String what = caller + (pull ? " pulls " : " checks ") + holder + " " + type + " for " + matter;
    assertThat(outcome(r)).as(what + ": " + r.body()).isEqualTo(want);
    if (r.statusCode() != 200) {
      refusals.merge(caller, 1, Integer::sum);
      assertNoLeak(r.body(), null, what);
      return false;
    }
    JsonNode b = JSON.readTree(r.body());
    if (pull) {
      List<String> granted = POLICIES.get(department(caller) + type + matter);
      b.get("licence").get("fields").propertyNames().forEach(f -> assertThat(granted).as(what).contains(f));
      assertThat(b.get("licence").get("holder").get("id").asString()).isEqualTo(holder);
      assertNoLeak(r.body(), holder, what);
    } else {
      assertNoLeak(r.body(), null, what);
    }
    return true;
  }

  private int bundle(String caller, String holder, String matter) throws Exception {
    HttpResponse<String> r = hub.post(clients.get(caller), "/api/v1/pulls/bundle", "{\"holder\":\"" + holder + "\",\"matter\":\"" + matter + "\"}");
    String what = caller + " bundles " + holder + " for " + matter;
    MatterSpec m = SPECS.get(matter);
    if (m == null) {
      assertThat(outcome(r)).as(what).isEqualTo("400 malformed_request");
      refusals.merge(caller, 1, Integer::sum);
      assertNoLeak(r.body(), null, what);
      return 0;
    }
    assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(200);
    JsonNode b = JSON.readTree(r.body());
    assertThat(b.get("items")).hasSize(m.types().size());
    int ok = 0;
    for (JsonNode item : b.get("items")) {
      String type = item.get("licenceType").asString();
      String want = expected(caller, true, holder, type, matter);
      if (item.has("problem")) {
        JsonNode p = item.get("problem");
        assertThat(p.get("status").asInt() + " " + p.get("code").asString()).as(what + " " + type).isEqualTo(want);
        refusals.merge(caller, 1, Integer::sum);
        assertNoLeak(item.toString(), null, what);
      } else {
        assertThat("200").as(what + " " + type).isEqualTo(want);
        List<String> granted = POLICIES.get(department(caller) + type + matter);
        item.get("licence").get("fields").propertyNames().forEach(f -> assertThat(granted).as(what).contains(f));
        assertNoLeak(item.toString(), holder, what);
        ok++;
      }
    }
    return ok;
  }

  @Test
  @Order(2)
  void suspendedDepartment_everyCallRefused_andRecorded() throws Exception {
    HttpClient admin = clients.get("admin");
    assertThat(hub.post(admin, "/api/v1/admin/departments/" + consumer2 + "/suspension", "{\"reason\":\"BOLA test\"}").statusCode()).isEqualTo(200);
    HttpClient c2 = clients.get("consumer2");
    String pull = "{\"holder\":\"" + COMPANY + "\",\"licenceType\":\"" + BL + "\",\"matter\":\"T-BOLA\"}";
    for (int i = 0; i < 10; i++) {
      for (HttpResponse<String> r : List.of(hub.post(c2, "/api/v1/pulls", pull), hub.post(c2, "/api/v1/pulls/bundle", pull.replace(",\"licenceType\":\"" + BL + "\"", "")),
          hub.get(c2, "/api/v1/subscriptions"))) {
        assertThat(outcome(r)).as(r.body()).isEqualTo("403 department_suspended");
        assertNoLeak(r.body(), null, "suspended");
      }
    }
    assertThat(ledgerRefusals(consumer2, Set.of("refused"))).isEqualTo(30);
    assertThat(hub.send(admin, HttpRequest.newBuilder(URI.create(hub.base + "/api/v1/admin/departments/" + consumer2 + "/suspension")).DELETE().build())
        .statusCode()).isEqualTo(200);
    assertThat(hub.post(c2, "/api/v1/pulls", pull).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(3)
  void lapsedPolicy_refusesFromTheMomentItLapses() throws Exception {
    HttpClient admin = clients.get("admin");
    assertThat(hub.post(admin, "/api/v1/admin/matters", "{\"code\":\"T-LAPSE\",\"name\":\"短期事项\",\"handlers\":[\"" + consumer2 + "\"],"
        + "\"licenceTypes\":[\"" + BL + "\"]}").statusCode()).isEqualTo(201);
    Instant until = Instant.now().plusSeconds(2);
    assertThat(hub.post(admin, "/api/v1/admin/policies", "{\"consumer\":\"" + consumer2 + "\",\"licenceType\":\"" + BL
        + "\",\"matter\":\"T-LAPSE\",\"fields\":[\"name\"],\"legalBasis\":\"测试\",\"validUntil\":\"" + until + "\"}").statusCode()).isEqualTo(201);
    String pull = "{\"holder\":\"" + COMPANY + "\",\"licenceType\":\"" + BL + "\",\"matter\":\"T-LAPSE\"}";
    assertThat(hub.post(clients.get("consumer2"), "/api/v1/pulls", pull).statusCode()).isEqualTo(200);
    Thread.sleep(Math.max(0, until.toEpochMilli() - System.currentTimeMillis() + 200));
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> r = hub.post(clients.get("consumer2"), "/api/v1/pulls", pull);
      assertThat(outcome(r)).isEqualTo("403 policy_denied");
      assertThat(JSON.readTree(r.body()).get("rule").asString()).isEqualTo("policy.expired");
      assertNoLeak(r.body(), null, "lapsed");
    }
  }

  @Test
  @Order(4)
  void lookAlikeIdentifiers_areRefusedBeforeAnyLookup() throws Exception {
    HttpClient consumer = clients.get("consumer");
    List<String> holders = List.of(" " + COMPANY, COMPANY + " ", "９１３３０１０６ＭＡ２Ｂ３Ｃ４Ｄ５Ｄ", COMPANY + "\\u0000", "91330106%2FMA2B3C4D5D",
        "../" + COMPANY, COMPANY + "\\u200b", COMPANY + "\\t");
    for (String h : holders) {
      HttpResponse<String> r = hub.post(consumer, "/api/v1/pulls", "{\"holder\":\"" + h + "\",\"licenceType\":\"" + BL + "\",\"matter\":\"330100-SW-001\"}");
      assertThat(outcome(r)).as(h).isEqualTo("400 malformed_request");
      assertThat(JSON.readTree(r.body()).get("field").asString()).isEqualTo("/holder");
      assertNoLeak(r.body(), null, h);
    }
    for (String path : List.of("/api/v1/subscriptions/a%2Fb", "/api/v1/subscriptions/%2e%2e", "/api/v1/subscriptions/x%00y", "/api/v1/licences/a%5Cb",
        "/api/v1/licences/%252F", "/api/v1/matters/330100-SW-001%0A", "/api/v1/subscriptions/..;")) {
      HttpResponse<String> r = hub.get(consumer, path);
      assertThat(r.statusCode()).as(path).isBetween(400, 404);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).as(path + ": " + r.body()).startsWith("application/problem+json");
    }
  }

  private static String outcome(HttpResponse<String> r) throws Exception {
    if (r.statusCode() == 200) {
      return "200";
    }
    assertThat(r.headers().firstValue("Content-Type").orElse("")).as(r.body()).startsWith("application/problem+json");
    return r.statusCode() + " " + JSON.readTree(r.body()).get("code").asString();
  }

  /** No holder's identifier or licence values in a refusal; in an answer about {@code owner}, nobody else's. */
  private static void assertNoLeak(String body, String owner, String what) {
    for (Map.Entry<String, List<String>> e : VALUES.entrySet()) {
      if (e.getKey().equals(owner)) {
        continue;
      }
      for (String v : e.getValue()) {
        assertThat(body).as(what + " leaks " + v).doesNotContain(v);
      }
    }
    for (String id : List.of(COMPANY, CITIZEN, SPOUSE)) {
      if (!id.equals(owner)) {
        assertThat(body).as(what + " leaks " + id).doesNotContain(id);
      }
    }
  }

  /** Refused entries (denied or not found) of a department with one of the actions, counted from the auditor API. */
  private static int ledgerRefusals(String department, Set<String> actions) throws Exception {
    int n = 0;
    for (String outcome : List.of("denied", "not_found")) {
      long after = -1;
      while (true) {
        HttpResponse<String> r = hub.get(clients.get("auditor"), "/api/v1/audit/entries?department=" + department + "&outcome=" + outcome
            + "&limit=1000&after=" + after);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode b = JSON.readTree(r.body());
        for (JsonNode e : b.get("entries")) {
          if (actions.contains(e.get("action").asString())) {
            n++;
          }
        }
        if (!b.has("next")) {
          break;
        }
        after = b.get("next").asLong();
      }
    }
    return n;
  }

  /** A unified social credit code: the 17 given characters and the GB 32100 check character. */
  private static String uscc(String first17) {
    for (char c : "0123456789ABCDEFGHJKLMNPQRTUWXY".toCharArray()) {
      if (HolderIds.isUscc(first17 + c)) {
        return first17 + c;
      }
    }
    throw new AssertionError("no check character for " + first17);
  }
}

package org.certhub.hub.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.certhub.exchange.catalogue.CatalogueRepository;
import org.certhub.signer.licence.LicenceType;
import org.certhub.signer.licence.LicenceTypes;
import org.certhub.exchange.pki.CertificateService;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.department.Department;
import org.certhub.exchange.department.DepartmentRepository;
import org.certhub.exchange.department.Fingerprints;
import org.certhub.exchange.department.Role;
import org.certhub.exchange.licence.LicenceService;
import org.certhub.exchange.matter.Matter;
import org.certhub.exchange.matter.MatterRepository;
import org.certhub.exchange.policy.Policy;
import org.certhub.exchange.policy.PolicyRepository;
import org.certhub.hub.config.HubProperties;
import org.certhub.hub.keys.DepartmentKeys;
import org.certhub.hub.keys.HubKeys;
import org.certhub.hub.keys.SubjectNames;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.InsecureKeyExport;
import org.certhub.signer.key.Keys;
import org.certhub.signer.licence.Holder;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.Pem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seeds the demo on first start (a market-regulation bureau that issues business licences, a tax bureau
 * that pulls them for tax registration, an audit bureau, a company with one licence) and writes the demo
 * contract files to {@code DATA/demo}: the CA, the three departments' client certificates and keys, and
 * {@code demo.json}. Prints a walkthrough with working curl commands once the server listens.
 */
@Component
@ConditionalOnProperty(name = "certhub.demo", havingValue = "true")
class DemoSeeder implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static final Department ISSUER = new Department("11330100MB1234567E", "杭州市市场监督管理局", EnumSet.of(Role.ISSUE));
  static final Department CONSUMER = new Department("11330100MB23456780", "国家税务总局杭州市税务局", EnumSet.of(Role.PULL));
  static final Department AUDITOR = new Department("11330100MB3456789H", "杭州市审计局", EnumSet.of(Role.AUDIT));
  // The data-resources bureau runs the hub: it revokes certificates and rotates keys.
  static final Department OPERATOR = new Department("11330100MB45678917", "杭州市数据资源管理局", EnumSet.of(Role.ADMIN));
  static final String DEFINER = "11100000MB0143028R"; // the national market regulator defines the type
  static final String BUSINESS_LICENCE = DEFINER + "001";
  static final String MATTER = "330100-SW-001";
  static final String UNGRANTED_MATTER = "330100-SW-002";
  static final String BUNDLE_MATTER = "330100-KB-001";
  static final String CONSENT_MATTER = "330100-GS-001";
  static final String CHECK_MATTER = "330100-SW-003";
  static final String FOOD_LICENCE = DEFINER + "002";
  static final String MARRIAGE = "11100000MB2000002A001";
  static final String REAL_ESTATE = "11100000MB3000003K001";
  static final String COMPANY = "91330106MA2B3C4D5D";
  static final String CITIZEN = "330106199003071236";
  static final String SPOUSE = "330106199208152347";

  private final HubProperties props;
  private final HubKeys hubKeys;
  private final DepartmentKeys departmentKeys;
  private final DepartmentRepository departments;
  private final CatalogueRepository catalogue;
  private final MatterRepository matters;
  private final PolicyRepository policies;
  private final LicenceService licences;
  private final CertificateService certificates;

  DemoSeeder(
      HubProperties props,
      HubKeys hubKeys,
      DepartmentKeys departmentKeys,
      DepartmentRepository departments,
      CatalogueRepository catalogue,
      MatterRepository matters,
      PolicyRepository policies,
      LicenceService licences,
      CertificateService certificates) {
    this.props = props;
    this.hubKeys = hubKeys;
    this.departmentKeys = departmentKeys;
    this.departments = departments;
    this.catalogue = catalogue;
    this.matters = matters;
    this.policies = policies;
    this.licences = licences;
    this.certificates = certificates;
  }

  @Override
  public void run(ApplicationArguments args) throws Exception {
    Path demo = Files.createDirectories(props.dataDir().resolve("demo"));
    // Written on every start, so a demo seeded before ca.pem held the issuing CA gets it too.
    write(demo.resolve("ca.pem"), hubKeys.caPem(), false);
    if (departments.find(ISSUER.code()).isPresent()) {
      log.info("demo data already present in {}; resuming", props.dataDir());
      return;
    }
    log.info("seeding demo data into {}", props.dataDir());
    for (var entry : Map.of("issuer", ISSUER, "consumer", CONSUMER, "auditor", AUDITOR, "admin", OPERATOR).entrySet()) {
      departments.add(entry.getValue());
      clientCredential(demo, entry.getKey(), entry.getValue());
    }
    departmentKeys.create(ISSUER.code(), ISSUER.name());
    // The six licence types of the demo catalogue (business licence, ID card, marriage, driving,
    // food business, real estate); the demo issuer may issue all of them.
    for (LicenceType type : LicenceTypes.demo().all()) {
      catalogue.add(type);
    }
    matters.add(new Matter(MATTER, "税务登记（新办纳税人套餐）", Set.of(CONSUMER.code()), Set.of(BUSINESS_LICENCE)));
    // Needs the business licence too, but no policy grants it: the demo's refused pull.
    matters.add(new Matter(UNGRANTED_MATTER, "发票领用", Set.of(CONSUMER.code()), Set.of(BUSINESS_LICENCE)));
    policies.add(
        new Policy(
            "tax-registration-business-licence",
            CONSUMER.code(),
            BUSINESS_LICENCE,
            MATTER,
            List.of("name", "type", "legalRepresentative", "registeredCapital", "establishedOn", "address"),
            "《优化营商环境条例》第三十七条；《国务院关于加快推进政务服务标准化规范化便利化的指导意见》"));
    seedSharing();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("name", "杭州示例科技有限公司");
    fields.put("type", "有限责任公司（自然人投资或控股）");
    fields.put("legalRepresentative", "张三");
    fields.put("registeredCapital", "100");
    fields.put("establishedOn", "2024-03-18");
    fields.put("address", "浙江省杭州市西湖区文三路1号");
    fields.put("businessScope", "技术服务、技术开发、技术咨询");
    var issued =
        licences.issue(
            new Caller(ISSUER, "demo-seed"),
            new LicenceService.IssueRequest(
                BUSINESS_LICENCE, new Holder(COMPANY, "001", "杭州示例科技有限公司"), fields, java.time.LocalDate.parse("2024-03-18"), null));
    seedCitizenAndMore();
    Map<String, String> demoJson = new LinkedHashMap<>();
    demoJson.put("holder", COMPANY);
    demoJson.put("licenceType", BUSINESS_LICENCE);
    demoJson.put("matter", MATTER);
    demoJson.put("licenceId", issued.licence().licence().id().toString());
    write(demo.resolve("demo.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(demoJson) + "\n", false);
    log.info("demo data seeded: licence {}", demoJson.get("licenceId"));
  }

  /**
   * One matter per flow: a bundle (一件事一次办) over two licence types, a matter that needs the holder's
   * consent, and one where a yes/no check suffices, so pulls are refused in favour of checks.
   */
  private void seedSharing() {
    String basis = "《优化营商环境条例》第三十七条";
    matters.add(new Matter(BUNDLE_MATTER, "企业开办一件事（税务环节）", Set.of(CONSUMER.code()), Set.of(BUSINESS_LICENCE, FOOD_LICENCE),
        "《国务院办公厅关于加快推进“一件事一次办”打造政务服务升级版的指导意见》", false, false));
    policies.add(new Policy("bundle-business-licence", CONSUMER.code(), BUSINESS_LICENCE, BUNDLE_MATTER,
        List.of("name", "legalRepresentative", "address"), basis));
    policies.add(new Policy("bundle-food-licence", CONSUMER.code(), FOOD_LICENCE, BUNDLE_MATTER,
        List.of("permitNumber", "operatorName", "mainBusiness"), basis));
    matters.add(new Matter(CONSENT_MATTER, "个人所得税专项附加扣除（住房贷款利息）", Set.of(CONSUMER.code()), Set.of(REAL_ESTATE, MARRIAGE),
        "《个人所得税专项附加扣除暂行办法》第十四条", true, false));
    policies.add(new Policy("deduction-real-estate", CONSUMER.code(), REAL_ESTATE, CONSENT_MATTER,
        List.of("certificateNumber", "obligee", "location", "area"), "《个人所得税专项附加扣除暂行办法》第十四条"));
    policies.add(new Policy("deduction-marriage", CONSUMER.code(), MARRIAGE, CONSENT_MATTER,
        List.of("certificateNumber", "spouse1Name", "spouse2Name"), "《个人所得税专项附加扣除暂行办法》第十四条"));
    matters.add(new Matter(CHECK_MATTER, "纳税人身份核验", Set.of(CONSUMER.code()), Set.of(BUSINESS_LICENCE), basis, false, true));
    policies.add(new Policy("identity-check-business-licence", CONSUMER.code(), BUSINESS_LICENCE, CHECK_MATTER,
        List.of("name", "legalRepresentative"), basis));
  }

  /** A citizen's ID card, driving licence, marriage certificate and home, and the company's food licence. */
  private void seedCitizenAndMore() {
    Caller issuer = new Caller(ISSUER, "demo-seed");
    Holder citizen = new Holder(CITIZEN, "111", "王强");
    issue(issuer, "11100000MB10000011001", citizen, java.time.LocalDate.parse("2020-05-01"), java.time.LocalDate.parse("2040-05-01"),
        "name", "王强", "sex", "男", "ethnicity", "汉", "birthDate", "1990-03-07", "address", "浙江省杭州市西湖区文三路90号",
        "issuingAuthority", "杭州市公安局西湖分局");
    issue(issuer, "11100000MB10000011002", citizen, java.time.LocalDate.parse("2018-06-01"), java.time.LocalDate.parse("2028-06-01"),
        "name", "王强", "sex", "男", "nationality", "中国", "birthDate", "1990-03-07", "address", "浙江省杭州市西湖区文三路90号",
        "firstIssuedOn", "2012-06-01", "vehicleClass", "C1");
    issue(issuer, "11100000MB2000002A001", citizen, java.time.LocalDate.parse("2019-10-01"), null,
        "certificateNumber", "J330106-2019-001234", "holderName", "王强", "registeredOn", "2019-10-01", "spouse1Name", "王强",
        "spouse1Id", CITIZEN, "spouse2Name", "李娜", "spouse2Id", SPOUSE, "registryOffice", "杭州市西湖区民政局");
    issue(issuer, "11100000MB3000003K001", citizen, java.time.LocalDate.parse("2021-08-16"), null,
        "certificateNumber", "浙(2021)杭州市不动产权第0012345号", "obligee", "王强、李娜", "coOwnership", "共同共有",
        "location", "西湖区文三路90号3幢1单元501室", "unitNumber", "330106001001GB00001F00010001", "rightType", "国有建设用地使用权/房屋所有权",
        "rightNature", "出让/市场化商品房", "usage", "城镇住宅用地/住宅", "area", "89.5", "landUseTermEnd", "2089-12-31");
    issue(issuer, "11100000MB0143028R002", new Holder(COMPANY, "001", "杭州示例科技有限公司"), java.time.LocalDate.parse("2024-04-01"),
        java.time.LocalDate.parse("2029-03-31"), "permitNumber", "JY13301060012345", "operatorName", "杭州示例科技有限公司",
        "legalRepresentative", "张三", "address", "浙江省杭州市西湖区文三路1号", "premises", "浙江省杭州市西湖区文三路1号1楼",
        "mainBusiness", "餐饮服务经营者", "businessItems", "热食类食品制售");
  }

  private void issue(Caller issuer, String type, Holder holder, java.time.LocalDate from, java.time.LocalDate until, String... fields) {
    Map<String, String> f = new LinkedHashMap<>();
    for (int i = 0; i < fields.length; i += 2) {
      f.put(fields[i], fields[i + 1]);
    }
    licences.issue(issuer, new LicenceService.IssueRequest(type, holder, f, from, until, "330106"));
  }

  private void clientCredential(Path demo, String name, Department d) throws SignerException, IOException {
    KeyPair kp = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    X509Certificate cert =
        certificates.issue(
            SubjectNames.organisation(d.name(), d.code()), kp.getPublic(), CertificateProfile.TLS_CLIENT, List.of(), java.time.Duration.ofDays(365),
            d.code(), "tls-client");
    departments.addCredential(d.code(), cert);
    // The full chain up to (not including) the root, leaf first: what curl and openssl send.
    write(demo.resolve(name + ".pem"), Pem.certificates(certificates.chainOf(cert)), false);
    write(demo.resolve(name + ".key"), Pem.privateKeyPkcs8(kp.getPrivate(), InsecureKeyExport.DEMO_ONLY), true);
    log.info("demo {} certificate {}", name, Fingerprints.sha256(cert));
  }

  private static void write(Path file, String content, boolean secret) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    if (secret) {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not POSIX: nothing more to do
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Prints the walkthrough once the server listens, with the real port. */
  @EventListener
  void ready(ApplicationReadyEvent event) throws IOException {
    if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
      return;
    }
    int port = web.getWebServer().getPort();
    Path dir = props.dataDir();
    Path demo = dir.resolve("demo");
    var json = JSON.readTree(Files.readString(demo.resolve("demo.json")));
    String base = "https://localhost:" + port;
    String ca = " --cacert " + demo.resolve("ca.pem");
    String as = " --cert " + demo.resolve("%1$s.pem") + " --key " + demo.resolve("%1$s.key");
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("CertHub demo is running at " + base + "  (data: " + dir + ")");
    lines.add("");
    lines.add("1. Health (no certificate needed):");
    lines.add("   curl" + ca + " " + base + "/actuator/health");
    lines.add("2. The tax bureau pulls the company's business licence for tax registration:");
    lines.add(
        "   curl" + ca + String.format(as, "consumer") + " -H 'Content-Type: application/json' -d @"
            + demo.resolve("demo.json") + " " + base + "/api/v1/pulls");
    lines.add("3. A pull for invoice issuing, which no policy grants, is refused (403 names the rule):");
    lines.add(
        "   curl" + ca + String.format(as, "consumer") + " -H 'Content-Type: application/json' -d '{\"holder\":\""
            + json.get("holder").asString() + "\",\"licenceType\":\"" + json.get("licenceType").asString()
            + "\",\"matter\":\"" + UNGRANTED_MATTER + "\"}' " + base + "/api/v1/pulls");
    lines.add("4. The auditor finds every access to the company's data:");
    lines.add("   curl" + ca + String.format(as, "auditor") + " '" + base + "/api/v1/audit/entries?holder=" + json.get("holder").asString() + "'");
    lines.add("5. The ledger's signed checkpoint (public):");
    lines.add("   curl" + ca + " " + base + "/ledger/checkpoint");
    lines.add("6. Verify the whole ledger offline (any time, also while the hub runs):");
    lines.add("   ./certhub ledger verify --data " + dir);
    lines.add("7. The issuer fetches its licence, and anyone verifies the file offline with the trust bundle and catalogue:");
    lines.add("   curl" + ca + String.format(as, "issuer") + " -o /tmp/licence.json " + base + "/api/v1/licences/" + json.get("licenceId").asString());
    lines.add("   curl" + ca + " -o /tmp/bundle.pem " + base + "/pki/trust-bundle.pem; curl" + ca + " -o /tmp/types.json " + base + "/catalogue/licence-types");
    lines.add("   ./certhub licence verify /tmp/licence.json --trust /tmp/bundle.pem --catalogue /tmp/types.json");
    String pull = "   curl" + ca + String.format(as, "consumer") + " -H 'Content-Type: application/json' -d '%s' " + base + "%s";
    lines.add("8. One request for everything company registration needs (一件事一次办): business and food licences:");
    lines.add(String.format(pull, "{\"holder\":\"" + COMPANY + "\",\"matter\":\"" + BUNDLE_MATTER + "\",\"purpose\":\"企业开办\"}",
        "/api/v1/pulls/bundle"));
    lines.add("9. A matter that needs the citizen's consent: refused (consent_missing) until the citizen grants it in the wallet:");
    String realEstate = String.format(pull, "{\"holder\":\"" + CITIZEN + "\",\"licenceType\":\"" + REAL_ESTATE + "\",\"matter\":\""
        + CONSENT_MATTER + "\"}", "/api/v1/pulls");
    lines.add(realEstate);
    lines.add("   T=$(curl -s" + ca + " -H 'Content-Type: application/json' -d '{\"holder\":\"" + CITIZEN + "\",\"name\":\"王强\"}' "
        + base + "/api/v1/me/session | sed 's/.*\"token\":\"\\([^\"]*\\)\".*/\\1/')");
    lines.add("   curl" + ca + " -H \"Authorization: Bearer $T\" -H 'Content-Type: application/json' -d '{\"department\":\"" + CONSUMER.code()
        + "\",\"matter\":\"" + CONSENT_MATTER + "\"}' " + base + "/api/v1/me/consents");
    lines.add(realEstate + "   # now allowed; the ledger entry names the consent");
    lines.add("10. Where a yes/no answer suffices, pulls are refused and a check answers without values:");
    lines.add(String.format(pull, "{\"holder\":\"" + COMPANY + "\",\"licenceType\":\"" + BUSINESS_LICENCE + "\",\"matter\":\"" + CHECK_MATTER
        + "\",\"claims\":[{\"field\":\"legalRepresentative\",\"equals\":\"张三\"},{\"notRevoked\":true}]}", "/api/v1/checks"));
    lines.add("11. Pages (Chinese, with an English switch): the citizen wallet at " + base + "/wallet (demo sign-in: 统一社会信用代码 "
        + COMPANY + ", or 居民身份证 " + CITIZEN + "), the counter verifier at " + base + "/verify (upload a photo of the wallet's QR),");
    lines.add("    the auditor's page at " + base + "/audit (import " + demo.resolve("auditor.pem") + " and .key into the browser).");
    lines.add("");
    lines.add("Stop with Ctrl-C; a restart with the same --data resumes.");
    System.out.println(String.join(System.lineSeparator(), lines));
  }
}

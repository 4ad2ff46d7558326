package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code certhub qr make} and {@code qr verify} against a running demo hub: make signs from the data directory in
 * another JVM while the hub holds the database, verify fetches the hub's signed lists over HTTPS, and a revocation
 * through the API turns the same presentation REVOKED.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QrCliIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path data;
  @TempDir static Path work;
  static TestHub hub;
  static String licenceId;
  static String text;

  /** What a command printed and returned. */
  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(data, Map.of());
    licenceId = JSON.readTree(Files.readString(hub.demo("demo.json"))).get("licenceId").asString();
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  @Order(1)
  void make_inAnotherJvmWhileTheHubRuns_printsThePresentationAndWritesThePng() throws Exception {
    Path png = work.resolve("qr.png");
    Run r = subprocess("qr", "make", "--data", data.toString(), "--licence", licenceId, "--fields", "name,legalRepresentative",
        "--png", png.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    text = r.out().strip();
    assertThat(text).startsWith("CH1:");
    assertThat(Files.size(png)).isPositive();
  }

  @Test
  @Order(2)
  void verify_textAgainstTheLiveHub_isValidWithTheDisclosedFields() {
    Run r = cli("qr", "verify", "--text", text, "--trust", hub.base + "/api/v1/trust-list", "--anchor", ca());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("VALID 11100000MB0143028R001 " + licenceId + " holder 杭州示例科技有限公司 issuer 11330100MB1234567E;")
        .contains("fields: legalRepresentative=张三, name=杭州示例科技有限公司;")
        .contains("status checked");
  }

  @Test
  @Order(3)
  void verify_image_andSavedListsOffline() {
    Path saved = work.resolve("lists");
    String image = work.resolve("qr.png").toString();
    Run online = cli("qr", "verify", "--image", image, "--trust", hub.base + "/api/v1/trust-list", "--anchor", ca(), "--save-trust", saved.toString());
    assertThat(online.exit()).as(online.err()).isZero();
    assertThat(online.out()).startsWith("VALID ").contains("status checked");

    Run offline = cli("qr", "verify", "--image", image, "--trust", saved.resolve("trust-list.cose").toString(), "--anchor", ca());
    assertThat(offline.exit()).as(offline.err()).isZero();
    assertThat(offline.out()).contains("status not checked");
    Run withStatus = cli("qr", "verify", "--image", image, "--trust", saved.resolve("trust-list.cose").toString(),
        "--status", saved.resolve("status-list.cwt").toString(), "--anchor", ca());
    assertThat(withStatus.exit()).as(withStatus.err()).isZero();
    assertThat(withStatus.out()).contains("status checked");
  }

  @Test
  @Order(4)
  void make_refusesAnUnknownLicenceOrField_andAMissingDataDirectory() {
    Run unknown = cli("qr", "make", "--data", data.toString(), "--licence", "1.2.156.3005.2.nope");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("no licence 1.2.156.3005.2.nope");

    Run field = cli("qr", "make", "--data", data.toString(), "--licence", licenceId, "--fields", "name,colour");
    assertThat(field.exit()).isEqualTo(1);
    assertThat(field.err()).contains("has no field \"colour\"").contains("legalRepresentative");

    Run missing = cli("qr", "make", "--data", work.resolve("nowhere").toString(), "--licence", licenceId);
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("is not a CertHub data directory");
  }

  @Test
  @Order(5)
  void verify_garbageAndTamperedText_isInvalidWithAReason() {
    Run garbage = cli("qr", "verify", "--text", "HELLO", "--trust", hub.base + "/api/v1/trust-list", "--anchor", ca());
    assertThat(garbage.exit()).isEqualTo(1);
    assertThat(garbage.err()).startsWith("INVALID MALFORMED").contains("must start with \"CH1:\"");

    int i = text.length() - 10; // inside the signature, at the end of the Base45 text
    String tampered = text.substring(0, i) + (text.charAt(i) == 'A' ? 'B' : 'A') + text.substring(i + 1);
    Run forged = cli("qr", "verify", "--text", tampered, "--trust", hub.base + "/api/v1/trust-list", "--anchor", ca());
    assertThat(forged.exit()).isEqualTo(1);
    assertThat(forged.err()).startsWith("INVALID ");
  }

  @Test
  @Order(6)
  void afterRevocationThroughTheApi_theSamePresentationIsRevoked_andNoNewOneIsMade() throws Exception {
    HttpResponse<String> revoked = hub.post(hub.client("issuer"), "/api/v1/licences/" + licenceId + "/revocation", "{\"reason\":\"营业执照被吊销\"}");
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

    Run r = cli("qr", "verify", "--text", text, "--trust", hub.base + "/api/v1/trust-list", "--anchor", ca());
    assertThat(r.exit()).as(r.out()).isEqualTo(1);
    assertThat(r.err()).startsWith("INVALID REVOKED").contains(licenceId);

    Run make = cli("qr", "make", "--data", data.toString(), "--licence", licenceId);
    assertThat(make.exit()).isEqualTo(1);
    assertThat(make.err()).contains("is revoked").contains("营业执照被吊销");
  }

  private static String ca() {
    return data.resolve("ca.pem").toString();
  }

  /** The CLI in this JVM, as the launcher runs it (without the exit). */
  private static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new CertHub());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(withDatabase(args));
    return new Run(exit, out.toString(), err.toString());
  }

  /** {@code qr make} on the hub's PostgreSQL database when it runs on one (this JVM's environment cannot be set). */
  private static String[] withDatabase(String... args) {
    if (hub.database.url() == null || args.length < 2 || !"make".equals(args[1])) {
      return args;
    }
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--db-url", hub.database.url(), "--db-user", hub.database.user()));
    return all.toArray(new String[0]);
  }

  /** The CLI in its own JVM on this test's class path: a second process, as beside a real running hub. */
  private static Run subprocess(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), CertHub.class.getName()));
    command.addAll(List.of(args));
    Path out = work.resolve("sub.out");
    Path err = work.resolve("sub.err");
    ProcessBuilder b = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    if (hub.database.url() != null) {
      // As an operator runs it beside a hub on PostgreSQL: the same variables the hub reads.
      b.environment().put("CERTHUB_DB_URL", hub.database.url());
      b.environment().put("CERTHUB_DB_USER", hub.database.user());
    }
    Process p = b.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the CLI finishes").isTrue();
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }
}

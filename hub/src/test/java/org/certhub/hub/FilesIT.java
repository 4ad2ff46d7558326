package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Licence files over real mTLS: the issuing department and the holder download OFD and PDF, nobody else can (404,
 * no leak); {@code POST /api/v1/files/verify} reports per part (a flipped byte: tampered, naming the part; not a
 * file: 400 saying where; too large: 413); {@code certhub file verify} exits 0 on the download and 1 on a changed copy.
 */
class FilesIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String COMPANY = "91330106MA2B3C4D5D";
  static final String CITIZEN = "330106199003071236";

  @TempDir static Path data;
  @TempDir static Path work;
  static TestHub hub;
  static HttpClient issuer;
  static HttpClient consumer;
  static HttpClient anonymous;
  static String licenceId;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(data, Map.of());
    issuer = hub.client("issuer");
    consumer = hub.client("consumer");
    anonymous = hub.client(null);
    licenceId = JSON.readTree(Files.readString(hub.demo("demo.json"))).get("licenceId").asString();
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void theIssuerDownloadsBothFormats_andEachVerifiesInEveryPart() throws Exception {
    for (String format : new String[] {"ofd", "pdf"}) {
      HttpResponse<byte[]> r = hub.getBytes(issuer, "/api/v1/licences/" + licenceId + "/file?format=" + format);
      assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/" + format);
      assertThat(r.headers().firstValue("Content-Disposition").orElse("")).contains("licence-" + licenceId + "." + format);
      JsonNode report = json(verify(r.body(), "application/octet-stream"), 200);
      assertThat(report.get("verdict").asString()).as(report.toString()).isEqualTo("valid");
      assertThat(report.get("format").asString()).isEqualTo(format);
      assertThat(report.get("licence").get("id").asString()).isEqualTo(licenceId);
      Files.write(work.resolve("licence." + format), r.body());
    }
  }

  @Test
  void multipartUploadsAreVerifiedToo_andAFlippedByteIsTamperedNamingThePart() throws Exception {
    byte[] pdf = hub.getBytes(issuer, "/api/v1/licences/" + licenceId + "/file?format=pdf").body();
    String boundary = "certhubBoundary7";
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"l.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[head.length + pdf.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(pdf, 0, body, head.length, pdf.length);
    System.arraycopy(tail, 0, body, head.length + pdf.length, tail.length);
    assertThat(json(verify(body, "multipart/form-data; boundary=" + boundary), 200).get("verdict").asString()).isEqualTo("valid");

    byte[] ofd = hub.getBytes(issuer, "/api/v1/licences/" + licenceId + "/file?format=ofd").body();
    int at = indexOf(ofd, "Doc_0/Signs/Sign_0/SignedValue.dat".getBytes(StandardCharsets.US_ASCII)) + 200;
    ofd[at] ^= 0x01;
    JsonNode report = json(verify(ofd, "application/ofd"), 200);
    assertThat(report.get("verdict").asString()).as(report.toString()).isEqualTo("tampered");
    assertThat(report.get("tampered").toString()).as(report.toString()).contains("signature");
  }

  @Test
  void badInputIsAProblemSayingWhere_neverA500() throws Exception {
    HttpResponse<String> notAFile = verify("just text".getBytes(StandardCharsets.US_ASCII), "application/octet-stream");
    assertThat(notAFile.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    JsonNode p = json(notAFile, 400);
    assertThat(p.get("code").asString()).isEqualTo("malformed_request");
    assertThat(p.get("where").asString()).isEqualTo("file");
    byte[] ofd = hub.getBytes(issuer, "/api/v1/licences/" + licenceId + "/file?format=ofd").body();
    JsonNode truncated = json(verify(java.util.Arrays.copyOf(ofd, ofd.length / 2), "application/ofd"), 400);
    assertThat(truncated.get("where").asString()).startsWith("zip");
    JsonNode notPdf = json(verify("%PDF-1.7\nnothing".getBytes(StandardCharsets.US_ASCII), "application/pdf"), 400);
    assertThat(notPdf.get("where").asString()).isEqualTo("pdf");
    HttpResponse<String> big = verify(new byte[(20 << 20) + 1], "application/octet-stream");
    assertThat(json(big, 413).get("code").asString()).isEqualTo("payload_too_large");
    HttpResponse<String> badFormat = hub.get(issuer, "/api/v1/licences/" + licenceId + "/file?format=docx");
    assertThat(json(badFormat, 400).get("detail").asString()).contains("ofd or pdf");
  }

  @Test
  void onlyTheIssuerAndTheHolderGetTheFile() throws Exception {
    assertThat(hub.getBytes(consumer, "/api/v1/licences/" + licenceId + "/file?format=pdf").statusCode()).as("another department")
        .isIn(403, 404);
    assertThat(hub.getBytes(anonymous, "/api/v1/licences/" + licenceId + "/file?format=pdf").statusCode()).as("no certificate").isEqualTo(401);
    String company = signIn(COMPANY, "001", "杭州示例科技有限公司");
    String citizen = signIn(CITIZEN, "111", "王强");
    String held = null;
    for (JsonNode l : json(wallet(company, "/api/v1/me/licences"), 200).get("licences")) {
      held = l.get("id").asString();
    }
    assertThat(held).isNotNull();
    HttpResponse<byte[]> mine = anonymous.send(HttpRequest.newBuilder(URI.create(hub.base + "/api/v1/me/licences/" + held + "/file?format=pdf"))
        .header("Authorization", "Bearer " + company).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(mine.statusCode()).as(new String(mine.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(new String(mine.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    assertThat(wallet(citizen, "/api/v1/me/licences/" + held + "/file?format=pdf").statusCode()).as("another holder").isEqualTo(404);
    assertThat(wallet(null, "/api/v1/me/licences/" + held + "/file?format=pdf").statusCode()).as("nobody signed in").isEqualTo(401);
    assertThat(wallet(company, "/api/v1/me/licences/" + held + "/file").statusCode()).as("the JSON, as before").isEqualTo(200);
  }

  @Test
  void theCliVerifiesOffline_exit0_andNamesTheTamperedPart_exit1() throws Exception {
    Path ofd = work.resolve("cli.ofd");
    Files.write(ofd, hub.getBytes(issuer, "/api/v1/licences/" + licenceId + "/file?format=ofd").body());
    String[] ok = cli("file", "verify", ofd.toString(), "--trust", hub.demo("ca.pem").toString());
    assertThat(ok[0]).as(ok[2]).isEqualTo("0");
    assertThat(ok[1]).contains("file ok: OFD").contains("SEAL").contains("LICENCE");
    byte[] changed = Files.readAllBytes(ofd);
    changed[indexOf(changed, "Doc_0/Res/qr.png".getBytes(StandardCharsets.US_ASCII)) + 40] ^= 0x01;
    Path bad = Files.write(work.resolve("bad.ofd"), changed);
    String[] no = cli("file", "verify", bad.toString(), "--trust", hub.demo("ca.pem").toString());
    assertThat(no[0]).isEqualTo("1");
    assertThat(no[2]).contains("TAMPERED");
    Path junk = Files.writeString(work.resolve("junk.pdf"), "%PDF-junk");
    String[] malformed = cli("file", "verify", junk.toString(), "--trust", hub.demo("ca.pem").toString());
    assertThat(malformed[0]).isEqualTo("1");
    assertThat(malformed[2]).contains("MALFORMED) at pdf");
  }

  private static String[] cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new CertHub());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new String[] {String.valueOf(exit), out.toString(), err.toString()};
  }

  private static HttpResponse<String> verify(byte[] body, String type) throws Exception {
    return anonymous.send(HttpRequest.newBuilder(URI.create(hub.base + "/api/v1/files/verify")).timeout(Duration.ofSeconds(60))
        .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String signIn(String holder, String idType, String name) throws Exception {
    HttpResponse<String> r = hub.post(anonymous, "/api/v1/me/session",
        "{\"holder\":\"" + holder + "\",\"idType\":\"" + idType + "\",\"name\":\"" + name + "\"}");
    return json(r, 200).get("token").asString();
  }

  private static HttpResponse<String> wallet(String token, String path) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.base + path)).timeout(Duration.ofSeconds(60)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return anonymous.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}

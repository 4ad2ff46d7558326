package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wallet and the verifier pages in a real headless Chromium over real TLS: a QR shown in the wallet,
 * screenshotted, uploaded to the verifier (with the demo consumer department's client certificate), valid
 * with exactly the chosen fields; revoked online right after the issuer revokes; the holder sees the checks.
 * Then a fake camera filming a QR code is scanned by the verifier page. Screenshots land in {@code hub/target/pages/}.
 */
class WalletPageIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String COMPANY = "91330106MA2B3C4D5D";
  @TempDir static Path data;
  static TestHub hub;

  @BeforeAll
  static void start() {
    hub = TestHub.start(data, Map.of("certhub.ledger.checkpoint-interval", "200ms"));
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void walletQr_screenshot_verifiesInTheVerifierPage_thenRevokedOnline() throws Exception {
    Path out = Files.createDirectories(Path.of("target", "pages").toAbsolutePath());
    Path camera = out.resolve("camera.y4m");
    writeY4m(foodLicenceQr(), camera);
    BrowserScript.Run r = BrowserScript.run("wallet-verify.cjs", hub.base, COMPANY, "杭州示例科技有限公司",
        hub.demo("consumer.pem").toString(), hub.demo("consumer.key").toString(), hub.demo("issuer.pem").toString(),
        hub.demo("issuer.key").toString(), out.toString(), camera.toString());
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).contains("\"ok\":true").contains("uploaded screenshot is valid").contains("the same QR now checks revoked online");
    assertThat(Files.size(out.resolve("wallet-qr.png"))).isGreaterThan(1000);
    assertThat(r.output()).contains("the camera scans a QR code and checks it");
  }

  /** A fresh QR presentation of the company's food licence, through the wallet API, as PNG. */
  private static byte[] foodLicenceQr() throws Exception {
    HttpClient client = hub.client(null);
    String token = JSON.readTree(hub.post(client, "/api/v1/me/session",
        "{\"holder\":\"" + COMPANY + "\",\"idType\":\"001\",\"name\":\"杭州示例科技有限公司\"}").body()).get("token").asString();
    HttpRequest list = HttpRequest.newBuilder(URI.create(hub.base + "/api/v1/me/licences")).header("Authorization", "Bearer " + token).build();
    String id = null;
    for (JsonNode l : JSON.readTree(hub.send(client, list).body()).get("licences")) {
      if (l.get("type").get("code").asString().equals("11100000MB0143028R002")) {
        id = l.get("id").asString();
      }
    }
    HttpRequest present = HttpRequest.newBuilder(URI.create(hub.base + "/api/v1/me/licences/" + id + "/presentations"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"fields\":[\"permitNumber\"]}")).build();
    HttpResponse<String> p = hub.send(client, present);
    assertThat(p.statusCode()).as(p.body()).isEqualTo(200);
    return Base64.getDecoder().decode(JSON.readTree(p.body()).get("png").asString());
  }

  /**
   * A Y4M video (what Chromium's fake camera plays) of the QR code on a white page: 640x480, 4:2:0, grey (chroma
   * planes neutral), a few identical frames that Chromium loops.
   */
  private static void writeY4m(byte[] png, Path file) throws Exception {
    int w = 640;
    int h = 480;
    BufferedImage frame = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = frame.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    BufferedImage qr = ImageIO.read(new ByteArrayInputStream(png));
    int side = 440;
    g.drawImage(qr, (w - side) / 2, (h - side) / 2, side, side, null);
    g.dispose();
    byte[] luma = ((DataBufferByte) frame.getRaster().getDataBuffer()).getData();
    byte[] chroma = new byte[(w / 2) * (h / 2)];
    Arrays.fill(chroma, (byte) 128);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      out.write(("YUV4MPEG2 W" + w + " H" + h + " F5:1 Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 5; i++) {
        out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
        out.write(luma);
        out.write(chroma);
        out.write(chroma);
      }
    }
  }
}

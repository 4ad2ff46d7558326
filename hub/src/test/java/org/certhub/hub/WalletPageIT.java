package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet and the verifier pages in a real headless Chromium over real TLS: a QR shown in the wallet,
 * screenshotted, uploaded to the verifier (with the demo consumer department's client certificate), valid
 * with exactly the chosen fields; revoked online right after the issuer revokes; the holder sees the checks.
 * Screenshots land in {@code hub/target/pages/}.
 */
class WalletPageIT {
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
    BrowserScript.Run r = BrowserScript.run("wallet-verify.cjs", hub.base, "91330106MA2B3C4D5D", "杭州示例科技有限公司",
        hub.demo("consumer.pem").toString(), hub.demo("consumer.key").toString(), hub.demo("issuer.pem").toString(),
        hub.demo("issuer.key").toString(), out.toString());
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).contains("\"ok\":true").contains("uploaded screenshot is valid").contains("the same QR now checks revoked online");
    assertThat(Files.size(out.resolve("wallet-qr.png"))).isGreaterThan(1000);
  }
}

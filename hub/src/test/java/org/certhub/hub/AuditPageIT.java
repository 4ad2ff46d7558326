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
 * The auditor's page in a real headless Chromium (Debian's, driven by playwright-core over CDP), over real
 * mTLS with the demo auditor's certificate: search, CSV link, an inclusion proof checked in the browser,
 * ledger consistency since the last visit, alerts, and the English switch; a phone-sized screenshot lands
 * in {@code hub/target/audit-page.png}.
 */
class AuditPageIT {
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
  void auditorPage_searchesVerifiesProofsAndConsistencyInTheBrowser() throws Exception {
    Path shot = Path.of("target", "audit-page.png").toAbsolutePath();
    BrowserScript.Run r = BrowserScript.run("audit-page.cjs", hub.base, hub.demo("auditor.pem").toString(), hub.demo("auditor.key").toString(),
        "91330106MA2B3C4D5D", shot.toString());
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).contains("\"ok\":true").contains("inclusion proof verified in the browser").contains("consistency since the last visit");
    assertThat(Files.size(shot)).isGreaterThan(1000);
  }
}

package org.certhub.exchange.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Callback URLs outside the demo: https only, never into the hub's own or a private network; backoff bounds. */
class WebhookDispatcherTest {
  private static WebhookDispatcher dispatcher(boolean allowHttp) {
    return new WebhookDispatcher(null, null, Clock.systemUTC(),
        new WebhookDispatcher.Settings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofHours(1), 12, Duration.ofSeconds(5), allowHttp));
  }

  @Test
  void production_refusesHttpAndInternalAddresses_acceptsPublicHttps() {
    WebhookDispatcher d = dispatcher(false);
    assertThat(d.refuse("https://tax.example.gov.cn/hooks/certhub")).isNull();
    for (String url : new String[] {"http://tax.example.gov.cn/h", "https://127.0.0.1/h", "https://localhost:8443/h", "https://10.1.2.3/h",
        "https://192.168.0.1/h", "https://169.254.169.254/latest", "https://[::1]/h", "https://[fd00::1]/h", "https://0.0.0.0/h",
        "https://user:pw@example.org/h", "https://example.org/h#frag", "ftp://example.org/h", "not a url"}) {
      assertThat(d.refuse(url)).as(url).isNotNull();
    }
  }

  @Test
  void demo_acceptsLocalHttpReceivers() {
    assertThat(dispatcher(true).refuse("http://127.0.0.1:9999/hook")).isNull();
  }

  @Test
  void backoff_doublesWithJitter_andIsCapped() {
    WebhookDispatcher d = dispatcher(false);
    assertThat(d.backoff(1).toMillis()).isBetween(1_600L, 2_400L);
    assertThat(d.backoff(3).toMillis()).isBetween(6_400L, 9_600L);
    assertThat(d.backoff(40).toMillis()).isBetween(2_880_000L, 4_320_000L);
  }
}

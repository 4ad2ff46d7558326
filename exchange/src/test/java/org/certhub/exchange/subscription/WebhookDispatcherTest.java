package org.certhub.exchange.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.certhub.exchange.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Callback URLs outside the demo: https only, never into the hub's own or a private network; backoff bounds; two
 * dispatchers (two hub instances) on one database post a due delivery once.
 */
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
  void twoInstances_postADueDeliveryOnce_whileTheFirstIsStillPosting() throws Exception {
    JdbcClient jdbc = TestDatabases.migrated();
    EventOutbox outbox = new EventOutbox(jdbc);
    AtomicInteger posts = new AtomicInteger();
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    receiver.createContext("/hook", x -> {
      posts.incrementAndGet();
      arrived.countDown();
      try {
        release.await(10, TimeUnit.SECONDS); // the first instance is still posting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      x.sendResponseHeaders(204, -1);
      x.close();
    });
    receiver.start();
    try {
      jdbc.sql("INSERT INTO department (code, name, roles) VALUES ('11330100MB23456780', 'tax', 'PULL')").update();
      new SubscriptionRepository(jdbc).add(new Subscription("sub-1", "11330100MB23456780", null,
          "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]),
          List.of(Event.SUPERVISION_ALERT), Instant.now(), null));
      outbox.publish(new Event("ev-1", Event.SUPERVISION_ALERT, Instant.now(), null, null, "{}"));
      outbox.markDispatched("ev-1"); // fanned out already: the test is about the delivery, not the fan-out
      assertThat(outbox.enqueue("ev-1", "sub-1", Instant.now().minusSeconds(1))).isTrue();
      WebhookDispatcher a = new WebhookDispatcher(outbox, null, Clock.systemUTC(), settings());
      WebhookDispatcher b = new WebhookDispatcher(outbox, null, Clock.systemUTC(), settings());

      Thread first = new Thread(a::runOnce, "instance-a");
      first.start();
      assertThat(arrived.await(10, TimeUnit.SECONDS)).as("instance A posts").isTrue();
      b.runOnce(); // polls the same rows while A's post is open
      assertThat(posts.get()).as("instance B does not post what A is posting").isEqualTo(1);
      release.countDown();
      first.join(10_000);
      assertThat(jdbc.sql("SELECT status, attempts FROM delivery").query((rs, i) -> rs.getString(1) + "/" + rs.getInt(2)).single())
          .isEqualTo("delivered/1");
      b.runOnce();
      assertThat(posts.get()).as("delivered once in all").isEqualTo(1);
    } finally {
      release.countDown();
      receiver.stop(0);
    }
  }

  @Test
  void aClaim_isWonOnce() {
    JdbcClient jdbc = TestDatabases.migrated();
    EventOutbox outbox = new EventOutbox(jdbc);
    jdbc.sql("INSERT INTO department (code, name, roles) VALUES ('11330100MB23456780', 'tax', 'PULL')").update();
    new SubscriptionRepository(jdbc).add(new Subscription("sub-1", "11330100MB23456780", null, "https://tax.example.gov.cn/h", "whsec_AA==",
        List.of(Event.SUPERVISION_ALERT), Instant.now(), null));
    outbox.publish(new Event("ev-1", Event.SUPERVISION_ALERT, Instant.now(), null, null, "{}"));
    Instant now = Instant.now();
    outbox.enqueue("ev-1", "sub-1", now.minusSeconds(1));
    long seq = jdbc.sql("SELECT seq FROM delivery").query(Long.class).single();
    assertThat(outbox.claim(seq, 0, now, now.plusSeconds(30))).isTrue();
    assertThat(outbox.claim(seq, 0, now, now.plusSeconds(30))).as("no longer due").isFalse();
    assertThat(outbox.claim(seq, 0, now.plusSeconds(31), now.plusSeconds(60))).as("the claim ran out: due again").isTrue();
    assertThat(outbox.claim(seq, 1, now.plusSeconds(61), now.plusSeconds(90))).as("another attempt count: stale").isFalse();
  }

  private static WebhookDispatcher.Settings settings() {
    return new WebhookDispatcher.Settings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofHours(1), 12, Duration.ofSeconds(5), true);
  }

  @Test
  void backoff_doublesWithJitter_andIsCapped() {
    WebhookDispatcher d = dispatcher(false);
    assertThat(d.backoff(1).toMillis()).isBetween(1_600L, 2_400L);
    assertThat(d.backoff(3).toMillis()).isBetween(6_400L, 9_600L);
    assertThat(d.backoff(40).toMillis()).isBetween(2_880_000L, 4_320_000L);
  }
}

package org.certhub.exchange.subscription;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.certhub.exchange.audit.Access;
import org.certhub.exchange.audit.AccessLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Works off the outbox on its own thread: fans new events out to the subscriptions entitled to them (each
 * notification a ledger entry, durable before anything is queued), then posts due deliveries as signed
 * webhooks. A delivery succeeds on any 2xx; otherwise it is retried with exponential backoff and jitter
 * until {@link Settings#maxAttempts}, then marked failed for the department to see.
 *
 * <p>Signatures follow Standard Webhooks: {@code webhook-id} (the event id, the same on every retry),
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature: v1,<base64 HMAC-SHA256>} over
 * {@code id.timestamp.body} with the subscription's secret.
 */
public final class WebhookDispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * @param poll how often the outbox is looked at
   * @param retryBase the wait after the first failed attempt; doubled per attempt
   * @param retryMax the longest wait between attempts
   * @param maxAttempts attempts before a delivery is marked failed
   * @param timeout per HTTP attempt
   * @param allowHttp whether plain-http callback URLs are accepted (demo and tests only; production wants https)
   */
  public record Settings(Duration poll, Duration retryBase, Duration retryMax, int maxAttempts, Duration timeout, boolean allowHttp) {}

  private final EventOutbox outbox;
  private final AccessLog accessLog;
  private final Clock clock;
  private final Settings settings;
  private final HttpClient http;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webhooks");
        t.setDaemon(true);
        return t;
      });

  public WebhookDispatcher(EventOutbox outbox, AccessLog accessLog, Clock clock, Settings settings) {
    this.outbox = outbox;
    this.accessLog = accessLog;
    this.clock = clock;
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Starts the worker. */
  public void start() {
    long ms = settings.poll().toMillis();
    worker.scheduleWithFixedDelay(this::runQuietly, ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }

  /** Why {@code url} cannot be a callback, or null if it can. */
  public String refuse(String url) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      return "it is not a URI";
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme();
    if (!scheme.equals("https") && !(settings.allowHttp() && scheme.equals("http"))) {
      return "it must be an https URL" + (settings.allowHttp() ? " (or http)" : "");
    }
    if (u.getHost() == null || u.getRawUserInfo() != null || u.getRawFragment() != null) {
      return "it must name a host and carry neither user info nor a fragment";
    }
    if (!settings.allowHttp() && internal(u.getHost())) {
      // Outside the demo the hub must not be made to post into its own network (SSRF).
      return "it must not name the hub's own or a private network address";
    }
    return null;
  }

  /** Loopback, link-local, private and unspecified literal addresses, and localhost. */
  static boolean internal(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost") || h.toLowerCase(java.util.Locale.ROOT).endsWith(".localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false; // a name: not resolved here
    }
    try {
      java.net.InetAddress a = java.net.InetAddress.getByName(h); // a literal: parsed, never looked up
      return a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
          || (a instanceof java.net.Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc);
    } catch (java.net.UnknownHostException e) {
      return true;
    }
  }

  private void runQuietly() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      // The ledger or the database is unavailable: nothing was queued or marked; the next tick retries.
      log.warn("webhook dispatch deferred: {}", e.getMessage());
    }
  }

  /** One pass: fan out, then deliver what is due. */
  void runOnce() {
    List<Event> events = outbox.undispatched(100);
    if (!events.isEmpty()) {
      accessLog.awaitIndexed(); // who may hear of a licence event is read from the audit index
    }
    for (Event e : events) {
      fanOut(e);
    }
    for (EventOutbox.Due d : outbox.due(clock.instant(), 50)) {
      deliver(d);
    }
  }

  private void fanOut(Event e) {
    List<Subscription> subscribers = outbox.subscribersOf(e);
    if (!subscribers.isEmpty()) {
      String licenceId = e.aboutLicence() ? JSON.readTree(e.payload()).path("licence").path("id").asString(null) : null;
      List<Access> notices = new ArrayList<>();
      for (Subscription s : subscribers) {
        // The request id is derived from (event, subscription), so a repeated pass is recognised by the ledger.
        String requestId = java.util.UUID.nameUUIDFromBytes((e.id() + "/" + s.id()).getBytes(StandardCharsets.UTF_8)).toString();
        notices.add(new Access("event.notify", s.department(), e.holderKey(), e.licenceType(), licenceId, s.matter(), "allowed", e.type(),
            requestId).about("subscription " + s.id(), null, null));
      }
      // Durable first (idempotent by request id if this pass is repeated), then queued.
      accessLog.recordAll(notices);
      Instant now = clock.instant();
      for (Subscription s : subscribers) {
        outbox.enqueue(e.id(), s.id(), now);
      }
    }
    outbox.markDispatched(e.id());
  }

  private void deliver(EventOutbox.Due d) {
    Instant now = clock.instant();
    // Every instance polls the same rows: post only what this one claimed. The claim outlasts the attempt (connect
    // and response are each bounded by the timeout), so no other instance posts it meanwhile.
    if (!outbox.claim(d.seq(), d.attempts(), now, now.plus(settings.timeout().multipliedBy(2)).plusSeconds(1))) {
      return;
    }
    int attempt = d.attempts() + 1;
    byte[] body = payload(d.event(), d.subscription());
    long ts = clock.instant().getEpochSecond();
    String error;
    try {
      HttpResponse<Void> r = http.send(
          HttpRequest.newBuilder(URI.create(d.subscription().callbackUrl()))
              .timeout(settings.timeout())
              .header("Content-Type", "application/json")
              .header("webhook-id", d.event().id())
              .header("webhook-timestamp", Long.toString(ts))
              .header("webhook-signature", signature(d.subscription().secret(), d.event().id(), ts, body))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build(),
          HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() / 100 == 2) {
        outbox.delivered(d.seq(), attempt, clock.instant());
        return;
      }
      error = "HTTP " + r.statusCode();
    } catch (java.io.IOException | IllegalArgumentException e) {
      error = e.getClass().getSimpleName() + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (attempt >= settings.maxAttempts()) {
      log.warn("webhook {} to subscription {} failed {} times, giving up: {}", d.event().id(), d.subscription().id(), attempt, error);
      outbox.giveUp(d.seq(), attempt, error);
      return;
    }
    outbox.retryAt(d.seq(), attempt, clock.instant().plus(backoff(attempt)), error);
  }

  /** Exponential backoff with ±20% jitter, so receivers coming back are not hit by every sender at once. */
  Duration backoff(int attempt) {
    long base = settings.retryBase().toMillis();
    long ms = attempt >= 30 ? Long.MAX_VALUE : base << (attempt - 1);
    ms = Math.min(ms < 0 ? Long.MAX_VALUE : ms, settings.retryMax().toMillis());
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis(Math.max(1, (long) (ms * jitter)));
  }

  static byte[] payload(Event e, Subscription s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", e.id());
    n.put("type", e.type());
    n.put("occurredAt", e.occurredAt().toString());
    n.put("subscription", s.id());
    if (s.matter() != null) {
      n.put("matter", s.matter());
    }
    n.setAll((ObjectNode) JSON.readTree(e.payload()));
    return JSON.writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code v1,<base64 HMAC-SHA256(secret, id.timestamp.body)>} with the secret's bytes after {@code whsec_}. */
  static String signature(String secret, String id, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 must work", e);
    }
  }
}

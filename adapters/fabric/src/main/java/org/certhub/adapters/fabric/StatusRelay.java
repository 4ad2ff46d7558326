package org.certhub.adapters.fabric;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.certhub.exchange.outbox.OutboxDrain;
import org.certhub.exchange.outbox.OutboxSink;
import org.certhub.exchange.subscription.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Puts every licence status change on the channel's licence status registry, from the same transactional outbox the
 * webhooks and the Kafka relay read (so a change is relayed exactly when its transaction committed, never from the
 * request thread). Issued and updated versions become {@code valid}, the version an update replaced
 * {@code superseded}, then {@code revoked} or {@code expired}.
 *
 * <p>At least once, and harmless when repeated: the chaincode treats the current status set again as a no-op. Each
 * transaction goes through {@link FabricClient}, which retries endorsement, resubmits the same signed transaction and
 * looks an unknown outcome up by its id; what still fails leaves the row pending, and the relay tries it again later
 * with a doubling pause. Rows are pushed in outbox order and a failure stops the batch, so one licence's changes reach
 * the channel in order from one instance; if two instances relay a licence's rows out of order, the chaincode refuses
 * to leave a final status ({@code REVOKED_IS_FINAL}, {@code STATUS_IS_FINAL}) and the stale row is settled. Any other
 * refusal (e.g. {@code NOT_ISSUER}: another organisation registered that licence first) is final: the row is closed
 * with the code and logged, never retried.
 */
public final class StatusRelay implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusRelay.class);
  private static final Set<String> SETTLED = Set.of("REVOKED_IS_FINAL", "STATUS_IS_FINAL");

  /**
   * @param interval pause between passes when nothing is pending
   * @param batchSize rows claimed per pass
   * @param minBackoff first pause after a failed pass, doubled up to {@code maxBackoff}
   * @param lease how long a claim keeps other instances off its rows
   */
  public record Settings(Duration interval, int batchSize, Duration minBackoff, Duration maxBackoff, Duration lease) {
    /** 1 s polls, batches of 20, 1 s to 60 s backoff, 10 min lease (longer than a batch's worst case of retries). */
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(1), 20, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(10));
    }
  }

  private final FabricStatusRegistry registry;
  private final StatusRows rows;
  private final Clock clock;
  private final OutboxDrain<IOException> drain;
  private final AtomicLong landed = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private volatile String lastError;
  private volatile Instant lastLandedAt;

  public StatusRelay(FabricStatusRegistry registry, JdbcClient jdbc, Settings settings, Clock clock) {
    this.registry = registry;
    this.rows = new StatusRows(jdbc);
    this.clock = clock;
    this.drain = new OutboxDrain<>("certhub-fabric-status-relay", rows, this::deliver, new OutboxDrain.Settings(settings.interval(),
        settings.batchSize(), settings.minBackoff(), settings.maxBackoff(), settings.lease()), clock);
  }

  /** Starts the relay thread. */
  public StatusRelay start() {
    drain.start();
    return this;
  }

  /**
   * One pass: claim a batch and push each row's status changes in order. Returns how many rows were closed; throws
   * when a row could not be pushed (it and the rest of the batch stay pending, released for the next pass).
   */
  public int pass() throws IOException {
    return drain.pass();
  }

  /** Pushes a claimed batch in order; stops at the first row that could not be pushed, recording the failure on it. */
  private void deliver(List<Event> batch, OutboxSink.Receipts receipts) throws IOException {
    for (Event e : batch) {
      String refusal = null;
      try {
        for (String[] change : changes(e)) {
          String r = push(e, change[0], change[1]);
          refusal = refusal == null ? r : refusal;
        }
      } catch (IOException | RuntimeException ex) {
        String error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
        receipts.failed(e, error);
        if (lastError == null) {
          log.warn("Fabric status relay cannot push event {} ({}); it stays in the outbox, retrying with backoff", e.id(), error);
        }
        lastError = error;
        throw ex instanceof IOException io ? io : new IOException(error, ex);
      }
      receipts.done(e, refusal);
    }
    if (lastError != null) {
      log.info("Fabric status relay works again");
      lastError = null;
    }
  }

  /** Sets one status; null when it landed (or was already there), else the refusal that closes the row. */
  private String push(Event e, String licenceId, String status) throws IOException {
    try {
      registry.set(licenceId, status);
      landed.incrementAndGet();
      lastLandedAt = clock.instant();
      return null;
    } catch (ChaincodeRefusal r) {
      if (SETTLED.contains(r.code())) {
        log.info("Fabric status relay: event {} is stale, the channel already holds a final status ({})", e.id(), r.code());
        return null;
      }
      refused.incrementAndGet();
      log.error("Fabric status registry refused event {} ({} -> {}): {}; not retried", e.id(), FabricStatusRegistry.digest(licenceId),
          status, r.getMessage());
      return r.code() + ": " + r.getMessage();
    }
  }

  /** (licence id, status) pairs an outbox event sets, in order. */
  static List<String[]> changes(Event e) {
    JsonObject licence = JsonParser.parseString(e.payload()).getAsJsonObject().getAsJsonObject("licence");
    String id = licence.get("id").getAsString();
    List<String[]> out = new ArrayList<>(2);
    if (e.type().equals("licence.updated") && licence.has("previousId")) {
      out.add(new String[] {licence.get("previousId").getAsString(), "superseded"});
    }
    out.add(new String[] {id, licence.get("status").getAsString()});
    return out;
  }

  /** Status changes that landed (or were already there) since start. */
  public long landedCount() {
    return landed.get();
  }

  /** Rows the channel refused for good since start. */
  public long refusedCount() {
    return refused.get();
  }

  /** How many licence events wait for the channel (all instances). */
  public long pending() {
    return rows.pending();
  }

  /** The last failure, while no pass has succeeded since; else null. */
  public String lastError() {
    return lastError;
  }

  /** When a status last landed, or null. */
  public Instant lastLandedAt() {
    return lastLandedAt;
  }

  @Override
  public void close() {
    drain.close();
  }
}

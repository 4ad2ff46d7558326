package org.certhub.exchange.outbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.certhub.exchange.subscription.Event;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One relay's leases on {@code outbox_event} rows, through the relay's own columns ({@code <relay>_claim},
 * {@code <relay>_claimed_until} and the column its rows are closed by): the claim, read and release half of an
 * {@link OutboxClaims}; the relay's subclass adds how it closes a row ({@link #done}, and {@link #failed} if it keeps
 * failed tries).
 *
 * <p>The claim is one conditional UPDATE ("set my claim where nobody's lease is live"), not SELECT ... FOR UPDATE SKIP
 * LOCKED: a row lock lives only as long as its transaction, and a relay must not hold a database transaction open
 * across a call to its engine that can take the whole delivery timeout while the engine is down. The lease needs no
 * open transaction, works the same on H2, and a crashed instance's claim simply runs out. On PostgreSQL (READ
 * COMMITTED) an UPDATE that waited for another instance's claim re-checks its WHERE on the claimed row and skips it,
 * so a row is claimed by one relay at a time.
 */
public abstract class OutboxLeases implements OutboxClaims {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private final JdbcClient jdbc;
  private final String claim;
  private final String until;
  private final String closedBy;
  private final String types;
  private final String pending;

  /**
   * @param relay the relay's column prefix ({@code kafka}, {@code fabric})
   * @param closedBy the column that is set when a row is closed (null while it is pending)
   * @param types the SQL condition on {@code type} that selects the relay's events (a constant, never input)
   */
  protected OutboxLeases(JdbcClient jdbc, String relay, String closedBy, String types) {
    this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    this.claim = name(relay) + "_claim";
    this.until = relay + "_claimed_until";
    this.closedBy = name(closedBy);
    this.types = Objects.requireNonNull(types, "types");
    this.pending = this.closedBy + " IS NULL AND " + types + " AND (" + until + " IS NULL OR " + until + " < ?)";
  }

  private static String name(String column) {
    if (column == null || !NAME.matcher(column).matches()) {
      throw new IllegalArgumentException("an outbox column name must match " + NAME + ", but was: " + column);
    }
    return column;
  }

  private String clearClaim() {
    return claim + " = NULL, " + until + " = NULL";
  }

  /** Claims up to {@code limit} of the oldest unclaimed pending events for {@code token}; how many. */
  @Override
  public final int claim(String token, Instant now, Instant until, int limit) {
    Timestamp t = Timestamp.from(now);
    return jdbc.sql("UPDATE outbox_event SET " + claim + " = ?, " + this.until + " = ? WHERE " + pending
                + " AND seq IN (SELECT seq FROM outbox_event WHERE " + pending + " ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY)")
        .params(token, Timestamp.from(until), t, t)
        .update();
  }

  /** The events claimed under {@code token}, oldest first. */
  @Override
  public final List<Event> claimed(String token) {
    return jdbc.sql("SELECT id, type, occurred_at, holder_key, licence_type, payload FROM outbox_event WHERE " + claim + " = ? ORDER BY seq")
        .param(token)
        .query((rs, i) -> new Event(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getString(5), rs.getString(6)))
        .list();
  }

  /** Gives back what is left of a claim, so the next pass (of any relay) takes it at once. */
  @Override
  public final void release(String token) {
    jdbc.sql("UPDATE outbox_event SET " + clearClaim() + " WHERE " + claim + " = ? AND " + closedBy + " IS NULL")
        .param(token)
        .update();
  }

  /** How many of the relay's events wait (all instances). */
  public final long pending() {
    return jdbc.sql("SELECT COUNT(*) FROM outbox_event WHERE " + closedBy + " IS NULL AND " + types).query(Long.class).single();
  }
}

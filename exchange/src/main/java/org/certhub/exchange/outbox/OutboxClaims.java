package org.certhub.exchange.outbox;

import java.time.Instant;
import java.util.List;
import org.certhub.exchange.subscription.Event;

/**
 * One relay's view of the outbox rows it has to deliver, claimed in batches under a lease: a claim keeps other
 * instances off its rows without a database transaction held open across a call to the engine, and a crashed
 * instance's claim simply runs out.
 *
 * <p>Implementations MUST claim a row for one token at a time, and MUST close a row only while it is still claimed by
 * the token that closes it (a run-out lease taken over by another relay is not).
 */
public interface OutboxClaims {
  /** Claims up to {@code limit} of the oldest unclaimed pending rows for {@code token} until {@code until}; how many. */
  int claim(String token, Instant now, Instant until, int limit);

  /** The events claimed under {@code token}, oldest first. */
  List<Event> claimed(String token);

  /**
   * Closes one row: delivered, or refused for good with {@code refusal} (null when delivered).
   *
   * @return whether the row was still ours and is now closed
   */
  boolean done(String eventId, String token, Instant at, String refusal);

  /** Records a failed try of one row; it stays pending. Nothing by default. */
  default void failed(String eventId, String token, String error) {}

  /** Gives back what is left of a claim, so the next pass (of any relay) takes it at once. */
  void release(String token);
}

package org.certhub.exchange.outbox;

import java.util.List;
import org.certhub.exchange.subscription.Event;

/**
 * Where an {@link OutboxDrain} delivers its claimed batches: a Kafka topic, a Fabric channel.
 *
 * @param <X> the checked failure of a delivery
 */
public interface OutboxSink<X extends Exception> {
  /** Called before every pass, before anything is claimed (e.g. to create a topic). Nothing by default. */
  default void prepare() throws X {}

  /**
   * Delivers a claimed batch, oldest first. For each event that is durable at the sink the implementation calls
   * {@link Receipts#done} (and only then: a row closed before is lost if the sink then fails). It MUST throw when an
   * event could not be delivered; that event and the rest of the batch stay pending for a later pass.
   */
  void deliver(List<Event> batch, Receipts receipts) throws X;

  /** How a sink closes the rows of the batch it was handed. */
  interface Receipts {
    /**
     * The event is durable at the sink ({@code refusal} null), or the sink refused it for good with {@code refusal}.
     *
     * @return whether the row was still this relay's and is now closed
     */
    boolean done(Event event, String refusal);

    /** A try of the event failed with {@code error}; it stays pending. */
    void failed(Event event, String error);
  }
}

/**
 * Draining the transactional outbox to an engine, at least once: {@link org.certhub.exchange.outbox.OutboxDrain}
 * claims a batch of rows under a lease ({@link org.certhub.exchange.outbox.OutboxClaims}), hands it to a sink
 * ({@link org.certhub.exchange.outbox.OutboxSink}), closes each row only once the sink says it is durable there, and
 * waits with a doubling backoff while the sink fails. The engines' relays (Kafka, Fabric) supply the two ports; the
 * loop knows no engine.
 */
package org.certhub.exchange.outbox;

-- Version 11: the Kafka relay's own state on each outbox event (issue 8; used when certhub.kafka.bootstrap-servers is
-- set). Independent of the webhook fan-out's `dispatched`: an event can be fanned out and not yet on Kafka, or the
-- reverse. kafka_claim / kafka_claimed_until are a lease: a relay claims a batch with one conditional UPDATE, so two
-- hub instances sharing the database never publish the same row at once, and a crashed instance's lease runs out.
ALTER TABLE outbox_event ADD COLUMN kafka_published_at TIMESTAMP;
ALTER TABLE outbox_event ADD COLUMN kafka_claim VARCHAR(40);
ALTER TABLE outbox_event ADD COLUMN kafka_claimed_until TIMESTAMP;
CREATE INDEX outbox_event_kafka_pending ON outbox_event (kafka_published_at, seq);
CREATE INDEX outbox_event_kafka_claim ON outbox_event (kafka_claim);

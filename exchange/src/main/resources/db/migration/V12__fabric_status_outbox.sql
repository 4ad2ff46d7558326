-- Version 12: the Fabric status relay's own state on each outbox event (issue 8; used when certhub.fabric.endpoint is
-- set). Like the Kafka relay's columns (V11) and independent of them: a licence event's status change goes to the
-- channel's licence status registry at least once, claimed with a lease so two hub instances never push the same row
-- at once. fabric_error keeps the last failure (a retried one) or the channel's refusal (a final one).
ALTER TABLE outbox_event ADD COLUMN fabric_done_at TIMESTAMP;
ALTER TABLE outbox_event ADD COLUMN fabric_claim VARCHAR(40);
ALTER TABLE outbox_event ADD COLUMN fabric_claimed_until TIMESTAMP;
ALTER TABLE outbox_event ADD COLUMN fabric_attempts INT DEFAULT 0 NOT NULL;
ALTER TABLE outbox_event ADD COLUMN fabric_error VARCHAR(400);
CREATE INDEX outbox_event_fabric_pending ON outbox_event (fabric_done_at, seq);
CREATE INDEX outbox_event_fabric_claim ON outbox_event (fabric_claim);

-- Outbox publications have an owner, the instance whose transaction recorded them (its connections'
-- application_name, tocsin.instance-id), and instances have leases: a publication is resubmitted by its owner once
-- it failed, or adopted by another instance when its owner's lease ended (io.tocsin.platform.kafka.OutboxOwnership).
ALTER TABLE event_publication ADD COLUMN owner TEXT DEFAULT NULLIF(current_setting('application_name', true), '');
CREATE INDEX event_publication_incomplete_by_owner ON event_publication (owner) WHERE completion_date IS NULL;
CREATE TABLE outbox_instance (
    instance    TEXT PRIMARY KEY,
    lease_until TIMESTAMPTZ NOT NULL
);

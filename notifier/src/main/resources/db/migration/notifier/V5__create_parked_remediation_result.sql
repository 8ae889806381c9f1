-- A remediation result that arrived before its incident's events (a lagging incidents.events.v1 consumer): kept
-- until the incident is known, then posted in its thread, in the order they arrived (seq). Rows older than a day
-- are purged.
CREATE TABLE parked_remediation_result (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY,
    event_id    UUID PRIMARY KEY,
    incident_id UUID        NOT NULL,
    payload     BYTEA       NOT NULL,
    parked_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX parked_remediation_result_incident ON parked_remediation_result (incident_id);

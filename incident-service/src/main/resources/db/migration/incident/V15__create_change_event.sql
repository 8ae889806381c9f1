-- Issue 19: changes to services (deploys, builds, configuration) that CI pipelines and deploy tools report (PagerDuty
-- change events on changes.v1), and the incidents that show them ("Recent deploy?", seed 004).
CREATE TABLE change_event (
    id             UUID        PRIMARY KEY, -- the ChangeReceived eventId: a redelivery inserts nothing
    service        TEXT        NOT NULL,
    summary        TEXT        NOT NULL,
    source         TEXT        NOT NULL DEFAULT '',
    changed_at     TIMESTAMPTZ NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL,
    custom_details JSONB       NOT NULL DEFAULT '{}',
    links          JSONB       NOT NULL DEFAULT '[]'
);
CREATE INDEX change_event_by_service ON change_event (service, changed_at DESC);

-- One row per change an incident shows: whichever of the change and the incident came second linked them, once.
CREATE TABLE incident_change (
    incident_id UUID        NOT NULL REFERENCES incident (id),
    change_id   UUID        NOT NULL REFERENCES change_event (id),
    linked_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (incident_id, change_id)
);

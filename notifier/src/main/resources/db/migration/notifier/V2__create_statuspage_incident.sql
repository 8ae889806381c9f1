-- Atlassian Statuspage mirror of public incidents: what phase Statuspage should show, and what it shows.
CREATE TABLE statuspage_incident (
    incident_id     UUID PRIMARY KEY REFERENCES incident_view (incident_id),
    statuspage_id   TEXT,
    wanted_phase    TEXT        NOT NULL,
    synced_phase    TEXT,
    status          TEXT        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'synced', 'failed')),
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT
);
CREATE INDEX statuspage_incident_due ON statuspage_incident (next_attempt_at) WHERE status = 'pending';

-- Issue 19: the recent changes (deploys) an incident shows, from IncidentChangeLinked: the Slack root message lists them.
CREATE TABLE incident_change_view (
    incident_id UUID        NOT NULL,
    change_id   UUID        NOT NULL,
    summary     TEXT        NOT NULL,
    source      TEXT        NOT NULL DEFAULT '',
    changed_at  TIMESTAMPTZ NOT NULL,
    url         TEXT,
    PRIMARY KEY (incident_id, change_id)
);

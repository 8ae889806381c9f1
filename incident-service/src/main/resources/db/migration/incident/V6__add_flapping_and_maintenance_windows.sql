-- Flapping (issue 6, Alerta's rule): state changes per alert fingerprint are counted from when this
-- service saw the alert fire (attached_at) and resolve (resolved_at).
ALTER TABLE alert ADD COLUMN resolved_at TIMESTAMPTZ;
CREATE INDEX alert_by_fingerprint ON alert (fingerprint, attached_at);
ALTER TABLE incident ADD COLUMN flapping_since TIMESTAMPTZ;
CREATE INDEX incident_flapping ON incident (flapping_since) WHERE flapping_since IS NOT NULL;

-- Maintenance windows: label matchers (Alertmanager silence shape) over a time range. Never deleted:
-- DELETE through the API ends a window early, so the record of who muted what stays.
CREATE TABLE maintenance_window (
    id            UUID PRIMARY KEY,
    matchers      JSONB       NOT NULL,
    starts_at     TIMESTAMPTZ NOT NULL,
    ends_at       TIMESTAMPTZ NOT NULL CHECK (ends_at > starts_at),
    comment       TEXT        NOT NULL,
    created_by    TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    ended_early_by TEXT,
    -- set once the window's start / end has been applied to the incidents it covers
    start_applied BOOLEAN     NOT NULL DEFAULT false,
    end_applied   BOOLEAN     NOT NULL DEFAULT false
);
CREATE INDEX maintenance_window_pending ON maintenance_window (starts_at) WHERE NOT start_applied;
CREATE INDEX maintenance_window_ending ON maintenance_window (ends_at) WHERE NOT end_applied;

-- The window an incident fell under (kept for the record) and whether it is under it now.
ALTER TABLE incident ADD COLUMN maintenance_window_id UUID REFERENCES maintenance_window (id);
ALTER TABLE incident ADD COLUMN in_maintenance BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX incident_by_maintenance_window ON incident (maintenance_window_id) WHERE maintenance_window_id IS NOT NULL;

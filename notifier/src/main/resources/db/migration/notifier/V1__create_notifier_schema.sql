-- notifier schema, owned by notifier's own Flyway history.

-- The latest known state of each incident, from incidents.events.v1 (event-carried state).
CREATE TABLE incident_view (
    incident_id     UUID PRIMARY KEY,
    key             TEXT        NOT NULL,
    title           TEXT        NOT NULL,
    status          TEXT        NOT NULL,
    severity        TEXT        NOT NULL,
    service         TEXT,
    group_key       TEXT,
    alert_count     INT         NOT NULL,
    firing_count    INT         NOT NULL,
    external_url    TEXT,
    opened_at       TIMESTAMPTZ NOT NULL,
    labels          JSONB       NOT NULL DEFAULT '{}',
    generator_url   TEXT,
    runbook_url     TEXT,
    acknowledged_by TEXT,
    resolved_at     TIMESTAMPTZ,
    state_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX incident_view_by_key ON incident_view (key);
CREATE INDEX incident_view_by_opened ON incident_view (opened_at DESC);

-- Status page updates per incident (Investigating / Identified / Monitoring / Resolved).
CREATE TABLE incident_update (
    id          BIGSERIAL PRIMARY KEY,
    incident_id UUID        NOT NULL REFERENCES incident_view (incident_id),
    at          TIMESTAMPTZ NOT NULL,
    phase       TEXT        NOT NULL,
    message     TEXT        NOT NULL
);
CREATE INDEX incident_update_by_incident ON incident_update (incident_id, at);

-- The root Slack message of each incident: every update edits it, every timeline event replies in its thread.
CREATE TABLE slack_thread (
    incident_id UUID PRIMARY KEY,
    channel     TEXT        NOT NULL,
    ts          TEXT        NOT NULL,
    posted_at   TIMESTAMPTZ NOT NULL
);

-- The durable per-channel send queue. kind: root (chat.postMessage), update (chat.update of the root,
-- rendered from incident_view at send time), reply (thread reply), message (top-level, no incident).
CREATE TABLE slack_queue (
    id              BIGSERIAL PRIMARY KEY,
    channel         TEXT        NOT NULL,
    incident_id     UUID,
    kind            TEXT        NOT NULL CHECK (kind IN ('root', 'update', 'reply', 'message')),
    text            TEXT,
    dedupe_key      TEXT        NOT NULL UNIQUE,
    status          TEXT        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'superseded')),
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at         TIMESTAMPTZ
);
CREATE INDEX slack_queue_due ON slack_queue (channel, id) WHERE status = 'pending';
-- One root per incident, and at most one pending update per incident: a burst coalesces into it.
CREATE UNIQUE INDEX slack_queue_one_root ON slack_queue (incident_id) WHERE kind = 'root';
CREATE UNIQUE INDEX slack_queue_one_pending_update ON slack_queue (incident_id) WHERE kind = 'update' AND status = 'pending';

-- Per-channel pacing: Slack allows about one message per second per channel, and 429 Retry-After pauses it.
CREATE TABLE slack_channel (
    channel         TEXT PRIMARY KEY,
    next_allowed_at TIMESTAMPTZ NOT NULL
);

-- Slack request signatures seen recently, to refuse replays inside the 5-minute window.
CREATE TABLE slack_request (
    signature TEXT PRIMARY KEY,
    seen_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE processed_message (
    consumer     TEXT        NOT NULL,
    event_id     UUID        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

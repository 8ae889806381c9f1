-- incident-service schema. Owned by incident-service's own Flyway history (flyway_schema_history in this schema).

CREATE SEQUENCE incident_number_seq;

CREATE TABLE incident (
    id                   UUID PRIMARY KEY,
    number               BIGINT      NOT NULL UNIQUE,
    title                TEXT        NOT NULL,
    status               TEXT        NOT NULL CHECK (status IN ('TRIGGERED', 'ACKNOWLEDGED', 'RESOLVED')),
    severity             TEXT        NOT NULL CHECK (severity IN ('SEV1', 'SEV2', 'SEV3', 'SEV4')),
    service              TEXT,
    grouping_key         TEXT        NOT NULL,
    group_key            TEXT        NOT NULL,
    receiver             TEXT,
    source               TEXT        NOT NULL,
    external_url         TEXT,
    opened_at            TIMESTAMPTZ NOT NULL,
    acknowledged_at      TIMESTAMPTZ,
    acknowledged_by      TEXT,
    resolved_at          TIMESTAMPTZ,
    resolved_by          TEXT,
    previous_incident_id UUID REFERENCES incident (id)
);

-- Grouping: at most one open incident per grouping key (default: Alertmanager groupKey).
CREATE UNIQUE INDEX incident_one_open_per_grouping_key ON incident (grouping_key) WHERE status <> 'RESOLVED';
CREATE INDEX incident_by_grouping_key_opened ON incident (grouping_key, opened_at DESC);
CREATE INDEX incident_by_opened_at ON incident (opened_at DESC);
CREATE INDEX incident_by_status ON incident (status);
CREATE INDEX incident_by_service ON incident (service);

-- Alert identity is fingerprint + startsAt: Alertmanager reuses a fingerprint when an alert fires again.
CREATE TABLE alert (
    fingerprint      TEXT        NOT NULL,
    starts_at        TIMESTAMPTZ NOT NULL,
    incident_id      UUID        NOT NULL REFERENCES incident (id),
    status           TEXT        NOT NULL CHECK (status IN ('firing', 'resolved')),
    severity         TEXT        NOT NULL,
    labels           JSONB       NOT NULL,
    annotations      JSONB       NOT NULL,
    ends_at          TIMESTAMPTZ,
    generator_url    TEXT,
    attached_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (fingerprint, starts_at)
);
CREATE INDEX alert_by_incident ON alert (incident_id);

-- Append-only, hash-chained timeline: hash = SHA-256(previous_hash || canonical_json(entry)), per incident.
CREATE TABLE timeline_entry (
    incident_id   UUID        NOT NULL REFERENCES incident (id),
    sequence      INT         NOT NULL CHECK (sequence >= 1),
    at            TIMESTAMPTZ NOT NULL,
    type          TEXT        NOT NULL,
    actor         TEXT        NOT NULL,
    summary       TEXT        NOT NULL,
    details       JSONB       NOT NULL,
    previous_hash CHAR(64)    NOT NULL,
    hash          CHAR(64)    NOT NULL,
    PRIMARY KEY (incident_id, sequence)
);

CREATE FUNCTION timeline_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'timeline_entry is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER timeline_entry_no_update_delete
    BEFORE UPDATE OR DELETE ON timeline_entry
    FOR EACH ROW EXECUTE FUNCTION timeline_entry_is_append_only();

CREATE TRIGGER timeline_entry_no_truncate
    BEFORE TRUNCATE ON timeline_entry
    FOR EACH STATEMENT EXECUTE FUNCTION timeline_entry_is_append_only();

REVOKE UPDATE, DELETE, TRUNCATE ON timeline_entry FROM PUBLIC;

-- Idempotent consumers: a message id is recorded in the same transaction as its effect.
CREATE TABLE processed_message (
    consumer     TEXT        NOT NULL,
    event_id     UUID        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

-- Spring Modulith JDBC event publication registry (the outbox), schema v2 of spring-modulith-events-jdbc 2.0.
CREATE TABLE event_publication (
    id                     UUID                     NOT NULL,
    listener_id            TEXT                     NOT NULL,
    event_type             TEXT                     NOT NULL,
    serialized_event       TEXT                     NOT NULL,
    publication_date       TIMESTAMP WITH TIME ZONE NOT NULL,
    completion_date        TIMESTAMP WITH TIME ZONE,
    status                 TEXT,
    completion_attempts    INT,
    last_resubmission_date TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (id)
);
CREATE INDEX event_publication_serialized_event_hash_idx ON event_publication USING hash (serialized_event);
CREATE INDEX event_publication_by_completion_date_idx ON event_publication (completion_date);

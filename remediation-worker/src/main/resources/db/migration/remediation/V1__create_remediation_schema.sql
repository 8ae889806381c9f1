-- remediation-worker schema, owned by its own Flyway history.

-- One row per (incident, runbook, step): the unique key is what makes a step run once, whatever
-- is redelivered and however many workers run. A RUNNING row holds a lease; past it, another worker
-- takes over and re-checks the action's preconditions before acting.
CREATE TABLE execution (
    id           UUID PRIMARY KEY,
    incident_id  UUID        NOT NULL,
    incident_key TEXT,
    runbook      TEXT        NOT NULL,
    step         INT         NOT NULL,
    action       TEXT        NOT NULL,
    target       TEXT        NOT NULL,
    parameters   JSONB       NOT NULL,
    approval     TEXT        NOT NULL CHECK (approval IN ('NONE', 'REQUIRED')),
    dry_run      BOOLEAN     NOT NULL,
    timeout_ms   BIGINT      NOT NULL,
    status       TEXT        NOT NULL CHECK (status IN ('PENDING', 'AWAITING_APPROVAL', 'RUNNING', 'SUCCEEDED',
                                                        'SKIPPED', 'FAILED', 'REJECTED', 'CANCELLED')),
    attempts     INT         NOT NULL DEFAULT 0,
    not_before   TIMESTAMPTZ NOT NULL DEFAULT now(),
    lease_until  TIMESTAMPTZ,
    worker       TEXT,
    decided_by   TEXT,
    summary      TEXT,
    report       JSONB,
    error        TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    started_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ,
    UNIQUE (incident_id, runbook, step)
);
CREATE INDEX execution_runnable ON execution (created_at, step) WHERE status IN ('PENDING', 'RUNNING');
CREATE INDEX execution_by_incident ON execution (incident_id);
CREATE INDEX execution_by_incident_key ON execution (incident_key);

-- Container restarts, for the restart budget (no restart loops).
CREATE TABLE docker_restart (
    container TEXT        NOT NULL,
    at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX docker_restart_by_container ON docker_restart (container, at);

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

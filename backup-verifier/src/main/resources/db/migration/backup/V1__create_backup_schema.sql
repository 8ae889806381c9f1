-- backup-verifier schema, owned by its own Flyway history.

-- Every verification and its report (history). At most one RUNNING per database.
CREATE TABLE verification (
    id          UUID PRIMARY KEY,
    database    TEXT        NOT NULL,
    status      TEXT        NOT NULL CHECK (status IN ('RUNNING', 'PASSED', 'FAILED')),
    trigger     TEXT        NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    backup_file TEXT,
    report      JSONB
);
CREATE UNIQUE INDEX verification_one_running_per_database ON verification (database) WHERE status = 'RUNNING';
CREATE INDEX verification_by_started ON verification (started_at DESC);

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

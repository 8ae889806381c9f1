-- Issue 20: every read of the API and of the console, durable, so that an auditor can see who looked at what
-- (console "Audit → Reads", GET /api/v1/audit/reads). Append-only; rows older than tocsin.audit.read-retention
-- (400 days) are deleted hourly by one instance. refresh: the console list's automatic htmx refresh, not a click.
CREATE TABLE read_access (
    id        BIGSERIAL   PRIMARY KEY,
    read_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    principal TEXT        NOT NULL,
    path      TEXT        NOT NULL,
    query     TEXT        NOT NULL DEFAULT '',
    status    INT         NOT NULL,
    refresh   BOOLEAN     NOT NULL DEFAULT false
);
CREATE INDEX read_access_read_at ON read_access (read_at);
CREATE INDEX read_access_principal ON read_access (principal, read_at);

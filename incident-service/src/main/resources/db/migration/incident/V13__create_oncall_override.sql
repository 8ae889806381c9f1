-- Issue 18: on-call overrides added through the ADMIN API, beside the ones in TOCSIN_ONCALL_CONFIG. Shared by every
-- instance (paging and "who is on call" read them at each use); a cancelled override keeps its row for the record.
CREATE TABLE oncall_override (
    id           UUID        PRIMARY KEY,
    schedule     TEXT        NOT NULL,
    layer        TEXT        NOT NULL,
    person       TEXT        NOT NULL,
    starts_at    TIMESTAMPTZ NOT NULL,
    ends_at      TIMESTAMPTZ NOT NULL CHECK (ends_at > starts_at),
    reason       TEXT,
    created_by   TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    cancelled_by TEXT,
    cancelled_at TIMESTAMPTZ
);
CREATE INDEX oncall_override_live ON oncall_override (ends_at) WHERE cancelled_at IS NULL;

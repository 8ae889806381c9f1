-- Issue 19 (seed 001): maintenance windows announced to customers, copied from maintenance.events.v1 (the latest state
-- per window by occurred_at) and listed on the status page as scheduled maintenance.
CREATE TABLE public_maintenance (
    window_id   UUID PRIMARY KEY,
    title       TEXT        NOT NULL,
    components  JSONB       NOT NULL DEFAULT '[]',
    starts_at   TIMESTAMPTZ NOT NULL,
    ends_at     TIMESTAMPTZ NOT NULL,
    ended_early BOOLEAN     NOT NULL DEFAULT false,
    occurred_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX public_maintenance_by_end ON public_maintenance (ends_at);

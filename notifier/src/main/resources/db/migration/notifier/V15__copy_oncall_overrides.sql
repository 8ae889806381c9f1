-- Issue 18: the overrides incident-service's API added, per schedule, as the latest OnCallOverridesChanged said
-- (oncall.events.v1): /incident oncall answers with them as incident-service pages with them.
CREATE TABLE oncall_override_copy (
    schedule    TEXT        PRIMARY KEY,
    overrides   JSONB       NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL
);

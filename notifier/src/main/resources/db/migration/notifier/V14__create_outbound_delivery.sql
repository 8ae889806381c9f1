-- Issue 18: what leaves for the team's signed webhook and for PagerDuty Events API v2. One row per delivery, queued in
-- the consumer's transaction (dedupe_key: a redelivered event queues nothing) and sent by any instance: claimed with
-- FOR UPDATE SKIP LOCKED and a lease (status 'sending', next_attempt_at one lease ahead), one incident's deliveries
-- to one destination in id order.
CREATE TABLE outbound_delivery (
    id              BIGSERIAL   PRIMARY KEY,
    destination     TEXT        NOT NULL CHECK (destination IN ('webhook', 'pagerduty')),
    incident_id     UUID        NOT NULL,
    route           TEXT,       -- the incident's service: PagerDuty's routing key is looked up when sending
    body            TEXT        NOT NULL,
    dedupe_key      TEXT        NOT NULL UNIQUE,
    status          TEXT        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at         TIMESTAMPTZ
);
CREATE INDEX outbound_delivery_due ON outbound_delivery (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX outbound_delivery_open_by_incident ON outbound_delivery (destination, incident_id, id)
    WHERE status IN ('pending', 'sending');

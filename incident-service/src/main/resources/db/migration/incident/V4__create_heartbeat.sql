-- Dead man's switches: when each heartbeat was last seen. A heartbeat is armed once first seen.
CREATE TABLE heartbeat (
    name         TEXT PRIMARY KEY,
    last_seen_at TIMESTAMPTZ NOT NULL
);

-- Statuspage allows one request per second per API key, however many notifier instances share the key: the next
-- request slot is one row, taken (in database time) by whichever instance sends next.
CREATE TABLE statuspage_pace (
    id              INT PRIMARY KEY CHECK (id = 1),
    next_allowed_at TIMESTAMPTZ NOT NULL
);
INSERT INTO statuspage_pace (id, next_allowed_at) VALUES (1, '-infinity');

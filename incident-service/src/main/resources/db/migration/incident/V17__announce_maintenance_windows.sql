-- Issue 19 (seed 001: maintenance "Quarterly (announced)"): maintenance windows announced to customers, shown on the
-- status page as scheduled maintenance. A window without a row here stays internal.
CREATE TABLE maintenance_notice (
    window_id  UUID PRIMARY KEY REFERENCES maintenance_window (id),
    title      TEXT  NOT NULL,
    components JSONB NOT NULL DEFAULT '[]'
);

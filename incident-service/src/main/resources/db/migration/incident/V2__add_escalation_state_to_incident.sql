-- Escalation state lives on the incident row, so due times survive restarts (seed escalation matrix).
ALTER TABLE incident ADD COLUMN escalation_level INT NOT NULL DEFAULT 0;
ALTER TABLE incident ADD COLUMN next_escalation_at TIMESTAMPTZ;
ALTER TABLE incident ADD COLUMN resolve_due_at TIMESTAMPTZ;
ALTER TABLE incident ADD COLUMN resolve_target_missed BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX incident_escalation_due ON incident (next_escalation_at) WHERE status = 'TRIGGERED';
CREATE INDEX incident_resolve_due ON incident (resolve_due_at) WHERE status <> 'RESOLVED' AND NOT resolve_target_missed;

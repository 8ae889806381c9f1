-- Issue 19: incident roles people take (seed 004: incident lead, communications lead). The current holder per role;
-- every assignment, with who made it, is on the incident's timeline (role.assigned).
CREATE TABLE incident_role (
    incident_id UUID        NOT NULL REFERENCES incident (id),
    role        TEXT        NOT NULL CHECK (role IN ('lead', 'comms')),
    assignee    TEXT        NOT NULL,
    assigned_by TEXT        NOT NULL,
    assigned_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (incident_id, role)
);

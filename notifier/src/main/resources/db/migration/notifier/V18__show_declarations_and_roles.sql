-- Issue 19: incidents people declare (who declared it, shown in the root message instead of alert counts) and the
-- roles people take on an incident (incident lead, communications lead: seed 004), from IncidentRoleAssigned.
ALTER TABLE incident_view ADD COLUMN declared_by TEXT;

CREATE TABLE incident_role_view (
    incident_id UUID        NOT NULL,
    role        TEXT        NOT NULL,
    assignee    TEXT        NOT NULL,
    assigned_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (incident_id, role)
);

-- Issue 14: an incident inhibited by a critical one or under a maintenance window stays quiet on every path,
-- remediation results included. quiet mirrors the summary's parentIncidentKey != null OR inMaintenance.
ALTER TABLE incident_view ADD COLUMN quiet BOOLEAN NOT NULL DEFAULT false;

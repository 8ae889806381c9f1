-- Issue 19: customer updates written by people (IncidentStatusUpdated): several per phase, each once (event_id), with
-- who wrote it and the promised time of the next one (reminders); the public title a person chose for an incident.
ALTER TABLE incident_update ADD COLUMN event_id UUID UNIQUE;
ALTER TABLE incident_update ADD COLUMN written_by TEXT;
ALTER TABLE incident_update ADD COLUMN next_update_at TIMESTAMPTZ;
ALTER TABLE incident_view ADD COLUMN public_title TEXT;
-- The Statuspage mirror sends each new update, also one of the phase it already shows.
ALTER TABLE statuspage_incident ADD COLUMN wanted_update BIGINT;
ALTER TABLE statuspage_incident ADD COLUMN synced_update BIGINT;

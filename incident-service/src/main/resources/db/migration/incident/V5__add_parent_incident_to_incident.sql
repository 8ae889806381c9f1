-- Inhibition at incident level (seed: critical suppresses warning for the same service).
ALTER TABLE incident ADD COLUMN parent_incident_id UUID REFERENCES incident (id);

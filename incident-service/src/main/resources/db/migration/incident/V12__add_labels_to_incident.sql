-- The labels of the alert that opened an incident (issue 18): escalation policies match on them (service, team …)
-- whenever a level is due, also after a restart. Incidents opened before keep '{}' and follow the built-in matrix.
ALTER TABLE incident ADD COLUMN labels JSONB NOT NULL DEFAULT '{}';

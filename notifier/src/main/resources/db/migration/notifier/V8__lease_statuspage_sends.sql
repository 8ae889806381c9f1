-- A claimed row is 'sending' until its lease ends (next_attempt_at): Statuspage is called outside any transaction, and
-- a row whose sender died is claimed again when the lease is over.
ALTER TABLE statuspage_incident DROP CONSTRAINT statuspage_incident_status_check;
ALTER TABLE statuspage_incident ADD CONSTRAINT statuspage_incident_status_check
    CHECK (status IN ('pending', 'sending', 'synced', 'failed'));
DROP INDEX statuspage_incident_due;
CREATE INDEX statuspage_incident_due ON statuspage_incident (next_attempt_at) WHERE status IN ('pending', 'sending');

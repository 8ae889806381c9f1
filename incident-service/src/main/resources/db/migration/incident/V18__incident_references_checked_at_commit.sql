-- Issue 17 (triage at set speed): a poll's new incidents are inserted as one batch when the transaction first reads
-- the incident table or commits, after their alerts, timeline entries and links were queued. References to an
-- incident are therefore checked at commit, when every row of the transaction is there; a missing incident still
-- fails the whole transaction (ADR 0017).
ALTER TABLE alert ALTER CONSTRAINT alert_incident_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE timeline_entry ALTER CONSTRAINT timeline_entry_incident_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE incident ALTER CONSTRAINT incident_previous_incident_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE incident ALTER CONSTRAINT incident_parent_incident_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE incident_change ALTER CONSTRAINT incident_change_incident_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE incident_role ALTER CONSTRAINT incident_role_incident_id_fkey DEFERRABLE INITIALLY DEFERRED;

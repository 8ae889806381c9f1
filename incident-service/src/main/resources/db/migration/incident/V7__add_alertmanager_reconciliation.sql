-- Reconciliation with Alertmanager (issue 14): an alert Alertmanager no longer holds is resolved once it has
-- been missing for longer than a grace period. missing_since: when a reconciliation first found it gone.
ALTER TABLE alert ADD COLUMN missing_since TIMESTAMPTZ;
-- When an open incident's alerts are next compared with its Alertmanager; claimed by a conditional update
-- under SKIP LOCKED, so each instance of incident-service checks other incidents.
ALTER TABLE incident ADD COLUMN reconcile_due_at TIMESTAMPTZ;
CREATE INDEX incident_reconcile_due ON incident (reconcile_due_at NULLS FIRST) WHERE status <> 'RESOLVED';

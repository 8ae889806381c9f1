-- Issue 14: an approval request expires. Set when a step is parked AWAITING_APPROVAL (now + the runbook's or the
-- global approval timeout); the sweep skips steps past it (approval_expired).
ALTER TABLE execution ADD COLUMN approval_expires_at TIMESTAMPTZ;
CREATE INDEX execution_awaiting_approval ON execution (approval_expires_at) WHERE status = 'AWAITING_APPROVAL';

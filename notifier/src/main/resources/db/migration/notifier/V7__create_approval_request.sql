-- Issue 14: who may decide a remediation step's approval request, from RemediationAwaitingApproval, checked when a
-- Slack user clicks Approve or Reject; anyone else gets an ephemeral "not allowed" and nothing changes.
CREATE TABLE approval_request (
    execution_id    UUID PRIMARY KEY,
    incident_id     UUID        NOT NULL,
    approvers       JSONB       NOT NULL,
    approver_groups JSONB       NOT NULL,
    expires_at      TIMESTAMPTZ,
    requested_at    TIMESTAMPTZ NOT NULL
);

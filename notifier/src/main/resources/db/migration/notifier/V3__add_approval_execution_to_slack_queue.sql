-- A thread reply asking for a remediation approval carries the execution it is about (Approve/Reject buttons).
ALTER TABLE slack_queue ADD COLUMN approval_execution UUID;

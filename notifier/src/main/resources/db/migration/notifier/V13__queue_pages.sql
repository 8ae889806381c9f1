-- Issue 18: a page is a direct message to one paged person (channel = their Slack member id, U…) with an
-- Acknowledge button, sent through the same durable, rate-limited per-channel queue.
ALTER TABLE slack_queue DROP CONSTRAINT slack_queue_kind_check;
ALTER TABLE slack_queue ADD CONSTRAINT slack_queue_kind_check
    CHECK (kind IN ('root', 'update', 'reply', 'message', 'page'));

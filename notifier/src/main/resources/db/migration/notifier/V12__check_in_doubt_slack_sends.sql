-- A send interrupted by a crash may have reached Slack. Every message Tocsin posts carries its queue item in Slack
-- message metadata; before posting an interrupted item again, the new owner looks for it in the channel's history
-- from the interrupted claim on (claimed_at), in the channel's id (Slack answers each post with it: channel_id).
ALTER TABLE slack_queue ADD COLUMN claimed_at TIMESTAMPTZ;
ALTER TABLE slack_channel ADD COLUMN channel_id TEXT;
-- Set when an item is claimed again after an interrupted claim; kept through retries until the item ends.
ALTER TABLE slack_queue ADD COLUMN in_doubt_since TIMESTAMPTZ;

-- One sender per channel across notifier instances: the instance that holds a channel's lease (owner, lease_until,
-- database time) is the only one that claims its queue's head; a dead owner's channel is taken over when its lease
-- ends, and its interrupted send ('sending' head) is sent again by the new owner.
ALTER TABLE slack_channel ALTER COLUMN next_allowed_at DROP NOT NULL;
ALTER TABLE slack_channel ADD COLUMN owner TEXT;
ALTER TABLE slack_channel ADD COLUMN lease_until TIMESTAMPTZ;

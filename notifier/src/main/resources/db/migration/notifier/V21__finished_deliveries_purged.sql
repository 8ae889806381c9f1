-- The send queues are purged of rows finished long ago (delivery/FinishedDeliveries, hourly). The sender's poll
-- (every 200 ms) asks for channels with a 'sending' head too: by this index, not by reading the whole table.
CREATE INDEX slack_queue_sending ON slack_queue (channel) WHERE status = 'sending';

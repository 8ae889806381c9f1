-- processed_message keeps a consumed message's id for a retention (ProcessedMessages.purge, hourly task
-- processed-message-purge), not forever: the purge finds old rows by this index.
CREATE INDEX processed_message_by_processed_at ON processed_message (processed_at);

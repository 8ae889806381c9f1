-- processed_message keeps a consumed message's id for a retention (ProcessedMessages.purge, hourly task
-- processed-message-purge), not forever: the purge finds old rows by this index.
CREATE INDEX processed_message_by_processed_at ON processed_message (processed_at);

-- db-scheduler's table (github.com/kagkarlsson/db-scheduler, PostgreSQL DDL of 16.x): one row per scheduled
-- execution; the instance that picks a row runs it and heartbeats, another takes it over when the heartbeats stop.
CREATE TABLE scheduled_tasks (
    task_name            TEXT                     NOT NULL,
    task_instance        TEXT                     NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);

CREATE INDEX scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

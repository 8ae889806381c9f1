-- The W3C trace context of the event that queued the message, so the Slack call is a span of that trace.
ALTER TABLE slack_queue ADD COLUMN traceparent TEXT;

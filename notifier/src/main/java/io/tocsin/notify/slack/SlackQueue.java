package io.tocsin.notify.slack;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Enqueues Slack work in {@code notifier.slack_queue}, in the consumer's transaction. Unique keys make
 * every enqueue idempotent: one root per incident, one reply per event, and at most one pending update
 * per incident — a burst of state changes (an alert storm) coalesces into it, because updates are
 * rendered from the latest incident state when they are sent.
 */
@Repository
public class SlackQueue {

    private final JdbcClient jdbc;
    private final ObjectProvider<Tracer> tracer;

    SlackQueue(JdbcClient jdbc, ObjectProvider<Tracer> tracer) {
        this.jdbc = jdbc;
        this.tracer = tracer;
    }

    /**
     * The current span as a W3C {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}), stored with each
     * queued message so {@link SlackSender} sends it as a span of the trace that caused it; {@code null} without one.
     */
    private String traceparent() {
        Tracer t = tracer.getIfAvailable();
        Span span = t == null ? null : t.currentSpan();
        if (span == null || span.context().traceId() == null || span.context().traceId().isBlank()) {
            return null;
        }
        TraceContext c = span.context();
        return "00-" + c.traceId() + "-" + c.spanId() + "-" + (Boolean.FALSE.equals(c.sampled()) ? "00" : "01");
    }

    /**
     * The incident's channel: where its root message went or is queued; queues the root in {@code channel}
     * when there is none yet.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String ensureRoot(UUID incidentId, String channel) {
        jdbc.sql("""
                        INSERT INTO slack_queue (channel, incident_id, kind, dedupe_key, traceparent)
                        VALUES (?, ?, 'root', ?, ?) ON CONFLICT DO NOTHING""")
                .params(channel, incidentId, "root:" + incidentId, traceparent())
                .update();
        return rootChannel(incidentId).orElse(channel);
    }

    /**
     * Queues an update of the root message unless one is already pending, or the root itself is still pending:
     * the root is rendered from the latest state when it is sent, so an update behind it would only spend one of
     * the channel's sends (Slack allows about one per second).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void requestUpdate(UUID incidentId, String channel) {
        jdbc.sql("""
                        INSERT INTO slack_queue (channel, incident_id, kind, dedupe_key, traceparent)
                        SELECT ?, ?, 'update', ?, ?
                        WHERE NOT EXISTS (SELECT 1 FROM slack_queue WHERE incident_id = ? AND kind = 'root' AND status = 'pending')
                        ON CONFLICT DO NOTHING""")
                .params(channel, incidentId, "update:" + UUID.randomUUID(), traceparent(), incidentId)
                .update();
    }

    /** Queues a thread reply; {@code dedupeKey} (the event id) makes a redelivered event post nothing. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reply(UUID incidentId, String channel, String text, String dedupeKey) {
        jdbc.sql("""
                        INSERT INTO slack_queue (channel, incident_id, kind, text, dedupe_key, traceparent)
                        VALUES (?, ?, 'reply', ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(channel, incidentId, text, dedupeKey, traceparent())
                .update();
    }

    /** Queues a thread reply with Approve / Reject buttons for a remediation step waiting for approval. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void approvalRequest(UUID incidentId, String channel, String text, UUID executionId, String dedupeKey) {
        jdbc.sql("""
                        INSERT INTO slack_queue (channel, incident_id, kind, text, dedupe_key, approval_execution, traceparent)
                        VALUES (?, ?, 'reply', ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(channel, incidentId, text, dedupeKey, executionId, traceparent())
                .update();
    }

    /** Queues a top-level message not tied to an incident (backup verification results). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void message(String channel, String text, String dedupeKey) {
        jdbc.sql("""
                        INSERT INTO slack_queue (channel, kind, text, dedupe_key, traceparent)
                        VALUES (?, 'message', ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(channel, text, dedupeKey, traceparent())
                .update();
    }

    /** The channel of an incident's root message, posted or queued. */
    public Optional<String> rootChannel(UUID incidentId) {
        return jdbc.sql("SELECT channel FROM slack_queue WHERE incident_id = ? AND kind = 'root'")
                .param(incidentId).query(String.class).optional();
    }

    /** Messages waiting to be sent (all channels). */
    public long pending() {
        return jdbc.sql("SELECT count(*) FROM slack_queue WHERE status = 'pending'").query(Long.class).single();
    }
}

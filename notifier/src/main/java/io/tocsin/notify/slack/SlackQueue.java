package io.tocsin.notify.slack;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tocsin.platform.jdbc.TransactionScoped;
import io.tocsin.platform.observability.TraceContexts;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
    private final ObjectProvider<Propagator> propagator;
    /** Released after each commit of a transaction that queued something: wakes {@link SlackSender}. */
    private final Semaphore queued = new Semaphore(0);
    /** The channels committed transactions queued messages in since the sender last looked. */
    private final Set<String> woken = ConcurrentHashMap.newKeySet();
    /** The channels the current transaction queued messages in; handed to the sender once it commits. */
    private final TransactionScoped<Set<String>> queuedChannels = TransactionScoped.<Set<String>>of(HashSet::new)
            .afterCommit(channels -> {
                woken.addAll(channels);
                queued.release();
            });

    SlackQueue(JdbcClient jdbc, ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.jdbc = jdbc;
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /**
     * The current span as a W3C {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}), stored with each
     * queued message so {@link SlackSender} sends it as a span of the trace that caused it; {@code null} without one.
     */
    private String traceparent() {
        return TraceContexts.current(tracer.getIfAvailable(), propagator.getIfAvailable());
    }

    /**
     * The incident's channel: where its root message went or is queued; queues the root in {@code channel}
     * when there is none yet.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String ensureRoot(UUID incidentId, String channel) {
        wakeSenderAfterCommit(jdbc.sql("""
                        INSERT INTO slack_queue (channel, incident_id, kind, dedupe_key, traceparent)
                        VALUES (?, ?, 'root', ?, ?) ON CONFLICT DO NOTHING""")
                .params(channel, incidentId, "root:" + incidentId, traceparent())
                .update(), channel);
        return rootChannel(incidentId).orElse(channel);
    }

    /**
     * Queues an update of the root message unless one is already pending, or the root itself is still pending:
     * the root is rendered from the latest state when it is sent, so an update behind it would only spend one of
     * the channel's sends (Slack allows about one per second).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void requestUpdate(UUID incidentId, String channel) {
        wakeSenderAfterCommit(jdbc.sql("""
                        INSERT INTO slack_queue (channel, incident_id, kind, dedupe_key, traceparent)
                        SELECT ?, ?, 'update', ?, ?
                        WHERE NOT EXISTS (SELECT 1 FROM slack_queue WHERE incident_id = ? AND kind = 'root' AND status = 'pending')
                        ON CONFLICT DO NOTHING""")
                .params(channel, incidentId, "update:" + UUID.randomUUID(), traceparent(), incidentId)
                .update(), channel);
    }

    /** Queues a thread reply; {@code dedupeKey} (the event id) makes a redelivered event post nothing. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reply(UUID incidentId, String channel, String text, String dedupeKey) {
        wakeSenderAfterCommit(jdbc.sql("""
                        INSERT INTO slack_queue (channel, incident_id, kind, text, dedupe_key, traceparent)
                        VALUES (?, ?, 'reply', ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(channel, incidentId, text, dedupeKey, traceparent())
                .update(), channel);
    }

    /** Queues a thread reply with Approve / Reject buttons for a remediation step waiting for approval. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void approvalRequest(UUID incidentId, String channel, String text, UUID executionId, String dedupeKey) {
        wakeSenderAfterCommit(jdbc.sql("""
                        INSERT INTO slack_queue (channel, incident_id, kind, text, dedupe_key, approval_execution, traceparent)
                        VALUES (?, ?, 'reply', ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(channel, incidentId, text, dedupeKey, executionId, traceparent())
                .update(), channel);
    }

    /**
     * Queues a direct message paging one person for an incident (issue 18), sent to their Slack member id with an
     * Acknowledge button; {@code dedupeKey} ({@code <event id>:<member id>}) makes a redelivered escalation page nobody
     * twice.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void page(UUID incidentId, String slackUserId, String text, String dedupeKey) {
        wakeSenderAfterCommit(jdbc.sql("""
                        INSERT INTO slack_queue (channel, incident_id, kind, text, dedupe_key, traceparent)
                        VALUES (?, ?, 'page', ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(slackUserId, incidentId, text, dedupeKey, traceparent())
                .update(), slackUserId);
    }

    /** Queues a top-level message not tied to an incident (backup verification results). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void message(String channel, String text, String dedupeKey) {
        wakeSenderAfterCommit(jdbc.sql("""
                        INSERT INTO slack_queue (channel, kind, text, dedupe_key, traceparent)
                        VALUES (?, 'message', ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(channel, text, dedupeKey, traceparent())
                .update(), channel);
    }

    /**
     * Has {@link SlackSender} woken for {@code channel} once the current transaction commits, when {@code rows} were
     * queued, so that a message goes out right after the event that queued it rather than at the sender's next poll.
     * One synchronisation per transaction gathers its channels.
     */
    private void wakeSenderAfterCommit(int rows, String channel) {
        if (rows > 0) {
            queuedChannels.get().add(channel);
        }
    }

    /**
     * Waits until a transaction that queued messages has committed since the last call, or {@code timeout} passed.
     *
     * @return the channels those transactions queued messages in; empty after the timeout
     * @throws InterruptedException when the waiting thread is interrupted
     */
    Set<String> awaitQueued(Duration timeout) throws InterruptedException {
        queued.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
        queued.drainPermits();
        Set<String> channels = new HashSet<>();
        for (String channel : woken) {
            woken.remove(channel);
            channels.add(channel);
        }
        return channels;
    }

    /** Wakes {@link SlackSender} now (when it stops). */
    void wakeSender() {
        queued.release();
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

package io.tocsin.notify.slack;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tocsin.platform.observability.TraceContexts;
import io.tocsin.notify.delivery.Backoff;
import io.tocsin.notify.incidents.IncidentView;
import io.tocsin.notify.incidents.IncidentViews;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains {@code slack_queue} on its own thread ({@code slack-sender}): right after a transaction that queued a message
 * commits ({@link SlackQueue} wakes it), and every {@code tocsin.slack.poll-interval} (default 200 ms) for retries and
 * paced channels. Per channel, in queue order, at most one send per {@code tocsin.slack.channel-interval}. A 429
 * pauses the channel for its {@code Retry-After}; a retryable failure backs off exponentially (1 s, 2 s, 4 s … 60 s)
 * up to {@code max-attempts}; a permanent one is recorded as failed. Root and update messages are rendered from the incident's
 * latest state at send time. Everything is in the database, so a restart resumes where it stopped.
 */
@Component
public class SlackSender implements SmartLifecycle {

    /** Retryable failures wait 1 s, 2 s, 4 s … 60 s (a 429's {@code Retry-After} pauses the whole channel instead). */
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    private static final Logger log = LoggerFactory.getLogger(SlackSender.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SlackApi slack;
    private final IncidentViews views;
    private final SlackSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;
    private final SlackQueue queue;
    private final Duration pollInterval;
    private volatile boolean paused;
    private volatile Thread loop;

    SlackSender(JdbcClient jdbc, TransactionTemplate tx, SlackApi slack, IncidentViews views, SlackSettings settings,
                Clock clock, MeterRegistry meters, SlackQueue queue, ObjectProvider<Tracer> tracer,
                ObjectProvider<Propagator> propagator, @Value("${tocsin.slack.poll-interval:200ms}") Duration pollInterval) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.queue = queue;
        this.pollInterval = pollInterval;
        this.jdbc = jdbc;
        this.tx = tx;
        this.slack = slack;
        this.views = views;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        Gauge.builder("tocsin.slack.queue.pending", queue, SlackQueue::pending)
                .description("Slack messages waiting to be sent").register(meters);
        for (String kind : java.util.List.of("root", "update", "reply", "message")) {
            for (String outcome : java.util.List.of("sent", "failed")) {
                meters.counter("tocsin.slack.messages", "kind", kind, "outcome", outcome); // at zero, for dashboards
            }
        }
        if (!settings.enabled()) {
            log.info("slack.off reason=\"no tocsin.slack.bot-token (TOCSIN_SLACK_BOT_TOKEN)\": nothing is posted; "
                    + "the status page still works");
        }
    }

    /** Stops sending (tests use it to simulate a stopped process); queued work stays. */
    public void pause() {
        paused = true;
    }

    /** Resumes sending. */
    public void resume() {
        paused = false;
    }

    /**
     * Puts sends that a stop interrupted back in the queue (run by {@link #start()}, before the sender thread exists,
     * so that it never resets a send in flight): at worst one message is posted twice, none is lost.
     */
    public void recoverInterruptedSends() {
        int reset = jdbc.sql("UPDATE slack_queue SET status = 'pending' WHERE status = 'sending'").update();
        if (reset > 0) {
            log.warn("slack.resumed_interrupted count={}", reset);
        }
    }

    /** Puts interrupted sends back in the queue, then starts the {@code slack-sender} thread. */
    @Override
    public void start() {
        recoverInterruptedSends();
        Thread thread = new Thread(this::run, "slack-sender");
        thread.setDaemon(true);
        loop = thread;
        thread.start();
    }

    /** Stops the thread after the send in progress, if any; queued work stays for the next start. */
    @Override
    public void stop() {
        Thread thread = loop;
        loop = null;
        if (thread != null) {
            queue.wakeSender();
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    /**
     * Every poll interval, every channel with due work ({@link #drain()}); in between, woken by {@link SlackQueue},
     * only the channels just queued to, and only when their pacing allows: a channel with a long backlog (one message
     * a second) then costs one key lookup per wake-up, not a scan of its queue.
     */
    private void run() {
        Set<String> woken = Set.of();
        long drainedAt = 0;
        while (loop == Thread.currentThread()) {
            try {
                if (woken.isEmpty() || System.nanoTime() - drainedAt >= pollInterval.toNanos()) {
                    drainedAt = System.nanoTime();
                    drain();
                } else {
                    sendWhereDue(woken);
                }
            } catch (RuntimeException e) {
                log.warn("slack.drain_error reason=\"{}\"", e.getMessage()); // e.g. the database is away: next poll
            }
            try {
                woken = queue.awaitQueued(pollInterval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sendWhereDue(Set<String> channels) {
        if (!settings.enabled() || paused) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        for (String channel : channels) {
            boolean paced = jdbc.sql("SELECT next_allowed_at > ? FROM slack_channel WHERE channel = ?").params(now, channel)
                    .query(Boolean.class).optional().orElse(false);
            if (!paced && !paused) {
                sendNext(channel);
            }
        }
    }

    void drain() {
        if (!settings.enabled() || paused) {
            return;
        }
        Instant now = clock.instant();
        List<String> channels = jdbc.sql("""
                        SELECT DISTINCT q.channel FROM slack_queue q LEFT JOIN slack_channel c ON c.channel = q.channel
                        WHERE q.status = 'pending' AND q.next_attempt_at <= ? AND (c.next_allowed_at IS NULL OR c.next_allowed_at <= ?)""")
                .params(Timestamp.from(now), Timestamp.from(now)).query(String.class).list();
        for (String channel : channels) {
            if (paused) {
                return;
            }
            try {
                sendNext(channel);
            } catch (RuntimeException e) {
                log.warn("slack.send_error channel={} reason=\"{}\"", channel, e.getMessage());
            }
        }
    }

    private record Item(long id, String channel, UUID incidentId, String kind, String text, int attempts,
                        Instant nextAttemptAt, UUID approvalExecution, String traceparent) {
    }

    /**
     * Claims the head of a channel's queue (status {@code sending}, committed, so that new state changes
     * queue a fresh update instead of coalescing into one already rendered), calls Slack outside any
     * transaction, then records the outcome.
     */
    private void sendNext(String channel) {
        Item item = tx.execute(status -> jdbc.sql("""
                        SELECT id, channel, incident_id, kind, text, attempts, next_attempt_at, approval_execution, traceparent
                        FROM slack_queue
                        WHERE channel = ? AND status IN ('pending', 'sending') ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .param(channel)
                .query((rs, n) -> new Item(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getTimestamp(7).toInstant(), rs.getObject(8, UUID.class),
                        rs.getString(9)))
                .optional()
                .filter(i -> !i.nextAttemptAt().isAfter(clock.instant()))
                .filter(i -> jdbc.sql("UPDATE slack_queue SET status = 'sending' WHERE id = ? AND status = 'pending'")
                        .param(i.id()).update() == 1)
                .orElse(null));
        if (item == null) {
            return; // the head of the channel's queue waits; later items keep their order behind it
        }
        try {
            SlackApi.Outcome outcome = traced(item, () -> send(item, channel));
            if (outcome != null) {
                tx.executeWithoutResult(status -> record(item, channel, outcome));
            }
        } catch (RuntimeException e) {
            // never leave the head of a channel claimed: put it back so the channel keeps moving
            jdbc.sql("UPDATE slack_queue SET status = 'pending' WHERE id = ? AND status = 'sending'").param(item.id()).update();
            throw e;
        }
    }

    /**
     * Runs the Slack call as span {@code slack <kind>} (client) in the trace of the event that queued it, from the
     * stored W3C {@code traceparent}: the Alertmanager webhook's trace ends in the Slack post. Without a stored
     * context or a tracer the call runs untraced.
     */
    private SlackApi.Outcome traced(Item item, java.util.function.Supplier<SlackApi.Outcome> call) {
        Tracer t = tracer.getIfAvailable();
        return TraceContexts.inSpan(t, propagator.getIfAvailable(), item.traceparent(), "slack " + item.kind(),
                Span.Kind.CLIENT, Map.of("slack.channel", item.channel(), "slack.kind", item.kind(),
                        "incident", item.incidentId() == null ? "" : item.incidentId().toString()), () -> {
                    SlackApi.Outcome outcome = call.get();
                    Span span = t == null ? null : t.currentSpan();
                    if (outcome != null && span != null) {
                        span.tag("slack.outcome", outcome.getClass().getSimpleName());
                    }
                    return outcome;
                });
    }

    private SlackApi.Outcome send(Item item, String channel) {
        Optional<IncidentView> incident = item.incidentId() == null ? Optional.empty() : views.find(item.incidentId());
        Optional<SlackThread> thread = item.incidentId() == null ? Optional.empty() : thread(item.incidentId());
        switch (item.kind()) {
            case "root" -> {
                if (incident.isEmpty()) {
                    finish(item, "failed", "incident unknown to notifier");
                    return null;
                }
                return slack.postMessage(channel, SlackMessages.fallbackText(incident.get()),
                        SlackMessages.blocks(incident.get()), null);
            }
            case "update" -> {
                if (thread.isEmpty() || incident.isEmpty()) {
                    finish(item, "superseded", "no root message to update");
                    return null;
                }
                return slack.update(thread.get().channel(), thread.get().ts(), SlackMessages.fallbackText(incident.get()),
                        SlackMessages.blocks(incident.get()));
            }
            case "reply" -> {
                if (thread.isEmpty()) {
                    finish(item, "failed", "no root message to reply to");
                    return null;
                }
                return slack.postMessage(thread.get().channel(), item.text(), item.approvalExecution() == null ? null
                        : SlackMessages.approvalRequest(item.text(), item.incidentId(), item.approvalExecution()), thread.get().ts());
            }
            default -> {
                return slack.postMessage(channel, item.text(), null, null);
            }
        }
    }

    private void record(Item item, String channel, SlackApi.Outcome outcome) {
        Instant now = clock.instant();
        switch (outcome) {
            case SlackApi.Outcome.Sent sent -> {
                if ("root".equals(item.kind())) {
                    // chat.update and thread replies need the channel ID Slack answers with, not the #name we used.
                    String channelId = sent.channel() == null || sent.channel().isBlank() ? channel : sent.channel();
                    jdbc.sql("INSERT INTO slack_thread (incident_id, channel, ts, posted_at) VALUES (?, ?, ?, ?)")
                            .params(item.incidentId(), channelId, sent.ts(), Timestamp.from(now)).update();
                }
                finish(item, "sent", null);
                pace(channel, now.plus(settings.channelInterval()));
                meters.counter("tocsin.slack.messages", "kind", item.kind(), "outcome", "sent").increment();
            }
            case SlackApi.Outcome.RateLimited limited -> {
                requeue(item, item.attempts(), now, null);
                pace(channel, now.plus(limited.retryAfter()));
                log.info("slack.rate_limited channel={} retryAfterSeconds={}", channel, limited.retryAfter().toSeconds());
            }
            case SlackApi.Outcome.Retry retry -> {
                int attempts = item.attempts() + 1;
                if (attempts >= settings.maxAttempts()) {
                    finish(item, "failed", "gave up after " + attempts + " attempts: " + retry.reason());
                    meters.counter("tocsin.slack.messages", "kind", item.kind(), "outcome", "failed").increment();
                    log.warn("slack.gave_up channel={} kind={} incident={} attempts={} reason=\"{}\"", channel,
                            item.kind(), item.incidentId(), attempts, retry.reason());
                } else {
                    Duration backoff = BACKOFF.after(attempts, null);
                    requeue(item, attempts, now.plus(backoff), retry.reason());
                    log.info("slack.retry channel={} kind={} attempt={} inSeconds={} reason=\"{}\"", channel, item.kind(),
                            attempts, backoff.toSeconds(), retry.reason());
                }
            }
            case SlackApi.Outcome.Failed failed -> {
                finish(item, "failed", failed.error());
                meters.counter("tocsin.slack.messages", "kind", item.kind(), "outcome", "failed").increment();
                log.warn("slack.failed channel={} kind={} incident={} error={}", channel, item.kind(), item.incidentId(),
                        failed.error());
            }
        }
    }

    /** Puts an item back; an update is superseded instead when a newer one was queued while it was in flight. */
    private void requeue(Item item, int attempts, Instant at, String error) {
        jdbc.sql("""
                        UPDATE slack_queue SET attempts = ?, next_attempt_at = ?, last_error = ?,
                            status = CASE WHEN kind = 'update' AND EXISTS (
                                SELECT 1 FROM slack_queue newer WHERE newer.incident_id = slack_queue.incident_id
                                  AND newer.kind = 'update' AND newer.status = 'pending') THEN 'superseded' ELSE 'pending' END
                        WHERE id = ?""")
                .params(attempts, Timestamp.from(at), error, item.id()).update();
    }

    private record SlackThread(String channel, String ts) {
    }

    private Optional<SlackThread> thread(UUID incidentId) {
        return jdbc.sql("SELECT channel, ts FROM slack_thread WHERE incident_id = ?").param(incidentId)
                .query((rs, n) -> new SlackThread(rs.getString(1), rs.getString(2))).optional();
    }

    private void finish(Item item, String status, String error) {
        jdbc.sql("UPDATE slack_queue SET status = ?, last_error = ?, sent_at = ? WHERE id = ?")
                .params(status, error, "sent".equals(status) ? Timestamp.from(clock.instant()) : null, item.id()).update();
    }

    private void pace(String channel, Instant nextAllowedAt) {
        jdbc.sql("""
                        INSERT INTO slack_channel (channel, next_allowed_at) VALUES (?, ?)
                        ON CONFLICT (channel) DO UPDATE SET next_allowed_at = excluded.next_allowed_at""")
                .params(channel, Timestamp.from(nextAllowedAt)).update();
    }
}

package io.tocsin.notify.slack;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tocsin.notify.delivery.Backoff;
import io.tocsin.notify.incidents.IncidentView;
import io.tocsin.notify.incidents.IncidentViews;
import io.tocsin.platform.observability.TraceContexts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Delivers one claimed message: renders root and update messages from the incident's latest state at send time, calls
 * Slack through {@link SlackApi} with no transaction open, as span {@code slack <kind>} in the trace of the event that
 * queued it, and records the outcome: sent (and the channel paced for {@code tocsin.slack.channel-interval}), rate
 * limited (the channel paused for its {@code Retry-After}), retryable (backed off by {@link Backoff}, 1 s … 60 s, up to
 * {@code max-attempts}) or failed for good. An item claimed again after an interrupted send ({@code inDoubtSince}) is
 * first looked for in the channel (by the key in its Slack message metadata): found, it counts as sent and is not
 * posted twice. So is one whose post failed in a way that leaves Slack's side unknown (a timeout, a broken connection,
 * HTTP 5xx: {@link SlackApi.Outcome.Retry#maybeDelivered()}).
 */
@Component
class SlackDelivery {

    /** Retryable failures wait 1 s, 2 s, 4 s … 60 s (a 429's {@code Retry-After} pauses the whole channel instead). */
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    private static final Logger log = LoggerFactory.getLogger(SlackDelivery.class);

    private final SlackQueueStore store;
    private final SlackApi slack;
    private final IncidentViews views;
    private final SlackSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;

    SlackDelivery(SlackQueueStore store, SlackApi slack, IncidentViews views, SlackSettings settings, Clock clock,
                  MeterRegistry meters, ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.store = store;
        this.slack = slack;
        this.views = views;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.tracer = tracer;
        this.propagator = propagator;
        for (String kind : java.util.List.of("root", "update", "reply", "message", "page")) {
            for (String outcome : java.util.List.of("sent", "failed")) {
                meters.counter("tocsin.slack.messages", "kind", kind, "outcome", outcome); // at zero, for dashboards
            }
        }
        for (String outcome : java.util.List.of("found", "not_found", "unchecked")) {
            meters.counter("tocsin.slack.in_doubt", "outcome", outcome);
        }
    }

    /**
     * Sends a claimed item and records what happened, both only while this instance holds the item's channel: an
     * instance that lost it (stalled past its lease) records nothing over the new holder's claim of the same item,
     * which looks for the message in the channel before sending it.
     */
    void deliver(SlackQueueStore.Item item) {
        SlackApi.Outcome outcome = traced(item, () -> send(item));
        if (outcome != null) {
            store.inTransaction(() -> {
                if (store.holdsLease(item.channel())) { // row-locks the channel until the outcome is committed
                    record(item, outcome);
                } else {
                    log.warn("slack.lease_lost channel={} kind={} incident={} item={} outcome={} reason=\"another "
                            + "instance took the channel during the send; it records the item\"", item.channel(),
                            item.kind(), item.incidentId(), item.id(), outcome.getClass().getSimpleName());
                    meters.counter("tocsin.slack.lease_lost").increment();
                }
            });
        }
    }

    /**
     * Runs the Slack call as span {@code slack <kind>} (client) in the trace of the event that queued it, from the
     * stored W3C {@code traceparent}: the Alertmanager webhook's trace ends in the Slack post. Without a stored
     * context or a tracer the call runs untraced.
     */
    private SlackApi.Outcome traced(SlackQueueStore.Item item, Supplier<SlackApi.Outcome> call) {
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

    /** The Slack call for an item; {@code null} when there is nothing to send (the item is finished here). */
    private SlackApi.Outcome send(SlackQueueStore.Item item) {
        String channel = item.channel();
        Optional<IncidentView> incident = item.incidentId() == null ? Optional.empty() : views.find(item.incidentId());
        Optional<SlackQueueStore.SlackThread> thread = item.incidentId() == null ? Optional.empty() : store.thread(item.incidentId());
        Instant now = clock.instant();
        switch (item.kind()) {
            case "root" -> {
                if (incident.isEmpty()) {
                    store.finish(item, "failed", "incident unknown to notifier", now);
                    return null;
                }
                // Rendered before the fence: between the lease's renewal and the post, only the HTTP call.
                String text = SlackMessages.fallbackText(incident.get());
                var blocks = SlackMessages.blocks(incident.get(), views.changesOf(item.incidentId()), views.rolesOf(item.incidentId()));
                return postOnce(item, store.channelId(channel), null,
                        () -> slack.postMessage(channel, text, blocks, null, item.messageKey()));
            }
            case "update" -> {
                if (thread.isEmpty() || incident.isEmpty()) {
                    store.finish(item, "superseded", "no root message to update", now);
                    return null;
                }
                return slack.update(thread.get().channel(), thread.get().ts(), SlackMessages.fallbackText(incident.get()),
                        SlackMessages.blocks(incident.get(), views.changesOf(item.incidentId()), views.rolesOf(item.incidentId())));
            }
            case "reply" -> {
                if (thread.isEmpty()) {
                    store.finish(item, "failed", "no root message to reply to", now);
                    return null;
                }
                var blocks = item.approvalExecution() == null ? null
                        : SlackMessages.approvalRequest(item.text(), item.incidentId(), item.approvalExecution());
                return postOnce(item, Optional.of(thread.get().channel()), thread.get().ts(), () -> slack.postMessage(
                        thread.get().channel(), item.text(), blocks, thread.get().ts(), item.messageKey()));
            }
            case "page" -> {
                if (incident.isPresent() && !"TRIGGERED".equals(incident.get().status())) {
                    store.finish(item, "superseded", "acknowledged or resolved before the page went out", now);
                    return null;
                }
                // The incident's thread, once its root message is posted (chat.getPermalink; omitted when Slack fails).
                String threadUrl = thread.flatMap(t -> slack.permalink(t.channel(), t.ts())).orElse(null);
                var blocks = SlackMessages.page(item.text(), item.incidentId(), incident.orElse(null), threadUrl);
                return postOnce(item, store.channelId(channel), null,
                        () -> slack.postMessage(channel, item.text(), blocks, null, item.messageKey()));
            }
            default -> {
                return postOnce(item, store.channelId(channel), null,
                        () -> slack.postMessage(channel, item.text(), null, null, item.messageKey()));
            }
        }
    }

    /**
     * Posts, unless an interrupted earlier send of the item already reached Slack: then its message counts as sent.
     * When Slack cannot say now, the item waits (in doubt still) and is retried; when it never can (no channel id
     * known yet, a token without {@code channels:history}) the item is posted, at worst twice, and that is logged.
     */
    private SlackApi.Outcome postOnce(SlackQueueStore.Item item, Optional<String> channelId, String threadTs,
                                      Supplier<SlackApi.Outcome> unfenced) {
        Supplier<SlackApi.Outcome> post = () -> fenced(item, unfenced);
        if (item.inDoubtSince() == null) {
            return post.get();
        }
        if (channelId.isEmpty()) {
            log.warn("slack.in_doubt_unchecked channel={} kind={} incident={} reason=\"no channel id known\"", item.channel(),
                    item.kind(), item.incidentId());
            return post.get();
        }
        // The earlier claim began at inDoubtSince; Slack's clock and ours may differ by a little.
        SlackApi.Lookup lookup = slack.findPosted(channelId.get(), threadTs, item.messageKey(),
                item.inDoubtSince().minus(Duration.ofMinutes(1)));
        return switch (lookup) {
            case SlackApi.Lookup.Found found -> {
                log.info("slack.in_doubt_found channel={} kind={} incident={} ts={}", item.channel(), item.kind(),
                        item.incidentId(), found.ts());
                meters.counter("tocsin.slack.in_doubt", "outcome", "found").increment();
                yield new SlackApi.Outcome.Sent(found.channel(), found.ts());
            }
            case SlackApi.Lookup.NotFound notFound -> {
                log.info("slack.in_doubt_not_found channel={} kind={} incident={}", item.channel(), item.kind(), item.incidentId());
                meters.counter("tocsin.slack.in_doubt", "outcome", "not_found").increment();
                yield post.get();
            }
            case SlackApi.Lookup.Unknown unknown when !unknown.permanent() -> {
                log.info("slack.in_doubt_unknown channel={} kind={} incident={} reason=\"{}\"", item.channel(), item.kind(),
                        item.incidentId(), unknown.reason());
                yield new SlackApi.Outcome.Retry("cannot tell whether an interrupted send reached Slack: " + unknown.reason());
            }
            case SlackApi.Lookup.Unknown unknown -> {
                log.warn("slack.in_doubt_unchecked channel={} kind={} incident={} reason=\"{}\"", item.channel(),
                        item.kind(), item.incidentId(), unknown.reason());
                meters.counter("tocsin.slack.in_doubt", "outcome", "unchecked").increment();
                yield post.get();
            }
        };
    }

    /**
     * Posts only while this instance still holds the item's channel ({@link SlackQueueStore#holdsLease}): an instance
     * that stalled between its claim and the post past the lease has lost the channel to another, which claimed the
     * same item again; it then posts nothing and records nothing ({@code null}), the item being the new owner's.
     */
    private SlackApi.Outcome fenced(SlackQueueStore.Item item, Supplier<SlackApi.Outcome> post) {
        if (store.holdsLease(item.channel())) {
            return post.get();
        }
        log.warn("slack.lease_lost channel={} kind={} incident={} item={} reason=\"another instance took the channel "
                + "while this one was about to post; it sends the item\"", item.channel(), item.kind(), item.incidentId(), item.id());
        meters.counter("tocsin.slack.lease_lost").increment();
        return null;
    }

    private void record(SlackQueueStore.Item item, SlackApi.Outcome outcome) {
        Instant now = clock.instant();
        String channel = item.channel();
        switch (outcome) {
            case SlackApi.Outcome.Sent sent -> {
                if (!"reply".equals(item.kind())) {
                    store.channelIdSeen(channel, sent.channel());
                }
                if ("root".equals(item.kind())) {
                    // chat.update and thread replies need the channel ID Slack answers with, not the #name we used.
                    store.rootPosted(item.incidentId(), sent.channel() == null || sent.channel().isBlank() ? channel
                            : sent.channel(), sent.ts(), now);
                }
                store.finish(item, "sent", null, now);
                store.pace(channel, now.plus(settings.channelInterval()));
                meters.counter("tocsin.slack.messages", "kind", item.kind(), "outcome", "sent").increment();
            }
            case SlackApi.Outcome.RateLimited limited -> {
                store.requeue(item, item.attempts(), now, null, false);
                store.pace(channel, now.plus(limited.retryAfter()));
                log.info("slack.rate_limited channel={} retryAfterSeconds={}", channel, limited.retryAfter().toSeconds());
            }
            case SlackApi.Outcome.Retry retry -> {
                int attempts = item.attempts() + 1;
                if (attempts >= settings.maxAttempts()) {
                    store.finish(item, "failed", "gave up after " + attempts + " attempts: " + retry.reason(), now);
                    meters.counter("tocsin.slack.messages", "kind", item.kind(), "outcome", "failed").increment();
                    log.warn("slack.gave_up channel={} kind={} incident={} attempts={} reason=\"{}\"", channel,
                            item.kind(), item.incidentId(), attempts, retry.reason());
                } else {
                    // A post Slack may have made before failing is looked for before it is sent again, and not
                    // before Slack is done with it (a request it received may still land after the client gave up); an
                    // update is idempotent (chat.update of the same message).
                    boolean inDoubt = retry.maybeDelivered() && !"update".equals(item.kind());
                    Duration backoff = BACKOFF.after(attempts, null);
                    if (inDoubt && backoff.compareTo(settings.inDoubtWait()) < 0) {
                        backoff = settings.inDoubtWait();
                    }
                    store.requeue(item, attempts, now.plus(backoff), retry.reason(), inDoubt);
                    log.info("slack.retry channel={} kind={} incident={} item={} attempt={} inSeconds={} inDoubt={} "
                            + "reason=\"{}\"", channel, item.kind(), item.incidentId(), item.id(), attempts, backoff.toSeconds(),
                            inDoubt, retry.reason());
                }
            }
            case SlackApi.Outcome.Failed failed -> {
                store.finish(item, "failed", failed.error(), now);
                meters.counter("tocsin.slack.messages", "kind", item.kind(), "outcome", "failed").increment();
                log.warn("slack.failed channel={} kind={} incident={} error={}", channel, item.kind(), item.incidentId(),
                        failed.error());
            }
        }
    }
}

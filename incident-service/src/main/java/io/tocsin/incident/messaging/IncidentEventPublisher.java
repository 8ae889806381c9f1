package io.tocsin.incident.messaging;

import io.tocsin.platform.kafka.OutboxSender;
import io.tocsin.contracts.messages.IncidentEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.tocsin.platform.kafka.OutboxOwnership;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The outbox's sending side: every {@link IncidentEvent} recorded in a committed transaction (Spring
 * Modulith's JDBC event publication registry) is sent to {@code incidents.events.v1} by the {@link OutboxSender} of
 * {@link OutboxProducerConfiguration}. The listeners return the broker's acknowledgement as a future: Spring Modulith
 * marks the publication complete when it succeeds, and leaves it incomplete when it fails (broker gone, delivery
 * timeout {@code tocsin.incident.outbox-send-timeout}), to be resubmitted, with the same {@code eventId}, until the
 * broker takes it: by this instance once its sender no longer holds it, or, when this instance died, by one instance
 * that adopts it ({@link OutboxOwnership}).
 *
 * <p><b>Order.</b> The listeners run synchronously after commit, in the committing thread and in the order the
 * transaction recorded its events, and only queue the event for the sender's one sending thread, which hands it to the
 * idempotent producer. So the events of one incident reach the topic in the order they were recorded: {@code
 * IncidentOpened} before the {@code AlertsAttached} of the same transaction, and one triage transaction's events before
 * the next one's ({@code @Async} listeners on a pool would reorder them; {@code OutboxAndDeadLetterIT} checks the
 * order). Only a resubmitted publication can still arrive after later events (ADR 0001).
 *
 * <p>Nothing here holds a database connection while the broker answers: marking a publication complete is an update of
 * its own, once the acknowledgement came.
 */
@Component
class IncidentEventPublisher {

    private static final Logger log = LoggerFactory.getLogger(IncidentEventPublisher.class);

    /** How long this instance counts as alive for the outbox after its last heartbeat (every 10 s). */
    static final Duration OUTBOX_LEASE = Duration.ofSeconds(30);

    private final OutboxSender outbox;
    private final IncompleteEventPublications incomplete;
    private final Duration retryAfter;
    private final OutboxOwnership ownership;

    IncidentEventPublisher(@org.springframework.beans.factory.annotation.Qualifier("incidentEventSender") OutboxSender incidentEventSender,
                           IncompleteEventPublications incomplete,
                           OutboxSettings settings, JdbcClient jdbc) {
        this.outbox = incidentEventSender;
        this.incomplete = incomplete;
        this.retryAfter = settings.outboxRetryInterval();
        this.ownership = new OutboxOwnership(jdbc, OUTBOX_LEASE);
        ownership.heartbeat();
    }

    /**
     * Sends an event in a span {@code outbox <type>} that continues the trace of the span that recorded it, so that
     * the producer's send and the notifier's work join the alert's trace.
     *
     * @return completes when the broker acknowledged the record; fails with an {@link IllegalStateException} naming
     *         the event when it did not ({@link OutboxSender#send(io.tocsin.contracts.messages.TocsinMessage, String)})
     */
    @TransactionalEventListener
    CompletableFuture<Void> publish(TracedIncidentEvents batch) {
        return CompletableFuture.allOf(batch.events().stream().map(this::publish).toArray(CompletableFuture[]::new));
    }

    /** A publication of one event, as recorded before {@link TracedIncidentEvents}; resubmitted ones still come here. */
    @TransactionalEventListener
    CompletableFuture<Void> publish(TracedIncidentEvent traced) {
        return sent(traced.event(), outbox.send(traced.event(), traced.traceparent()));
    }

    private static CompletableFuture<Void> sent(IncidentEvent event, CompletableFuture<Void> ack) {
        return ack.thenRun(() -> log.debug("outbox.sent type={} eventId={} incident={}",
                event.getClass().getSimpleName(), event.eventId(), event.incident().key()));
    }

    /**
     * Resubmits this instance's publications that failed (broker down) and have waited at least one retry interval,
     * and those of instances that died.
     */
    @Scheduled(initialDelayString = "${tocsin.incident.outbox-retry-interval:30s}",
            fixedDelayString = "${tocsin.incident.outbox-retry-interval:30s}")
    void resubmitIncomplete() {
        try {
            ownership.resubmit(incomplete, this::queuedHere, retryAfter);
        } catch (RuntimeException e) {
            log.warn("outbox.resubmit_failed reason=\"{}\"", e.getMessage());
        }
    }

    /** Whether any event of a publication is still queued in, or being sent by, this instance's sender. */
    private boolean queuedHere(Object publication) {
        return switch (publication) {
            case TracedIncidentEvents batch -> batch.events().stream().anyMatch(e -> outbox.inFlight(e.event().eventId()));
            case TracedIncidentEvent single -> outbox.inFlight(single.event().eventId());
            default -> false;
        };
    }

    /** Keeps this instance's outbox lease ({@link #OUTBOX_LEASE}) alive. */
    @Scheduled(fixedDelay = 10_000)
    void heartbeat() {
        try {
            ownership.heartbeat();
        } catch (RuntimeException e) {
            log.warn("outbox.heartbeat_failed reason=\"{}\"", e.getMessage());
        }
    }
}

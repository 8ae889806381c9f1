package io.tocsin.incident.messaging;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tocsin.common.json.MessageCodec;
import io.tocsin.common.kafka.CloudEventHeaders;
import io.tocsin.common.messages.IncidentEvent;
import io.tocsin.common.messages.Topics;
import io.tocsin.common.observability.TraceContexts;
import io.tocsin.incident.incidents.TracedIncidentEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The outbox's sending side: every {@link IncidentEvent} recorded in a committed transaction (Spring
 * Modulith's JDBC event publication registry) is sent to {@code incidents.events.v1} with the outbox's
 * {@link KafkaTemplate} ({@link OutboxProducerConfiguration}). The listeners return the broker's acknowledgement as a
 * {@link CompletableFuture}: Spring Modulith marks the publication complete when it succeeds, and leaves it incomplete
 * when it fails (broker gone, delivery timeout {@code tocsin.incident.outbox-send-timeout}), to be resubmitted, with
 * the same {@code eventId}, until the broker takes it.
 *
 * <p><b>Order.</b> The listeners run synchronously after commit, in the committing thread and in the order the
 * transaction recorded its events, and only hand the record to the idempotent producer, which keeps a partition's
 * order. So the events of one incident reach the topic in the order they were recorded: {@code IncidentOpened} before
 * the {@code AlertsAttached} of the same transaction, and one triage transaction's events before the next one's. They
 * used to be sent from {@code @Async} listeners on a pool of eight threads, which reordered them (seen in
 * {@code OutboxAndDeadLetterIT}). Only a resubmitted publication can still arrive after later events (ADR 0001).
 *
 * <p>Nothing here holds a database connection while it waits for the broker: marking a publication complete is an
 * update of its own, run on {@code applicationTaskExecutor} once the acknowledgement came, never on the producer's
 * network thread.
 */
@Component
class IncidentEventPublisher {

    private static final Logger log = LoggerFactory.getLogger(IncidentEventPublisher.class);
    private static final String SOURCE = "/tocsin/incident-service";

    private final MessageCodec codec = new MessageCodec();
    private final KafkaTemplate<String, byte[]> kafka;
    private final IncompleteEventPublications incomplete;
    private final Executor completions;

    private final Duration retryAfter;
    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;

    IncidentEventPublisher(KafkaTemplate<String, byte[]> outboxKafkaTemplate, IncompleteEventPublications incomplete,
                           @Qualifier("applicationTaskExecutor") Executor completions,
                           ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator,
                           @Value("${tocsin.incident.outbox-retry-interval:30s}")
                           Duration retryAfter) {
        this.kafka = outboxKafkaTemplate;
        this.incomplete = incomplete;
        this.completions = completions;
        this.retryAfter = retryAfter;
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /**
     * Sends an event inside a span that continues the trace of the span that recorded it ({@code outbox <type>}), so
     * that the producer's send and the notifier's work join the alert's trace.
     *
     * @return completes, on {@code applicationTaskExecutor}, when the broker acknowledged the record; fails with an
     *         {@link IllegalStateException} naming the event when it did not
     */
    @TransactionalEventListener
    CompletableFuture<Void> publish(TracedIncidentEvent traced) {
        return TraceContexts.inSpan(tracer.getIfAvailable(), propagator.getIfAvailable(), traced.traceparent(),
                "outbox " + traced.event().getClass().getSimpleName(), Span.Kind.PRODUCER, () -> send(traced.event()));
    }

    /**
     * Sends an event recorded without its trace context: publications written before {@link TracedIncidentEvent}
     * existed, resubmitted after an upgrade.
     *
     * @return as {@link #publish(TracedIncidentEvent)}
     */
    @TransactionalEventListener
    CompletableFuture<Void> publish(IncidentEvent event) {
        return send(event);
    }

    private CompletableFuture<Void> send(IncidentEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.INCIDENT_EVENTS, event.partitionKey(),
                codec.write(event));
        CloudEventHeaders.addTo(record.headers(), event, SOURCE);
        CompletableFuture<?> ack;
        try {
            ack = kafka.send(record);
        } catch (RuntimeException e) {
            // The producer refused at once: buffer full for max.block.ms, or no metadata for the topic.
            return CompletableFuture.failedFuture(failed(event, e));
        }
        return ack.handleAsync((result, error) -> {
            if (error != null) {
                throw failed(event, error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error);
            }
            log.debug("outbox.sent type={} eventId={} incident={}", event.getClass().getSimpleName(), event.eventId(),
                    event.incident().key());
            return null;
        }, completions);
    }

    private static IllegalStateException failed(IncidentEvent event, Throwable cause) {
        return new IllegalStateException("broker did not take " + event.getClass().getSimpleName() + " "
                + event.eventId() + ": " + cause.getMessage(), cause);
    }

    /** Resubmits publications that failed (broker down) and have waited at least one retry interval. */
    @Scheduled(initialDelayString = "${tocsin.incident.outbox-retry-interval:30s}",
            fixedDelayString = "${tocsin.incident.outbox-retry-interval:30s}")
    void resubmitIncomplete() {
        try {
            incomplete.resubmitIncompletePublicationsOlderThan(retryAfter);
        } catch (RuntimeException e) {
            log.warn("outbox.resubmit_failed reason=\"{}\"", e.getMessage());
        }
    }
}

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The outbox's sending side: every {@link IncidentEvent} recorded in a committed transaction (Spring
 * Modulith's JDBC event publication registry) is sent to {@code incidents.events.v1} with the outbox's
 * {@link KafkaTemplate} ({@link OutboxProducerConfiguration}), waiting for the acknowledgement. A failed send
 * throws, so the publication stays incomplete and is resubmitted, with the same {@code eventId}, until the broker
 * takes it.
 *
 * <p>The listeners are {@code @Async @TransactionalEventListener}, not {@code @ApplicationModuleListener}: the latter
 * opens a new transaction, and so holds a database connection, while it waits for the broker's acknowledgement. A
 * batch of triaged alerts commits hundreds of publications at once, and their sends then held the whole connection
 * pool while the next batch waited for a connection (seen in thread dumps during the triage benchmark). Spring
 * Modulith still marks each publication complete after its listener returns.
 */
@Component
class IncidentEventPublisher {

    private static final Logger log = LoggerFactory.getLogger(IncidentEventPublisher.class);
    private static final String SOURCE = "/tocsin/incident-service";

    private final MessageCodec codec = new MessageCodec();
    private final KafkaTemplate<String, byte[]> kafka;
    private final IncompleteEventPublications incomplete;

    private final Duration retryAfter;
    /** How long a send waits for the broker's acknowledgement before its publication is left for resubmission. */
    private final Duration sendTimeout;
    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;

    IncidentEventPublisher(KafkaTemplate<String, byte[]> outboxKafkaTemplate, IncompleteEventPublications incomplete,
                           ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator,
                           @Value("${tocsin.incident.outbox-retry-interval:30s}")
                           Duration retryAfter,
                           @Value("${tocsin.incident.outbox-send-timeout:15s}")
                           Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
        this.kafka = outboxKafkaTemplate;
        this.incomplete = incomplete;
        this.retryAfter = retryAfter;
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /**
     * Sends an event inside a span that continues the trace of the span that recorded it ({@code outbox <type>}), so
     * that the producer's send and the notifier's work join the alert's trace.
     */
    @Async
    @TransactionalEventListener
    void publish(TracedIncidentEvent traced) {
        TraceContexts.inSpan(tracer.getIfAvailable(), propagator.getIfAvailable(), traced.traceparent(),
                "outbox " + traced.event().getClass().getSimpleName(), Span.Kind.PRODUCER, () -> {
                    publish(traced.event());
                    return traced;
                });
    }

    /**
     * Sends an event recorded without its trace context: publications written before {@link TracedIncidentEvent}
     * existed, resubmitted after an upgrade.
     */
    @Async
    @TransactionalEventListener
    void publish(IncidentEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.INCIDENT_EVENTS, event.partitionKey(),
                codec.write(event));
        CloudEventHeaders.addTo(record.headers(), event, SOURCE);
        try {
            kafka.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + describe(event), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("broker did not take " + describe(event) + ": " + e.getMessage(), e);
        }
        log.debug("outbox.sent type={} eventId={} incident={}", event.getClass().getSimpleName(), event.eventId(),
                event.incident().key());
    }

    private static String describe(IncidentEvent event) {
        return event.getClass().getSimpleName() + " " + event.eventId();
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

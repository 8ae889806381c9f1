package io.tocsin.incident.messaging;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tocsin.common.kafka.KafkaMessages;
import io.tocsin.common.messages.IncidentEvent;
import io.tocsin.incident.incidents.TracedIncidentEvent;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The outbox's sending side: every {@link IncidentEvent} recorded in a committed transaction (Spring
 * Modulith's JDBC event publication registry) is sent to {@code incidents.events.v1} through
 * {@link StreamBridge} with a synchronous producer. A failed send throws, so the publication stays
 * incomplete and is resubmitted, with the same {@code eventId}, until the broker takes it.
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
    static final String BINDING = "incidentEvents-out-0";
    private static final String SOURCE = "/tocsin/incident-service";

    private final StreamBridge bridge;
    private final IncompleteEventPublications incomplete;

    private final Duration retryAfter;
    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;

    IncidentEventPublisher(StreamBridge bridge, IncompleteEventPublications incomplete, ObjectProvider<Tracer> tracer,
                           ObjectProvider<Propagator> propagator,
                           @org.springframework.beans.factory.annotation.Value("${tocsin.incident.outbox-retry-interval:30s}")
                           Duration retryAfter) {
        this.bridge = bridge;
        this.incomplete = incomplete;
        this.retryAfter = retryAfter;
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /**
     * Sends an event inside a span that continues the trace of the span that recorded it ({@code outbox <type>}), so
     * that the binder's send and the notifier's work join the alert's trace.
     */
    @Async
    @TransactionalEventListener
    void publish(TracedIncidentEvent traced) {
        Tracer t = tracer.getIfAvailable();
        Propagator p = propagator.getIfAvailable();
        if (t == null || p == null || traced.traceparent() == null) {
            publish(traced.event());
            return;
        }
        Span span = p.extract(Map.of("traceparent", traced.traceparent()), Map::get)
                .name("outbox " + traced.event().getClass().getSimpleName()).kind(Span.Kind.PRODUCER).start();
        try (Tracer.SpanInScope scope = t.withSpan(span)) {
            publish(traced.event());
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * Sends an event recorded without its trace context: publications written before {@link TracedIncidentEvent}
     * existed, resubmitted after an upgrade.
     */
    @Async
    @TransactionalEventListener
    void publish(IncidentEvent event) {
        if (!bridge.send(BINDING, KafkaMessages.of(event, SOURCE))) {
            throw new IllegalStateException("broker did not take " + event.getClass().getSimpleName() + " " + event.eventId());
        }
        log.debug("outbox.sent type={} eventId={} incident={}", event.getClass().getSimpleName(), event.eventId(),
                event.incident().key());
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

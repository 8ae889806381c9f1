package io.tocsin.ingest.publish;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tocsin.platform.observability.TraceContexts;
import io.tocsin.contracts.alerts.GroupingKeys;
import io.tocsin.contracts.json.MessageCodec;
import io.tocsin.platform.kafka.CloudEventHeaders;
import io.tocsin.contracts.messages.AlertMessage;
import io.tocsin.contracts.messages.ChangeReceived;
import io.tocsin.contracts.messages.TocsinMessage;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.ingest.IngestSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.tocsin.ingest.web.PayloadTooLargeException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes alerts to {@code alerts.v1}, keyed by their grouping key ({@link GroupingKeys}: Alertmanager's
 * {@code groupKey}, or the {@code TOCSIN_INCIDENT_GROUP_BY} labels' values) so that one incident's alerts reach one
 * partition and one incident-service consumer, with CloudEvents headers, and returns
 * only once the broker acknowledged every record ({@code acks=all}, idempotent producer).
 *
 * <p>When the broker does not acknowledge within {@code tocsin.ingest.publish-timeout} it throws
 * {@link BrokerUnavailableException}, which the web layer answers with 503 so that Alertmanager
 * retries the whole notification; records that did reach the broker are deduplicated by
 * incident-service (alert identity {@code fingerprint + startsAt}).
 */
@Component
public class AlertPublisher {

    private static final String TRACEPARENT = "traceparent";

    private final KafkaTemplate<String, byte[]> kafka;
    private final MessageCodec codec = new MessageCodec();
    private final IngestSettings settings;
    private final GroupingKeys groupingKeys;
    private final Timer publishLatency;
    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;

    AlertPublisher(KafkaTemplate<String, byte[]> kafka, IngestSettings settings, MeterRegistry meters,
                   ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.kafka = kafka;
        this.settings = settings;
        this.groupingKeys = new GroupingKeys(settings.groupBy());
        this.tracer = tracer;
        this.propagator = propagator;
        this.publishLatency = Timer.builder("tocsin.ingest.publish.duration")
                .description("Time from the first send of a request's records to the broker's last acknowledgement")
                .publishPercentileHistogram()
                .register(meters);
    }

    /**
     * Sends every alert and waits for all acknowledgements, in one span {@code alerts.v1 send} (kind PRODUCER) of the
     * webhook's trace, whose W3C {@code traceparent} every record carries. One span per request, not one per record:
     * a per-record observation took half of the send path's time at a webhook of 50 alerts.
     *
     * @throws BrokerUnavailableException when any record is not acknowledged within the publish timeout
     */
    public void publishAll(List<? extends AlertMessage> alerts) {
        if (alerts.isEmpty()) {
            return;
        }
        Tracer t = tracer.getIfAvailable();
        Propagator p = propagator.getIfAvailable();
        TraceContexts.inSpan(t, p, TraceContexts.current(t, p), Topics.ALERTS + " send", Span.Kind.PRODUCER, () -> {
            send(Topics.ALERTS, alerts.stream().map(a -> record(Topics.ALERTS, key(a), a)).toList(), TraceContexts.current(t, p));
            return alerts;
        });
    }

    /**
     * Sends a change to {@code changes.v1}, keyed by its service, and waits for the acknowledgement, as
     * {@link #publishAll}.
     *
     * @throws BrokerUnavailableException when it is not acknowledged within the publish timeout
     */
    public void publishChange(ChangeReceived change) {
        Tracer t = tracer.getIfAvailable();
        Propagator p = propagator.getIfAvailable();
        TraceContexts.inSpan(t, p, TraceContexts.current(t, p), Topics.CHANGES + " send", Span.Kind.PRODUCER, () -> {
            send(Topics.CHANGES, List.of(record(Topics.CHANGES, change.partitionKey(), change)), TraceContexts.current(t, p));
            return change;
        });
    }

    /**
     * The record key: the alert's grouping key; for PagerDuty's its group key {@code pagerduty:<service>:<dedup_key>}
     * whatever {@code TOCSIN_INCIDENT_GROUP_BY} says, because its acknowledge and resolve carry no labels to compute the
     * trigger's grouping key from, and must follow the trigger on one partition.
     */
    private String key(AlertMessage a) {
        return "pagerduty".equals(a.source()) ? a.groupKey() : groupingKeys.of(a.groupKey(), a.labels());
    }

    private ProducerRecord<String, byte[]> record(String topic, String key, TocsinMessage message) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, codec.write(message));
        CloudEventHeaders.addTo(record.headers(), message, settings.source());
        return record;
    }

    private void send(String topic, List<ProducerRecord<String, byte[]>> records, String traceparent) {
        long started = System.nanoTime();
        long deadline = started + settings.publishTimeout().toNanos();
        List<CompletableFuture<?>> acks = new ArrayList<>(records.size());
        for (ProducerRecord<String, byte[]> record : records) {
            if (traceparent != null) {
                record.headers().add(TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
            }
            CompletableFuture<?> ack;
            try {
                ack = kafka.send(record);
            } catch (RuntimeException e) {
                // spring-kafka rethrows what producer.send throws synchronously (e.g. metadata timeout).
                ack = CompletableFuture.failedFuture(e);
            }
            if (ack.isCompletedExceptionally() || System.nanoTime() > deadline) {
                // Metadata could not be fetched in time: the broker is gone; do not wait again per record.
                acks.add(ack);
                break;
            }
            acks.add(ack);
        }
        try {
            long remaining = Math.max(0, deadline - System.nanoTime());
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new BrokerUnavailableException("Kafka did not acknowledge " + records.size() + " record(s) on " + topic + " within "
                    + settings.publishTimeout().toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw classify(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while waiting for Kafka", e);
        }
        if (acks.size() < records.size()) {
            throw new BrokerUnavailableException("Kafka is unreachable; sent " + acks.size() + " of " + records.size()
                    + " record(s) before giving up", null);
        }
        publishLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /**
     * The one place that decides whether a failed send is worth Alertmanager's retry: a record larger than
     * the broker accepts never will be (413, permanent); anything else — timeouts, disconnects, leader
     * elections, a broker that is gone — is retryable (503).
     */
    private RuntimeException classify(Throwable failure) {
        Throwable cause = failure;
        while (cause != null) {
            if (cause instanceof RecordTooLargeException) {
                return new PayloadTooLargeException(settings.maxBodySize().toBytes(),
                        "an alert is larger than Kafka accepts for one record (max.request.size / message.max.bytes)");
            }
            cause = cause.getCause();
        }
        return new BrokerUnavailableException("Kafka did not take the records: " + failure.getClass().getSimpleName()
                + ": " + failure.getMessage(), failure);
    }

    /** Kafka is unreachable or too slow; retryable, answered with 503 and {@code Retry-After}. */
    public static class BrokerUnavailableException extends RuntimeException {

        /** @param message what failed, without record contents */
        public BrokerUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

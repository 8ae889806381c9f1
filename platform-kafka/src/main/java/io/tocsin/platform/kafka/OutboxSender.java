package io.tocsin.platform.kafka;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tocsin.contracts.json.MessageCodec;
import io.tocsin.contracts.messages.TocsinMessage;
import io.tocsin.platform.observability.TraceContexts;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;

/**
 * The sending side of a transactional outbox (Spring Modulith's JDBC event publication registry): one message per
 * publication, sent to one topic under the message's {@link TocsinMessage#partitionKey() partition key}, with
 * CloudEvents binary-mode headers.
 *
 * <p>It is meant to be called from a synchronous {@code @TransactionalEventListener} (phase {@code AFTER_COMMIT}) that
 * returns {@link #send}'s future. Such listeners run in the committing thread, in the order the transaction recorded
 * its events; {@link #send} queues the message for this sender's one sending thread, which serialises it and hands it
 * to an idempotent producer, which keeps a partition's order. So the messages of one key reach the topic in the order
 * they were recorded, and the committing thread (a consumer, a web request) pays only for the queueing. Spring
 * Modulith marks the publication complete when the future succeeds and leaves it incomplete, to be resubmitted with
 * the same {@code eventId}, when it fails. An {@code @Async} listener (as {@code @ApplicationModuleListener} is) sends
 * from a pool, and reorders.
 *
 * <p>The future completes on {@code completions}, never on the producer's network thread: marking a publication
 * complete is a database update. {@link #close()} stops the sending thread; what it had not sent stays incomplete
 * and is resubmitted after the next start.
 */
public final class OutboxSender implements AutoCloseable {

    private final MessageCodec codec = new MessageCodec();
    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final String source;
    private final Executor completions;
    private final ExecutorService sending;
    private final Tracer tracer;
    private final Propagator propagator;
    /** The {@code eventId}s queued or being sent here: a resubmission must not send them a second time. */
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * @param kafka       a template from {@link #template}
     * @param topic       where every message goes, e.g. {@code incidents.events.v1}
     * @param source      the producing service for {@code ce_source}, e.g. {@code /tocsin/incident-service}
     * @param completions where the returned futures complete (Spring Boot's {@code applicationTaskExecutor})
     * @param tracer      for {@link #send(TocsinMessage, String)}'s span; {@code null} without tracing
     * @param propagator  likewise
     */
    public OutboxSender(KafkaTemplate<String, byte[]> kafka, String topic, String source, Executor completions,
                        Tracer tracer, Propagator propagator) {
        this.kafka = kafka;
        this.topic = topic;
        this.source = source;
        this.completions = completions;
        this.tracer = tracer;
        this.propagator = propagator;
        this.sending = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("outbox-" + topic).daemon().factory());
    }

    /**
     * An outbox's producer: idempotent, {@code acks=all}, its delivery bounded by {@code sendTimeout} (at least
     * 1.5 s; metadata and request waits by two thirds of it), so that a send to a broker that is gone fails and its
     * publication is resubmitted later. Each send is a span of the current trace and carries its W3C
     * {@code traceparent} header. The template logs nothing on failure (the default listener would log the record,
     * labels and all); the caller's future reports it.
     *
     * @param producerProperties the service's Kafka producer properties (bootstrap servers, security)
     * @param clientId           the producer's {@code client.id}, e.g. {@code incident-service-outbox}
     */
    public static KafkaTemplate<String, byte[]> template(Map<String, Object> producerProperties, String clientId,
                                                         Duration sendTimeout) {
        int deliveryMs = (int) Math.max(1500, sendTimeout.toMillis());
        Map<String, Object> config = new HashMap<>(producerProperties);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryMs * 2 / 3);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, deliveryMs * 2 / 3);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryMs);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
        template.setProducerListener(new ProducerListener<>() {
        });
        template.setObservationEnabled(true);
        return template;
    }

    /** {@link #send(TocsinMessage, String)} in no trace of its own but the producer's. */
    public CompletableFuture<Void> send(TocsinMessage message) {
        return send(message, null);
    }

    /**
     * Queues {@code message} for the sending thread and returns at once. The send runs in a span
     * {@code outbox <type>} (kind PRODUCER) continuing {@code traceparent} when one is given, so that the producer's
     * span and the consumers' work join the trace that recorded the message.
     *
     * @param traceparent W3C trace context of the span that recorded the message, or {@code null}
     * @return completes, on the completions executor, once the broker acknowledged the record; fails with an
     *         {@link IllegalStateException} naming the message's type and {@code eventId} when the producer refused it
     *         (buffer full, no metadata), the broker did not acknowledge it within the delivery timeout, or this
     *         sender was already closed. A message still queued when the sender closes never completes: its
     *         publication stays incomplete and is resubmitted after the next start.
     */
    public CompletableFuture<Void> send(TocsinMessage message, String traceparent) {
        if (!inFlight.add(message.eventId())) {
            return CompletableFuture.failedFuture(new IllegalStateException(message.getClass().getSimpleName() + " "
                    + message.eventId() + " is already being sent by this instance"));
        }
        CompletableFuture<Void> sent = sendOnce(message, traceparent);
        sent.whenComplete((ok, error) -> inFlight.remove(message.eventId()));
        return sent;
    }

    /** Whether a message with this {@code eventId} is queued or being sent by this sender. */
    public boolean inFlight(UUID eventId) {
        return inFlight.contains(eventId);
    }

    private CompletableFuture<Void> sendOnce(TocsinMessage message, String traceparent) {
        CompletableFuture<CompletableFuture<?>> handedOver;
        try {
            handedOver = CompletableFuture.supplyAsync(() -> TraceContexts.inSpan(tracer, propagator, traceparent,
                    "outbox " + message.getClass().getSimpleName(), Span.Kind.PRODUCER, () -> kafka.send(record(message))),
                    sending);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(notTaken(message, e));
        }
        return handedOver.thenCompose(ack -> ack).handleAsync((result, error) -> {
            if (error != null) {
                throw notTaken(message, error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error);
            }
            return null;
        }, completions);
    }

    /** Stops the sending thread; messages not yet handed to the producer are left to the outbox's resubmission. */
    @Override
    public void close() {
        sending.shutdownNow();
    }

    private ProducerRecord<String, byte[]> record(TocsinMessage message) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, message.partitionKey(), codec.write(message));
        CloudEventHeaders.addTo(record.headers(), message, source);
        return record;
    }

    private static IllegalStateException notTaken(TocsinMessage message, Throwable cause) {
        return new IllegalStateException("broker did not take " + message.getClass().getSimpleName() + " "
                + message.eventId() + ": " + cause.getMessage(), cause);
    }
}

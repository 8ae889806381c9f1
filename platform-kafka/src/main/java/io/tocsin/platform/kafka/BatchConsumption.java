package io.tocsin.platform.kafka;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tocsin.platform.jdbc.ProcessedMessages;
import io.tocsin.contracts.json.MalformedMessageException;
import io.tocsin.contracts.messages.TocsinMessage;
import io.tocsin.platform.observability.TraceContexts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Idempotent consumption of a Kafka batch (a Spring Cloud Stream binding with {@code batch-mode: true}), the batch
 * form of {@link ProcessedMessages#once}:
 * <ul>
 *   <li>the records of one poll are applied in one transaction, with their {@code eventId}s claimed in one statement
 *       ({@link ProcessedMessages#claim}), so a redelivered record changes nothing (or, {@link #withoutClaims()}, for
 *       messages idempotent by their content, only an {@code eventId} repeated within the batch is dropped);</li>
 *   <li>each message is applied in record order inside a span ({@code <consumer>}, kind CONSUMER) that continues its
 *       record's W3C {@code traceparent}, with {@code eventId} and {@code incident} in the log MDC;</li>
 *   <li>a record that does not decode ({@link MalformedMessageException}) is named to the error handler by
 *       {@link BatchListenerFailedException} after the records before it are applied and committed;</li>
 *   <li>when the batch's transaction fails, its messages are applied one per transaction, and the first that fails is
 *       named the same way, so the error handler ({@link BatchDeadLetters}) retries and dead-letters that record alone.
 *   </li>
 * </ul>
 */
public final class BatchConsumption {

    private static final Logger log = LoggerFactory.getLogger(BatchConsumption.class);

    private final ProcessedMessages processed;
    private final TransactionTemplate tx;
    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;
    /** Whether the batch's ids are claimed in {@code processed_message}; see {@link #withoutClaims()}. */
    private final boolean claims;

    /**
     * @param jdbc a client on the service's schema, which has a {@code processed_message(consumer, event_id)} table
     * @param tx   its transaction template
     */
    public BatchConsumption(JdbcClient jdbc, TransactionTemplate tx, ObjectProvider<Tracer> tracer,
                            ObjectProvider<Propagator> propagator) {
        this(new ProcessedMessages(jdbc, tx), tx, tracer, propagator, true);
    }

    private BatchConsumption(ProcessedMessages processed, TransactionTemplate tx, ObjectProvider<Tracer> tracer,
                             ObjectProvider<Propagator> propagator, boolean claims) {
        this.processed = processed;
        this.tx = tx;
        this.tracer = tracer;
        this.propagator = propagator;
        this.claims = claims;
    }

    /**
     * The same consumption without {@code processed_message} claims, for messages whose effect is idempotent by their
     * content: applying one again changes nothing (an {@code alerts.v1} record: its alert's identity, fingerprint and
     * {@code startsAt}, is stored with the effect). A record whose {@code eventId} appears twice in one batch is still
     * applied once; a record read again in a later batch is applied again and changes nothing, and the consumer's own
     * outcome says so (triage: {@code duplicate}). It saves a row and an index entry per record, and the table's growth.
     */
    public BatchConsumption withoutClaims() {
        return new BatchConsumption(processed, tx, tracer, propagator, false);
    }

    /**
     * What a batch does with its new messages: called once per transaction with them (in record order, redeliveries
     * left out), it may read what they need in one go, and returns the effect applied to each in turn.
     */
    @FunctionalInterface
    public interface Preparation<M, R> {
        Function<M, R> prepare(List<M> fresh);
    }

    /**
     * Applies a batch.
     *
     * @param consumer    the consumer's name in {@code processed_message}
     * @param batch       the binding's message: one {@code byte[]} value per record, and per-record headers in
     *                    {@link KafkaHeaders#BATCH_CONVERTED_HEADERS}
     * @param decode      a record's value to its message; {@code null} skips a record not meant for this consumer;
     *                    throws {@link MalformedMessageException} for one that cannot be read
     * @param preparation the effect, see {@link Preparation}
     * @param committed   receives each applied message's result once its transaction has committed
     * @throws BatchListenerFailedException naming the record that failed, after the ones before it committed
     */
    public <M extends TocsinMessage, R> void consume(String consumer, Message<List<byte[]>> batch,
                                                      Function<byte[], M> decode, Preparation<M, R> preparation,
                                                      Consumer<R> committed) {
        consume(consumer, batch, decode, preparation, committed, skipped -> { });
    }

    /**
     * As {@link #consume(String, Message, Function, Preparation, Consumer)}, and also reports, once their
     * transaction has committed, how many records were redeliveries: their {@code eventId} was already in
     * {@code processed_message} (or twice in the batch), so nothing was applied for them.
     *
     * @param redelivered receives the number of redelivered records of each committed transaction (0 included)
     */
    public <M extends TocsinMessage, R> void consume(String consumer, Message<List<byte[]>> batch,
                                                      Function<byte[], M> decode, Preparation<M, R> preparation,
                                                      Consumer<R> committed, IntConsumer redelivered) {
        List<byte[]> records = batch.getPayload();
        List<Map<String, Object>> headers = recordHeaders(batch, records.size());
        List<Delivery<M>> deliveries = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                M message = decode.apply(records.get(i));
                if (message != null) {
                    deliveries.add(new Delivery<>(i, message, traceparent(headers.get(i))));
                }
            } catch (MalformedMessageException e) {
                apply(consumer, deliveries, preparation, committed, redelivered);
                throw new BatchListenerFailedException(consumer + ": " + e.getMessage(), e, i);
            }
        }
        apply(consumer, deliveries, preparation, committed, redelivered);
    }

    /**
     * Applies a batch whose messages have no result to report: {@code effect} runs for each new message in record
     * order. Otherwise as {@link #consume(String, Message, Function, Preparation, Consumer)}.
     */
    public <M extends TocsinMessage> void consume(String consumer, Message<List<byte[]>> batch,
                                                   Function<byte[], M> decode, Consumer<M> effect) {
        consume(consumer, batch, decode, fresh -> message -> {
            effect.accept(message);
            return message;
        }, applied -> { });
    }

    /** A decoded record: its index in the batch, its message and its trace context. */
    private record Delivery<M extends TocsinMessage>(int index, M message, String traceparent) {
    }

    /** What one transaction applied: the results of the new messages, and how many were redeliveries. */
    private record Applied<R>(List<R> results, int redelivered) {
    }

    private <M extends TocsinMessage, R> void apply(String consumer, List<Delivery<M>> deliveries,
                                                     Preparation<M, R> preparation, Consumer<R> committed,
                                                     IntConsumer redelivered) {
        if (deliveries.isEmpty()) {
            return;
        }
        Applied<R> applied;
        try {
            applied = tx.execute(status -> applyInTransaction(consumer, deliveries, preparation));
        } catch (RuntimeException batchFailed) {
            if (deliveries.size() == 1) {
                throw failed(consumer, deliveries.get(0), batchFailed);
            }
            log.warn("batch.failed consumer={} records={} reason=\"{}\"; applying them one by one", consumer,
                    deliveries.size(), batchFailed.getMessage());
            for (Delivery<M> one : deliveries) {
                Applied<R> result;
                try {
                    result = tx.execute(status -> applyInTransaction(consumer, List.of(one), preparation));
                } catch (RuntimeException e) {
                    throw failed(consumer, one, e);
                }
                result.results().forEach(committed);
                redelivered.accept(result.redelivered());
            }
            return;
        }
        applied.results().forEach(committed);
        redelivered.accept(applied.redelivered());
    }

    private static BatchListenerFailedException failed(String consumer, Delivery<?> delivery, RuntimeException e) {
        return new BatchListenerFailedException(consumer + " failed for " + delivery.message().getClass().getSimpleName()
                + " " + delivery.message().eventId(), e, delivery.index());
    }

    private <M extends TocsinMessage, R> Applied<R> applyInTransaction(String consumer, List<Delivery<M>> deliveries,
                                                                       Preparation<M, R> preparation) {
        List<UUID> ids = deliveries.stream().map(d -> d.message().eventId()).toList();
        Set<UUID> fresh = claims ? processed.claim(consumer, ids) : new HashSet<>(ids);
        Set<UUID> taken = new HashSet<>();
        List<Delivery<M>> todo = deliveries.stream()
                .filter(d -> fresh.contains(d.message().eventId()) && taken.add(d.message().eventId())).toList();
        int redelivered = deliveries.size() - todo.size();
        if (todo.isEmpty()) {
            return new Applied<>(List.of(), redelivered);
        }
        Function<M, R> effect = preparation.prepare(todo.stream().map(Delivery::message).toList());
        List<R> results = new ArrayList<>(todo.size());
        for (Delivery<M> d : todo) {
            String incident = ProcessedMessages.incidentOf(d.message());
            try (var eventId = MDC.putCloseable("eventId", String.valueOf(d.message().eventId()));
                 var incidentKey = incident == null ? null : MDC.putCloseable("incident", incident)) {
                results.add(TraceContexts.inSpan(tracer.getIfAvailable(), propagator.getIfAvailable(), d.traceparent(),
                        consumer, Span.Kind.CONSUMER, Map.of("tocsin.message.type", d.message().getClass().getSimpleName()),
                        () -> effect.apply(d.message())));
            }
        }
        return new Applied<>(results, redelivered);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> recordHeaders(Message<?> batch, int size) {
        Object converted = batch.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS);
        if (converted instanceof List<?> list && list.size() == size) {
            return (List<Map<String, Object>>) list;
        }
        return Collections.nCopies(size, Map.of());
    }

    private static String traceparent(Map<String, Object> headers) {
        return switch (headers.get("traceparent")) {
            case String s -> s;
            case byte[] b -> new String(b, StandardCharsets.US_ASCII);
            case null, default -> null;
        };
    }
}

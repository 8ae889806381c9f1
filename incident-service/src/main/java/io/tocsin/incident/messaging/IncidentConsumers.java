package io.tocsin.incident.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.common.json.MalformedMessageException;
import io.tocsin.common.jdbc.ProcessedMessages;
import io.tocsin.common.json.MessageCodec;
import io.tocsin.common.messages.AlertMessage;
import io.tocsin.common.messages.AlertReceived;
import io.tocsin.common.messages.BackupVerificationCompleted;
import io.tocsin.common.messages.BackupVerificationMessage;
import io.tocsin.common.messages.IncidentCommand;
import io.tocsin.common.messages.RemediationResult;
import io.tocsin.incident.incidents.IllegalIncidentTransition;
import io.tocsin.incident.incidents.IncidentNotFound;
import io.tocsin.incident.incidents.Incidents;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Spring Cloud Stream consumers of incident-service (consumer group {@code incident-service},
 * dead-letter topics enabled, see {@code application.yml}):
 * <ul>
 *   <li>{@code triageAlert} ← {@code alerts.v1}, in batches</li>
 *   <li>{@code applyIncidentCommand} ← {@code incidents.commands.v1}</li>
 *   <li>{@code recordRemediation} ← {@code remediation.results.v1} (timeline entries, actor {@code remediation})</li>
 *   <li>{@code recordBackupVerification} ← {@code backups.verifications.v1} (backup incidents opened and resolved)</li>
 * </ul>
 * Each applies a message and records its {@code eventId} in one transaction; a redelivery changes
 * nothing and emits nothing. A malformed message is permanent and goes to the DLQ without retries;
 * a database failure is retried with backoff, then dead-lettered.
 */
@Configuration(proxyBeanMethods = false)
class IncidentConsumers {

    private static final Logger log = LoggerFactory.getLogger(IncidentConsumers.class);

    private final MessageCodec codec = new MessageCodec();
    private final Incidents incidents;
    private final ProcessedMessages processed;
    private final MeterRegistry meters;
    private final TransactionTemplate tx;
    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;

    IncidentConsumers(Incidents incidents, JdbcClient jdbc, TransactionTemplate tx, MeterRegistry meters,
                      ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.incidents = incidents;
        this.tx = tx;
        this.tracer = tracer;
        this.propagator = propagator;
        this.processed = new ProcessedMessages(jdbc, tx);
        this.meters = meters;
        for (String outcome : List.of("opened", "attached", "resolved", "nothing")) {
            meters.counter("tocsin.backup.verdicts", "outcome", outcome); // at zero, for dashboards
        }
    }

    /**
     * {@code alerts.v1} in batch mode: the records of one poll are triaged in one transaction (their {@code eventId}s
     * claimed in one statement, their identities looked up in one query), each inside a span continuing its record's
     * trace. A malformed record is dead-lettered alone: the records before it are triaged and committed, then
     * {@link BatchListenerFailedException} names it to the error handler ({@link TriageErrorHandling}). When the
     * batch's transaction fails, the records are applied one per transaction, so that only the failing one is retried
     * and, after the retries, dead-lettered.
     */
    @Bean
    Consumer<Message<List<byte[]>>> triageAlert() {
        return message -> {
            List<byte[]> records = message.getPayload();
            List<Map<String, Object>> headers = recordHeaders(message, records.size());
            List<Triage> batch = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                try {
                    AlertReceived alert = switch (codec.read(records.get(i), AlertMessage.class)) {
                        case AlertReceived a -> validated(a);
                    };
                    batch.add(new Triage(alert, traceparent(headers.get(i))));
                } catch (MalformedMessageException e) {
                    triage(batch);
                    throw new BatchListenerFailedException(e.getMessage(), e, i);
                }
            }
            triage(batch);
        };
    }

    /** An alert of a batch and the W3C trace context of its record, if it had one. */
    private record Triage(AlertReceived alert, String traceparent) {
    }

    private void triage(List<Triage> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<String> outcomes;
        try {
            outcomes = tx.execute(status -> triageInThisTransaction(batch));
        } catch (RuntimeException batchFailed) {
            log.warn("triage.batch_failed records={} reason=\"{}\"; applying them one by one", batch.size(),
                    batchFailed.getMessage());
            outcomes = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Triage one = batch.get(i);
                try {
                    outcomes.addAll(tx.execute(status -> triageInThisTransaction(List.of(one))));
                } catch (RuntimeException e) {
                    count(outcomes);
                    throw new BatchListenerFailedException("triage failed for alert " + one.alert().eventId(), e, i);
                }
            }
        }
        count(outcomes);
    }

    private List<String> triageInThisTransaction(List<Triage> batch) {
        Set<UUID> fresh = processed.claim("triageAlert", batch.stream().map(t -> t.alert().eventId()).toList());
        List<AlertReceived> alerts = batch.stream().map(Triage::alert).filter(a -> fresh.contains(a.eventId())).toList();
        Incidents.TriageBatch looked = incidents.lookUp(alerts);
        List<String> outcomes = new ArrayList<>(batch.size());
        Set<UUID> done = new HashSet<>();
        for (Triage t : batch) {
            if (!fresh.contains(t.alert().eventId()) || !done.add(t.alert().eventId())) {
                outcomes.add("redelivered");
                continue;
            }
            try (var eventId = MDC.putCloseable("eventId", t.alert().eventId().toString())) {
                outcomes.add(inSpanOf(t, () -> incidents.triage(t.alert(), looked)).name().toLowerCase());
            }
        }
        return outcomes;
    }

    private void count(List<String> outcomes) {
        for (String outcome : outcomes) {
            meters.counter("tocsin.alerts.triaged", "outcome", outcome).increment();
        }
    }

    /** Runs {@code work} inside a span ({@code triage alert}) that continues the record's trace, when tracing is on. */
    private <T> T inSpanOf(Triage t, Supplier<T> work) {
        Tracer tr = tracer.getIfAvailable();
        Propagator p = propagator.getIfAvailable();
        if (tr == null || p == null || t.traceparent() == null) {
            return work.get();
        }
        Span span = p.extract(Map.of("traceparent", t.traceparent()), Map::get)
                .name("triage alert").kind(Span.Kind.CONSUMER).tag("messaging.destination.name", "alerts.v1").start();
        try (Tracer.SpanInScope scope = tr.withSpan(span)) {
            return work.get();
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** The headers of each record of a batch ({@link KafkaHeaders#BATCH_CONVERTED_HEADERS}); empty maps if absent. */
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

    @Bean
    Consumer<Message<byte[]>> applyIncidentCommand() {
        return message -> {
            IncidentCommand command = codec.read(message.getPayload(), IncidentCommand.class);
            if (command instanceof IncidentCommand.ApproveRemediation || command instanceof IncidentCommand.RejectRemediation) {
                return; // remediation-worker's commands share the topic
            }
            if (command.actor() == null || command.actor().isBlank()) {
                throw new MalformedMessageException(command.getClass().getSimpleName() + " has no actor", null);
            }
            try {
                processed.once("applyIncidentCommand", command, () -> {
                    switch (command) {
                        case IncidentCommand.AcknowledgeIncident c -> incidents.acknowledge(c.incident(), c.actor(), c.note());
                        case IncidentCommand.ResolveIncident c -> incidents.resolve(c.incident(), c.actor(), c.note());
                        case IncidentCommand.AddTimelineNote c -> incidents.addNote(c.incident(), c.actor(), c.note());
                        default -> { }
                    }
                });
                meters.counter("tocsin.commands.applied", "outcome", "applied").increment();
            } catch (IllegalIncidentTransition | IncidentNotFound | IllegalArgumentException e) {
                // Rejected by the incident's rules: no retry, no timeline entry, a trace in the log.
                meters.counter("tocsin.commands.applied", "outcome", "rejected").increment();
                log.warn("command.rejected type={} eventId={} incident={} actor={} reason=\"{}\"",
                        command.getClass().getSimpleName(), command.eventId(), command.incident(), command.actor(),
                        e.getMessage());
            }
        };
    }

    @Bean
    Consumer<Message<byte[]>> recordRemediation() {
        return message -> {
            RemediationResult result = codec.read(message.getPayload(), RemediationResult.class);
            processed.once("recordRemediation", result, () -> {
                incidents.recordRemediation(result);
            });
        };
    }

    @Bean
    Consumer<Message<byte[]>> recordBackupVerification() {
        return message -> {
            BackupVerificationCompleted v = switch (codec.read(message.getPayload(), BackupVerificationMessage.class)) {
                case BackupVerificationCompleted c -> c;
            };
            processed.once("recordBackupVerification", v, () -> incidents.recordBackupVerification(v))
                    .ifPresent(outcome -> meters.counter("tocsin.backup.verdicts", "outcome", outcome).increment());
        };
    }

    private static AlertReceived validated(AlertReceived a) {
        if (a.fingerprint() == null || a.fingerprint().isBlank()) {
            throw new MalformedMessageException("AlertReceived " + a.eventId() + " has no fingerprint", null);
        }
        if (a.status() == null || a.startsAt() == null || a.groupKey() == null || a.source() == null) {
            throw new MalformedMessageException("AlertReceived " + a.eventId()
                    + " lacks one of status, startsAt, groupKey, source", null);
        }
        return a;
    }
}

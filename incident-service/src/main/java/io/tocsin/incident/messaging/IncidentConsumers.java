package io.tocsin.incident.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tocsin.common.jdbc.ProcessedMessages;
import io.tocsin.common.json.MalformedMessageException;
import io.tocsin.common.json.MessageCodec;
import io.tocsin.common.kafka.BatchConsumption;
import io.tocsin.common.kafka.BatchDeadLetters;
import io.tocsin.common.messages.AlertMessage;
import io.tocsin.common.messages.AlertReceived;
import io.tocsin.common.messages.BackupVerificationCompleted;
import io.tocsin.common.messages.BackupVerificationMessage;
import io.tocsin.common.messages.IncidentCommand;
import io.tocsin.common.messages.RemediationResult;
import io.tocsin.incident.incidents.IllegalIncidentTransition;
import io.tocsin.incident.incidents.IncidentNotFound;
import io.tocsin.incident.incidents.Incidents;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Spring Cloud Stream consumers of incident-service (consumer group {@code incident-service},
 * dead-letter topics, see {@code incident-service.yml}):
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
    private final io.tocsin.incident.incidents.RemediationTimeline remediationTimeline;
    private final ProcessedMessages processed;
    private final MeterRegistry meters;
    private final BatchConsumption batches;

    IncidentConsumers(Incidents incidents, io.tocsin.incident.incidents.RemediationTimeline remediationTimeline,
                      JdbcClient jdbc, TransactionTemplate tx, MeterRegistry meters,
                      ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.incidents = incidents;
        this.remediationTimeline = remediationTimeline;
        this.batches = new BatchConsumption(jdbc, tx, tracer, propagator);
        this.processed = new ProcessedMessages(jdbc, tx);
        this.meters = meters;
        for (String outcome : List.of("opened", "attached", "resolved", "nothing")) {
            meters.counter("tocsin.backup.verdicts", "outcome", outcome); // at zero, for dashboards
        }
        for (Incidents.TriageOutcome outcome : Incidents.TriageOutcome.values()) {
            meters.counter("tocsin.alerts.triaged", "outcome", outcome.name().toLowerCase());
        }
        meters.counter("tocsin.alerts.triaged", "outcome", "redelivered");
        for (String outcome : List.of("applied", "rejected", "redelivered")) {
            meters.counter("tocsin.commands.applied", "outcome", outcome);
        }
    }

    /**
     * {@code alerts.v1} in batch mode ({@link BatchConsumption}): the records of one poll are triaged in one
     * transaction, their identities looked up in one query ({@link Incidents#lookUp}); a malformed or failing record
     * is retried and dead-lettered alone by {@link #triageErrorHandler}.
     */
    @Bean
    Consumer<Message<List<byte[]>>> triageAlert() {
        return message -> batches.consume("triageAlert", message,
                bytes -> switch (codec.read(bytes, AlertMessage.class)) {
                    case AlertReceived a -> validated(a);
                },
                fresh -> {
                    Incidents.TriageBatch looked = incidents.lookUp(fresh);
                    return alert -> incidents.triage(alert, looked).name().toLowerCase();
                },
                outcome -> meters.counter("tocsin.alerts.triaged", "outcome", outcome).increment(),
                redelivered -> {
                    if (redelivered > 0) {
                        meters.counter("tocsin.alerts.triaged", "outcome", "redelivered").increment(redelivered);
                    }
                });
    }

    /** Retries and dead letters of {@code triageAlert} ({@link BatchDeadLetters}), named in incident-service.yml. */
    @Bean
    CommonErrorHandler triageErrorHandler(Environment env) {
        return BatchDeadLetters.errorHandler(env, "triageAlert-in-0");
    }

    @Bean
    NewTopic triageDeadLetterTopic(Environment env) {
        return BatchDeadLetters.topic(env, "triageAlert-in-0");
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
                boolean applied = processed.once("applyIncidentCommand", command, () -> {
                    switch (command) {
                        case IncidentCommand.AcknowledgeIncident c -> incidents.acknowledge(c.incident(), c.actor(), c.note());
                        case IncidentCommand.ResolveIncident c -> incidents.resolve(c.incident(), c.actor(), c.note());
                        case IncidentCommand.AddTimelineNote c -> incidents.addNote(c.incident(), c.actor(), c.note());
                        default -> { }
                    }
                });
                meters.counter("tocsin.commands.applied", "outcome", applied ? "applied" : "redelivered").increment();
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
                remediationTimeline.record(result);
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

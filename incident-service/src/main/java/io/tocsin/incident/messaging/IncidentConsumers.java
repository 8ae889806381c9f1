package io.tocsin.incident.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tocsin.platform.jdbc.ProcessedMessages;
import io.tocsin.contracts.json.MalformedMessageException;
import io.tocsin.contracts.json.MessageCodec;
import io.tocsin.platform.kafka.BatchConsumption;
import io.tocsin.platform.kafka.BatchDeadLetters;
import io.tocsin.contracts.messages.AlertAcknowledged;
import io.tocsin.contracts.messages.AlertMessage;
import io.tocsin.contracts.messages.ChangeMessage;
import io.tocsin.contracts.messages.ChangeReceived;
import io.tocsin.incident.changes.Change;
import io.tocsin.incident.changes.Changes;
import io.tocsin.incident.declaration.Declarations;
import io.tocsin.incident.roles.IncidentRoles;
import io.tocsin.incident.statusupdate.StatusUpdates;
import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.contracts.messages.AlertStatus;
import io.tocsin.contracts.messages.BackupVerificationCompleted;
import io.tocsin.contracts.messages.BackupVerificationMessage;
import io.tocsin.contracts.messages.IncidentCommand;
import io.tocsin.contracts.messages.RemediationResult;
import io.tocsin.incident.feeds.BackupVerdict;
import io.tocsin.incident.feeds.BackupVerdicts;
import io.tocsin.incident.feeds.RemediationRecord;
import io.tocsin.incident.feeds.RemediationRecords;
import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.IllegalIncidentTransition;
import io.tocsin.incident.incident.IncidentNotFound;
import io.tocsin.incident.incident.ResponderActions;
import io.tocsin.incident.triage.AlertAcknowledgement;
import io.tocsin.incident.triage.Triage;
import io.tocsin.incident.triage.TriageBatch;
import io.tocsin.incident.triage.TriageOutcome;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 *   <li>{@code triageAlert} ← {@code alerts.v1}, in batches: alerts, and acknowledgements by their source (PagerDuty)</li>
 *   <li>{@code applyIncidentCommand} ← {@code incidents.commands.v1}</li>
 *   <li>{@code recordRemediation} ← {@code remediation.results.v1} (timeline entries, actor {@code remediation})</li>
 *   <li>{@code recordBackupVerification} ← {@code backups.verifications.v1} (backup incidents opened and resolved)</li>
 *   <li>{@code recordChange} ← {@code changes.v1} (deploys and other changes, shown on recent incidents)</li>
 * </ul>
 * Each applies a message and records its {@code eventId} in one transaction ({@code triageAlert}: the alert's identity
 * instead); a redelivery changes nothing and emits nothing. A malformed message is permanent and goes to the DLQ without retries;
 * a database failure is retried with backoff, then dead-lettered. This is the only place where the records that
 * arrive on the wire become the domain's inputs ({@link Alert}, {@link BackupVerdict}, {@link RemediationRecord}).
 */
@Configuration(proxyBeanMethods = false)
class IncidentConsumers {

    private static final Logger log = LoggerFactory.getLogger(IncidentConsumers.class);

    private final MessageCodec codec = new MessageCodec();
    private final Triage triage;
    private final ResponderActions responders;
    private final BackupVerdicts backupVerdicts;
    private final RemediationRecords remediationRecords;
    private final ProcessedMessages processed;
    private final MeterRegistry meters;
    private final BatchConsumption batches;
    private final Changes changes;
    private final Declarations declarations;
    private final IncidentRoles roles;
    private final StatusUpdates statusUpdates;

    IncidentConsumers(Triage triage, ResponderActions responders, BackupVerdicts backupVerdicts,
                      RemediationRecords remediationRecords, Changes changes, Declarations declarations,
                      IncidentRoles roles, StatusUpdates statusUpdates, JdbcClient jdbc, TransactionTemplate tx, MeterRegistry meters,
                      ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.triage = triage;
        this.responders = responders;
        this.backupVerdicts = backupVerdicts;
        this.remediationRecords = remediationRecords;
        this.changes = changes;
        this.declarations = declarations;
        this.roles = roles;
        this.statusUpdates = statusUpdates;
        // alerts.v1 needs no processed_message claims: triage is idempotent by alert identity (DedupRule).
        this.batches = new BatchConsumption(jdbc, tx, tracer, propagator).withoutClaims();
        this.processed = new ProcessedMessages(jdbc, tx);
        this.meters = meters;
        for (BackupVerdicts.Outcome outcome : BackupVerdicts.Outcome.values()) {
            meters.counter("tocsin.backup.verdicts", "outcome", outcome.name().toLowerCase()); // at zero, for dashboards
        }
        for (TriageOutcome outcome : TriageOutcome.values()) {
            meters.counter("tocsin.alerts.triaged", "outcome", outcome.name().toLowerCase());
        }
        meters.counter("tocsin.alerts.triaged", "outcome", "redelivered");
        for (String outcome : List.of("applied", "rejected", "redelivered")) {
            meters.counter("tocsin.commands.applied", "outcome", outcome);
        }
    }

    /**
     * {@code alerts.v1} in batch mode ({@link BatchConsumption}): the records of one poll are triaged in one
     * transaction, their identities looked up in one query ({@link Triage#lookUp}); a malformed or failing record
     * is retried and dead-lettered alone by {@link #triageErrorHandler}. No {@code processed_message} row per alert:
     * an alert's identity (fingerprint and {@code startsAt}) makes a record read again a {@code duplicate}; only a
     * record twice in one poll counts as {@code redelivered}.
     */
    @Bean
    Consumer<Message<List<byte[]>>> triageAlert() {
        return message -> batches.consume("triageAlert", message,
                bytes -> switch (codec.read(bytes, AlertMessage.class)) {
                    case AlertReceived a -> validated(a);
                    case AlertAcknowledged a -> validated(a);
                },
                fresh -> {
                    // Each record is mapped once: the lookup and the triage of the batch take the same Alert.
                    Map<AlertMessage, Alert> mapped = new IdentityHashMap<>();
                    Map<AlertMessage, AlertAcknowledgement> acks = new IdentityHashMap<>();
                    for (AlertMessage m : fresh) {
                        switch (m) {
                            case AlertReceived a -> mapped.put(a, alert(a));
                            case AlertAcknowledged a -> acks.put(a, acknowledgement(a));
                        }
                    }
                    TriageBatch looked = triage.lookUp(fresh.stream().filter(mapped::containsKey).map(mapped::get).toList(),
                            fresh.stream().filter(acks::containsKey).map(acks::get).toList());
                    return received -> (switch (received) {
                        case AlertReceived a -> triage.triage(mapped.computeIfAbsent(a, m -> alert(a)), looked);
                        case AlertAcknowledged a -> triage.acknowledge(acks.computeIfAbsent(a, m -> acknowledgement(a)), looked);
                    }).name().toLowerCase();
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
                        case IncidentCommand.AcknowledgeIncident c -> responders.acknowledge(c.incident(), c.actor(), c.note());
                        case IncidentCommand.ResolveIncident c -> responders.resolve(c.incident(), c.actor(), c.note());
                        case IncidentCommand.AddTimelineNote c -> responders.addNote(c.incident(), c.actor(), c.note());
                        case IncidentCommand.ChangeSeverity c -> responders.changeSeverity(c.incident(), c.actor(),
                                c.severity(), c.reason());
                        case IncidentCommand.DeclareIncident c -> declarations.declare(uuid(c.incident()), c.severity(),
                                c.title(), c.service(), c.description(), c.actor());
                        case IncidentCommand.AssignRole c -> roles.assign(c.incident(), c.role(), c.assignee(), c.actor());
                        case IncidentCommand.PostStatusUpdate c -> statusUpdates.post(c.incident(), new StatusUpdates.StatusUpdate(
                                c.status(), c.message(), c.impact(), c.workaround(), c.nextUpdateAt(), c.publicTitle()), c.actor(),
                                c.occurredAt());
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

    /** {@code changes.v1}: a change to a service, recorded and linked to its recent incidents ({@link Changes}). */
    @Bean
    Consumer<Message<byte[]>> recordChange() {
        return message -> {
            ChangeReceived c = switch (codec.read(message.getPayload(), ChangeMessage.class)) {
                case ChangeReceived r -> r;
            };
            if (c.service() == null || c.service().isBlank() || c.summary() == null || c.changedAt() == null) {
                throw new MalformedMessageException("ChangeReceived " + c.eventId() + " lacks one of service, summary, changedAt",
                        null);
            }
            processed.once("recordChange", c, () -> {
                changes.record(new Change(c.eventId(), c.service(), c.summary(), c.source(), c.changedAt(), c.customDetails(),
                        c.links().stream().map(l -> new Change.Link(l.href(), l.text())).toList()));
            });
        };
    }

    @Bean
    Consumer<Message<byte[]>> recordRemediation() {
        return message -> {
            RemediationResult result = codec.read(message.getPayload(), RemediationResult.class);
            processed.once("recordRemediation", result, () -> {
                remediationRecords.record(remediation(result));
            });
        };
    }

    @Bean
    Consumer<Message<byte[]>> recordBackupVerification() {
        return message -> {
            BackupVerificationCompleted v = switch (codec.read(message.getPayload(), BackupVerificationMessage.class)) {
                case BackupVerificationCompleted c -> c;
            };
            processed.once("recordBackupVerification", v, () -> backupVerdicts.record(verdict(v)))
                    .ifPresent(outcome -> meters.counter("tocsin.backup.verdicts", "outcome", outcome.name().toLowerCase())
                            .increment());
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

    /** A declared incident's id, which its sender chose. */
    private static UUID uuid(String incident) {
        try {
            return UUID.fromString(incident);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("incident: a declaration names the new incident by UUID, was '" + incident + "'");
        }
    }

    private static AlertAcknowledged validated(AlertAcknowledged a) {
        if (a.fingerprint() == null || a.fingerprint().isBlank() || a.groupKey() == null || a.actor() == null
                || a.actor().isBlank()) {
            throw new MalformedMessageException("AlertAcknowledged " + a.eventId() + " lacks one of fingerprint, groupKey, actor",
                    null);
        }
        return a;
    }

    private static AlertAcknowledgement acknowledgement(AlertAcknowledged a) {
        return new AlertAcknowledgement(a.eventId(), a.fingerprint(), a.labels(), a.groupKey(), a.actor(), a.receivedAt());
    }

    /** An alert notification as triage takes it. */
    static Alert alert(AlertReceived a) {
        return new Alert(a.eventId(), a.fingerprint(), a.status() == AlertStatus.FIRING ? Alert.Status.FIRING : Alert.Status.RESOLVED,
                a.labels(), a.annotations(), a.startsAt(), a.endsAt(), a.generatorURL(), a.groupKey(), a.receiver(),
                a.externalURL(), a.source(), a.receivedAt(), a.occurredAt());
    }

    private static BackupVerdict verdict(BackupVerificationCompleted v) {
        return new BackupVerdict(v.eventId(), v.verificationId(), v.database(), v.passed(), v.backupFile(), v.startedAt(),
                v.occurredAt(), v.checks().stream()
                .map(c -> new BackupVerdict.Check(c.name(), c.expected(), c.actual(), c.passed())).toList());
    }

    private static RemediationRecord remediation(RemediationResult result) {
        return switch (result) {
            case RemediationResult.RemediationStarted r -> step(r, RemediationRecord.Kind.STARTED, r.dryRun(), null, false,
                    null, null, null, null, null, null, null);
            case RemediationResult.RemediationSucceeded r -> step(r, RemediationRecord.Kind.SUCCEEDED, r.dryRun(), null, false,
                    null, null, r.details(), null, null, null, null);
            case RemediationResult.RemediationFailed r -> step(r, RemediationRecord.Kind.FAILED, false, r.error(), r.retriable(),
                    null, null, null, null, null, null, null);
            case RemediationResult.RemediationSkipped r -> step(r, switch (r.reason()) {
                case RemediationResult.RemediationSkipped.APPROVAL_EXPIRED -> RemediationRecord.Kind.APPROVAL_EXPIRED;
                case RemediationResult.RemediationSkipped.INCIDENT_RESOLVED -> RemediationRecord.Kind.CANCELLED;
                default -> RemediationRecord.Kind.SKIPPED;
            }, false, null, false, null, r.reason(), null, null, null, null, null);
            case RemediationResult.RemediationAwaitingApproval r -> step(r, RemediationRecord.Kind.AWAITING_APPROVAL, false,
                    null, false, null, null, null, r.parameters(), r.approvers(), r.approverGroups(), r.expiresAt());
            case RemediationResult.RemediationApproved r -> step(r, RemediationRecord.Kind.APPROVED, false, null, false,
                    r.approvedBy(), null, null, null, null, null, null);
            case RemediationResult.RemediationRejected r -> step(r, RemediationRecord.Kind.REJECTED, false, null, false,
                    r.rejectedBy(), r.reason(), null, null, null, null, null);
        };
    }

    private static RemediationRecord step(RemediationResult r, RemediationRecord.Kind kind, boolean dryRun, String error,
                                          boolean retriable, String decidedBy, String reason,
                                          java.util.Map<String, Object> report, java.util.Map<String, Object> parameters,
                                          List<String> approvers, List<String> approverGroups, java.time.Instant expiresAt) {
        return new RemediationRecord(r.incidentId(), r.executionId(), r.runbook(), r.step(), r.action(), kind, dryRun, error,
                retriable, decidedBy, reason, report, parameters, approvers, approverGroups, expiresAt, r.occurredAt());
    }
}

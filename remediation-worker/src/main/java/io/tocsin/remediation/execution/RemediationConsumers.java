package io.tocsin.remediation.execution;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tocsin.platform.jdbc.ProcessedMessages;
import io.tocsin.contracts.json.MessageCodec;
import io.tocsin.platform.kafka.BatchConsumption;
import io.tocsin.platform.kafka.BatchDeadLetters;
import io.tocsin.contracts.messages.IncidentCommand;
import io.tocsin.contracts.messages.IncidentEvent;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumers (group {@code remediation-worker}, DLQ): {@code planRemediation} ← {@code incidents.events.v1} in batches
 * (the firing alerts of {@code AlertsAttached}, which accompanies every {@code IncidentOpened}, plan matching runbooks;
 * an inhibited incident's wait for its {@code IncidentInhibitionEnded}; {@code IncidentResolved} cancels the steps not
 * yet started)
 * and {@code decideRemediation} ← {@code incidents.commands.v1} (approve / reject). Each records the
 * message id with its effect in one transaction.
 */
@Configuration(proxyBeanMethods = false)
class RemediationConsumers {

    private final MessageCodec codec = new MessageCodec();
    private final Remediations remediations;
    private final ProcessedMessages processed;
    private final BatchConsumption batches;

    RemediationConsumers(Remediations remediations, TransactionTemplate tx, JdbcClient jdbc, ObjectProvider<Tracer> tracer,
                         ObjectProvider<Propagator> propagator) {
        this.remediations = remediations;
        this.processed = new ProcessedMessages(jdbc, tx);
        this.batches = new BatchConsumption(jdbc, tx, tracer, propagator);
    }

    /**
     * {@code incidents.events.v1} in batch mode ({@link BatchConsumption}): the {@code AlertsAttached} events of one
     * poll are planned in one transaction; other event types are skipped unrecorded. A malformed or failing record is
     * retried and dead-lettered alone by {@link #planRemediationErrorHandler}.
     */
    @Bean
    Consumer<Message<List<byte[]>>> planRemediation() {
        return message -> batches.consume("planRemediation", message,
                bytes -> switch (codec.read(bytes, IncidentEvent.class)) {
                    case IncidentEvent.AlertsAttached a -> a;
                    // Released from inhibition: the runbooks that waited for it are planned from its firing alerts.
                    case IncidentEvent.IncidentInhibitionEnded r when !r.firingAlerts().isEmpty() ->
                            new IncidentEvent.AlertsAttached(r.eventId(), r.occurredAt(), r.incident(), r.firingAlerts());
                    // Resolved: its steps that have not started (approval requests included) are cancelled.
                    case IncidentEvent.IncidentResolved r -> r;
                    default -> null;
                },
                event -> {
                    switch (event) {
                        case IncidentEvent.AlertsAttached a -> remediations.plan(a);
                        case IncidentEvent.IncidentResolved r -> remediations.incidentResolved(r);
                        default -> { }
                    }
                });
    }

    /** Retries and dead letters of {@code planRemediation} ({@link BatchDeadLetters}), named in remediation-worker.yml. */
    @Bean
    CommonErrorHandler planRemediationErrorHandler(Environment env) {
        return BatchDeadLetters.errorHandler(env, "planRemediation-in-0");
    }

    @Bean
    NewTopic planRemediationDeadLetterTopic(Environment env) {
        return BatchDeadLetters.topic(env, "planRemediation-in-0");
    }

    @Bean
    Consumer<Message<byte[]>> decideRemediation() {
        return message -> {
            IncidentCommand command = codec.read(message.getPayload(), IncidentCommand.class);
            switch (command) {
                case IncidentCommand.ApproveRemediation a -> processed.once("decideRemediation", a, () -> remediations.approve(a));
                case IncidentCommand.RejectRemediation r -> processed.once("decideRemediation", r, () -> remediations.reject(r));
                default -> { } // incident commands are incident-service's
            }
        };
    }
}

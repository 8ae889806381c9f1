package io.tocsin.notify.messaging;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tocsin.platform.jdbc.ProcessedMessages;
import io.tocsin.contracts.json.MessageCodec;
import io.tocsin.platform.kafka.BatchConsumption;
import io.tocsin.platform.kafka.BatchDeadLetters;
import io.tocsin.contracts.messages.BackupVerificationCompleted;
import io.tocsin.contracts.messages.BackupVerificationMessage;
import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.RemediationResult;
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
 * notifier's consumers (group {@code notifier}, DLQ enabled):
 * {@code notifyResponders} ← {@code incidents.events.v1} (in batches), {@code reportRemediation} ←
 * {@code remediation.results.v1}, {@code reportBackupVerification} ← {@code backups.verifications.v1},
 * {@code copyOnCallOverrides} ← {@code oncall.events.v1}, {@code copyPublicMaintenance} ← {@code maintenance.events.v1}.
 * Each records the message id with its effect in one transaction: a redelivery queues nothing.
 */
@Configuration(proxyBeanMethods = false)
class NotifierConsumers {

    private final MessageCodec codec = new MessageCodec();
    private final Notifications notifications;
    private final ProcessedMessages processed;
    private final BatchConsumption batches;

    NotifierConsumers(Notifications notifications, TransactionTemplate tx, JdbcClient jdbc, ObjectProvider<Tracer> tracer,
                      ObjectProvider<Propagator> propagator) {
        this.notifications = notifications;
        this.processed = new ProcessedMessages(jdbc, tx);
        this.batches = new BatchConsumption(jdbc, tx, tracer, propagator);
    }

    /**
     * {@code incidents.events.v1} in batch mode ({@link BatchConsumption}): the events of one poll update the read
     * model and queue their Slack and status page work in one transaction, each in a span continuing its record's
     * trace (the queue rows keep it for the sender). A malformed or failing record is retried and dead-lettered alone
     * by {@link #notifyRespondersErrorHandler}.
     */
    @Bean
    Consumer<Message<List<byte[]>>> notifyResponders() {
        return message -> batches.consume("notifyResponders", message,
                bytes -> codec.read(bytes, IncidentEvent.class), notifications::onIncidentEvent);
    }

    /** Retries and dead letters of {@code notifyResponders} ({@link BatchDeadLetters}), named in notifier.yml. */
    @Bean
    CommonErrorHandler notifyRespondersErrorHandler(Environment env) {
        return BatchDeadLetters.errorHandler(env, "notifyResponders-in-0");
    }

    @Bean
    NewTopic notifyRespondersDeadLetterTopic(Environment env) {
        return BatchDeadLetters.topic(env, "notifyResponders-in-0");
    }

    @Bean
    Consumer<Message<byte[]>> reportRemediation() {
        return message -> {
            RemediationResult result = codec.read(message.getPayload(), RemediationResult.class);
            processed.once("reportRemediation", result, () -> notifications.onRemediationResult(result));
        };
    }

    /** {@code oncall.events.v1}: the latest override list per schedule; idempotent by {@code occurredAt}. */
    @Bean
    Consumer<Message<byte[]>> copyOnCallOverrides(io.tocsin.notify.oncall.OnCallOverrideCopies copies) {
        return message -> {
            switch (codec.read(message.getPayload(), io.tocsin.contracts.messages.OnCallEvent.class)) {
                case io.tocsin.contracts.messages.OnCallEvent.OverridesChanged changed -> copies.apply(changed);
            }
        };
    }

    /** {@code maintenance.events.v1}: the latest announced state per maintenance window; idempotent by {@code occurredAt}. */
    @Bean
    Consumer<Message<byte[]>> copyPublicMaintenance(io.tocsin.notify.status.PublicMaintenance maintenance) {
        return message -> {
            switch (codec.read(message.getPayload(), io.tocsin.contracts.messages.MaintenanceEvent.class)) {
                case io.tocsin.contracts.messages.MaintenanceEvent.PublicMaintenanceChanged changed -> maintenance.apply(changed);
            }
        };
    }

    @Bean
    Consumer<Message<byte[]>> reportBackupVerification() {
        return message -> {
            BackupVerificationCompleted v = switch (codec.read(message.getPayload(), BackupVerificationMessage.class)) {
                case BackupVerificationCompleted c -> c;
            };
            processed.once("reportBackupVerification", v, () -> notifications.onBackupVerification(v));
        };
    }
}

package io.tocsin.notify.messaging;

import io.tocsin.common.jdbc.ProcessedMessages;
import io.tocsin.common.json.MessageCodec;
import io.tocsin.common.messages.BackupVerificationCompleted;
import io.tocsin.common.messages.BackupVerificationMessage;
import io.tocsin.common.messages.IncidentEvent;
import io.tocsin.common.messages.RemediationResult;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * notifier's consumers (group {@code notifier}, DLQ enabled):
 * {@code notifyResponders} ← {@code incidents.events.v1}, {@code reportRemediation} ←
 * {@code remediation.results.v1}, {@code reportBackupVerification} ← {@code backups.verifications.v1}.
 * Each records the message id with its effect in one transaction: a redelivery queues nothing.
 */
@Configuration(proxyBeanMethods = false)
class NotifierConsumers {

    private final MessageCodec codec = new MessageCodec();
    private final Notifications notifications;
    private final ProcessedMessages processed;

    NotifierConsumers(Notifications notifications, TransactionTemplate tx, JdbcClient jdbc) {
        this.notifications = notifications;
        this.processed = new ProcessedMessages(jdbc, tx);
    }

    @Bean
    Consumer<Message<byte[]>> notifyResponders() {
        return message -> {
            IncidentEvent event = codec.read(message.getPayload(), IncidentEvent.class);
            processed.once("notifyResponders", event, () -> notifications.onIncidentEvent(event));
        };
    }

    @Bean
    Consumer<Message<byte[]>> reportRemediation() {
        return message -> {
            RemediationResult result = codec.read(message.getPayload(), RemediationResult.class);
            processed.once("reportRemediation", result, () -> notifications.onRemediationResult(result));
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

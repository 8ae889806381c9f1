package io.tocsin.notify.messaging;

import io.tocsin.common.json.MessageCodec;
import io.tocsin.common.messages.BackupVerificationCompleted;
import io.tocsin.common.messages.BackupVerificationMessage;
import io.tocsin.common.messages.IncidentEvent;
import io.tocsin.common.messages.RemediationResult;
import io.tocsin.common.messages.TocsinMessage;
import java.util.UUID;
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
    private final TransactionTemplate tx;
    private final JdbcClient jdbc;

    NotifierConsumers(Notifications notifications, TransactionTemplate tx, JdbcClient jdbc) {
        this.notifications = notifications;
        this.tx = tx;
        this.jdbc = jdbc;
    }

    @Bean
    Consumer<Message<byte[]>> notifyResponders() {
        return message -> {
            IncidentEvent event = codec.read(message.getPayload(), IncidentEvent.class);
            once("notifyResponders", event, () -> notifications.onIncidentEvent(event));
        };
    }

    @Bean
    Consumer<Message<byte[]>> reportRemediation() {
        return message -> {
            RemediationResult result = codec.read(message.getPayload(), RemediationResult.class);
            once("reportRemediation", result, () -> notifications.onRemediationResult(result));
        };
    }

    @Bean
    Consumer<Message<byte[]>> reportBackupVerification() {
        return message -> {
            BackupVerificationCompleted v = switch (codec.read(message.getPayload(), BackupVerificationMessage.class)) {
                case BackupVerificationCompleted c -> c;
            };
            once("reportBackupVerification", v, () -> notifications.onBackupVerification(v));
        };
    }

    private void once(String consumer, TocsinMessage message, Runnable effect) {
        tx.executeWithoutResult(status -> {
            if (firstDelivery(consumer, message.eventId())) {
                effect.run();
            }
        });
    }

    private boolean firstDelivery(String consumer, UUID eventId) {
        return jdbc.sql("INSERT INTO processed_message (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(consumer, eventId).update() == 1;
    }
}

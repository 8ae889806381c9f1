package io.tocsin.backup.messaging;

import io.tocsin.platform.kafka.KafkaMessages;
import io.tocsin.contracts.messages.BackupVerificationCompleted;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends each {@link BackupVerificationCompleted} recorded with its verification (Spring Modulith's outbox) to
 * {@code backups.verifications.v1} (key database) after commit; one the broker did not take is resubmitted every
 * {@code tocsin.backup.outbox-retry-interval} (30 s).
 */
@Component
class VerificationPublisher {

    static final String BINDING = "backupVerifications-out-0";

    private final StreamBridge bridge;
    private final IncompleteEventPublications incomplete;
    private final Duration retryAfter;

    VerificationPublisher(StreamBridge bridge, IncompleteEventPublications incomplete,
                          @Value("${tocsin.backup.outbox-retry-interval:30s}") Duration retryAfter) {
        this.bridge = bridge;
        this.incomplete = incomplete;
        this.retryAfter = retryAfter;
    }

    @ApplicationModuleListener
    void publish(BackupVerificationCompleted result) {
        if (!bridge.send(BINDING, KafkaMessages.of(result, "/tocsin/backup-verifier"))) {
            throw new IllegalStateException("broker did not take BackupVerificationCompleted " + result.eventId());
        }
    }

    @Scheduled(initialDelayString = "${tocsin.backup.outbox-retry-interval:30s}",
            fixedDelayString = "${tocsin.backup.outbox-retry-interval:30s}")
    void resubmitIncomplete() {
        incomplete.resubmitIncompletePublicationsOlderThan(retryAfter);
    }
}

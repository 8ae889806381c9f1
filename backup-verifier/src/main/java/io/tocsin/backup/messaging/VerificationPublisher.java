package io.tocsin.backup.messaging;

import io.tocsin.platform.kafka.KafkaMessages;
import io.tocsin.contracts.messages.BackupVerificationCompleted;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import io.tocsin.platform.kafka.OutboxOwnership;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends each {@link BackupVerificationCompleted} recorded with its verification (Spring Modulith's outbox) to
 * {@code backups.verifications.v1} (key database) after commit; one the broker did not take is resubmitted every
 * {@code tocsin.backup.outbox-retry-interval} (30 s), by the instance that recorded it or, when that one died, by one
 * instance that adopts it ({@link OutboxOwnership}).
 */
@Component
class VerificationPublisher {

    static final String BINDING = "backupVerifications-out-0";

    /** How long this instance counts as alive for the outbox after its last heartbeat (every 10 s). */
    static final Duration OUTBOX_LEASE = Duration.ofSeconds(30);

    private final StreamBridge bridge;
    private final IncompleteEventPublications incomplete;
    private final Duration retryAfter;
    private final OutboxOwnership ownership;

    VerificationPublisher(StreamBridge bridge, IncompleteEventPublications incomplete, JdbcClient jdbc,
                          @Value("${tocsin.backup.outbox-retry-interval:30s}") Duration retryAfter) {
        this.bridge = bridge;
        this.incomplete = incomplete;
        this.retryAfter = retryAfter;
        this.ownership = new OutboxOwnership(jdbc, OUTBOX_LEASE);
        ownership.heartbeat();
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
        ownership.resubmit(incomplete, null, event -> ((BackupVerificationCompleted) event).eventId(), retryAfter);
    }

    /** Keeps this instance's outbox lease ({@link #OUTBOX_LEASE}) alive. */
    @Scheduled(fixedDelay = 10_000)
    void heartbeat() {
        ownership.heartbeat();
    }
}

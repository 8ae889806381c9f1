package io.tocsin.backup;

import io.tocsin.common.jdbc.ProcessedMessages;
import io.tocsin.common.json.MessageCodec;
import io.tocsin.common.kafka.KafkaMessages;
import io.tocsin.common.messages.BackupCommand;
import io.tocsin.common.messages.BackupVerificationCompleted;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What starts a verification and where results go:
 * <ul>
 *   <li>the schedule ({@code tocsin.backup.schedule}, cron in UTC, default 04:00 daily);</li>
 *   <li>{@code POST /api/v1/verifications} → {@code 202 {"id"}}, or {@code 409 {"error","message","running"}};</li>
 *   <li>{@code VerifyBackup} on {@code backups.commands.v1} ({@code verifyBackup}, group {@code backup-verifier});</li>
 *   <li>{@code GET /api/v1/verifications/latest}, {@code GET /api/v1/verifications?page=&size=};</li>
 *   <li>each {@code BackupVerificationCompleted} to {@code backups.verifications.v1} (outbox, key database).</li>
 * </ul>
 */
@RestController
@Configuration(proxyBeanMethods = false)
class VerificationTriggers {

    private static final Logger log = LoggerFactory.getLogger(VerificationTriggers.class);
    static final String BINDING = "backupVerifications-out-0";

    private final Verifications verifications;
    private final StreamBridge bridge;
    private final IncompleteEventPublications incomplete;
    private final ProcessedMessages processed;
    private final MessageCodec codec = new MessageCodec();
    private final Duration retryAfter;

    VerificationTriggers(Verifications verifications, StreamBridge bridge, IncompleteEventPublications incomplete,
                         JdbcClient jdbc, TransactionTemplate tx,
                         @Value("${tocsin.backup.outbox-retry-interval:30s}") Duration retryAfter) {
        this.verifications = verifications;
        this.bridge = bridge;
        this.incomplete = incomplete;
        this.processed = new ProcessedMessages(jdbc, tx);
        this.retryAfter = retryAfter;
    }

    @Scheduled(cron = "${tocsin.backup.schedule:0 0 4 * * *}", zone = "UTC")
    void nightly() {
        start("schedule");
    }

    /** Starts a verification now; the actor recorded is the API token's name ({@code api:<name>}). */
    @PostMapping("/api/v1/verifications")
    ResponseEntity<Map<String, Object>> verifyNow(org.springframework.security.core.Authentication auth) {
        UUID id = start("api:" + auth.getName());
        return ResponseEntity.accepted().header("Location", "/api/v1/verifications/latest")
                .body(Map.of("id", id, "database", verifications.database()));
    }

    @GetMapping("/api/v1/verifications/latest")
    ResponseEntity<?> latest() {
        return verifications.latest().<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(404).body(Map.of("error", "not_found", "message", "no verification has finished yet")));
    }

    @GetMapping("/api/v1/verifications")
    ResponseEntity<?> page(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        if (page < 0 || size < 1 || size > 200) {
            return ResponseEntity.badRequest().body(Map.of("error", "bad_request", "message", "page must be >= 0 and size 1..200"));
        }
        return ResponseEntity.ok(verifications.page(page, size));
    }

    @ExceptionHandler(Verifications.AlreadyRunning.class)
    ResponseEntity<Map<String, Object>> alreadyRunning(Verifications.AlreadyRunning e) {
        return ResponseEntity.status(409).body(Map.of("error", "already_running", "message", e.getMessage(),
                "running", String.valueOf(e.running())));
    }

    @Bean
    Consumer<Message<byte[]>> verifyBackup() {
        return message -> {
            BackupCommand command = codec.read(message.getPayload(), BackupCommand.class);
            if (command instanceof BackupCommand.VerifyBackup v && (v.database() == null || v.database().isBlank()
                    || v.database().equals(verifications.database()))) {
                // The RUNNING row is the message's effect (same transaction as its id); the run starts after commit.
                processed.once("verifyBackup", v, () -> {
                    try {
                        return verifications.begin("kafka:" + v.requestedBy());
                    } catch (Verifications.AlreadyRunning e) {
                        log.info("backup.request_skipped reason=\"{}\"", e.getMessage());
                        return null;
                    }
                }).ifPresent(this::launch);
            }
        };
    }

    @ApplicationModuleListener
    void publish(BackupVerificationCompleted result) {
        if (!bridge.send(BINDING, KafkaMessages.of(result, "/tocsin/backup-verifier"))) {
            throw new IllegalStateException("broker did not take BackupVerificationCompleted " + result.eventId());
        }
    }

    @Scheduled(initialDelayString = "${tocsin.backup.outbox-retry-interval:30s}", fixedDelayString = "${tocsin.backup.outbox-retry-interval:30s}")
    void resubmitIncomplete() {
        incomplete.resubmitIncompletePublicationsOlderThan(retryAfter);
    }

    private UUID start(String trigger) {
        return launch(verifications.begin(trigger));
    }

    /** Runs a committed RUNNING verification on its own virtual thread. */
    private UUID launch(UUID id) {
        Thread.ofVirtual().name("backup-verification-" + id).start(() -> verifications.run(id));
        return id;
    }
}

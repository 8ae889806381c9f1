package io.tocsin.remediation.actions;

import io.tocsin.platform.kafka.KafkaMessages;
import io.tocsin.contracts.messages.BackupCommand;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.stereotype.Component;

/**
 * {@code backup.verify-now}: asks backup-verifier to restore-test the newest backup of {@code database}
 * now, with a {@code VerifyBackup} command on {@code backups.commands.v1}. The verdict arrives later as
 * {@code BackupVerificationCompleted}.
 */
@Component
class BackupVerifyNow implements RemediationAction {

    static final String BINDING = "backupCommands-out-0";
    private final StreamBridge bridge;
    private final Clock clock;

    BackupVerifyNow(StreamBridge bridge, Clock clock) {
        this.bridge = bridge;
        this.clock = clock;
    }

    @Override
    public String type() {
        return "backup.verify-now";
    }

    @Override
    public String target() {
        return "backup";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.optional("database", Kind.STRING));
    }

    @Override
    public ActionReport execute(ActionContext ctx) {
        String database = ctx.string("database", "");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("database", database.isBlank() ? "all configured" : database);
        if (ctx.dryRun()) {
            return ActionReport.done("dry run: would request a backup verification", details);
        }
        var command = new BackupCommand.VerifyBackup(ctx.executionId(), clock.instant(), database,
                "remediation:" + ctx.incidentKey());
        try {
            if (!bridge.send(BINDING, KafkaMessages.of(command, "/tocsin/remediation-worker"))) {
                throw new TransientFailure("Kafka did not take the VerifyBackup command", null);
            }
        } catch (RuntimeException e) {
            if (e instanceof TransientFailure) {
                throw e;
            }
            throw new TransientFailure("Kafka: " + e.getMessage(), e);
        }
        details.put("eventId", command.eventId().toString());
        return ActionReport.done("requested a backup verification of " + details.get("database"), details);
    }
}

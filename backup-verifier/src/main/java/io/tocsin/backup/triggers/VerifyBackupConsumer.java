package io.tocsin.backup.triggers;

import io.tocsin.backup.verification.Verifications;
import io.tocsin.platform.jdbc.ProcessedMessages;
import io.tocsin.contracts.json.MessageCodec;
import io.tocsin.contracts.messages.BackupCommand;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code VerifyBackup} on {@code backups.commands.v1} ({@code verifyBackup}, group {@code backup-verifier}; remediation
 * runbooks send it): a command for this database (or none named) starts a verification, once per command.
 */
@Configuration(proxyBeanMethods = false)
class VerifyBackupConsumer {

    private static final Logger log = LoggerFactory.getLogger(VerifyBackupConsumer.class);
    private final MessageCodec codec = new MessageCodec();
    private final Verifications verifications;
    private final VerificationLauncher launcher;
    private final ProcessedMessages processed;

    VerifyBackupConsumer(Verifications verifications, VerificationLauncher launcher, JdbcClient jdbc, TransactionTemplate tx) {
        this.verifications = verifications;
        this.launcher = launcher;
        this.processed = new ProcessedMessages(jdbc, tx);
    }

    @Bean
    Consumer<Message<byte[]>> verifyBackup() {
        return message -> {
            BackupCommand command = codec.read(message.getPayload(), BackupCommand.class);
            if (command instanceof BackupCommand.VerifyBackup v && (v.database() == null || v.database().isBlank()
                    || v.database().equals(verifications.database()))) {
                // The RUNNING row and its scheduled run are the message's effect, in the transaction of its id.
                processed.once("verifyBackup", v, () -> {
                    try {
                        return launcher.launch(verifications.begin("kafka:" + v.requestedBy()));
                    } catch (Verifications.AlreadyRunning e) {
                        log.info("backup.request_skipped reason=\"{}\"", e.getMessage());
                        return null;
                    }
                });
            }
        };
    }
}

package io.tocsin.contracts.messages;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.UUID;

/** Requests to backup-verifier, on {@code backups.commands.v1} keyed by database name. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(value = BackupCommand.VerifyBackup.class, name = MessageTypes.VERIFY_BACKUP))
public sealed interface BackupCommand extends TocsinMessage {

    /**
     * Verify the newest backup of {@code database} now (seed runbook section 9).
     *
     * @param database    the live database; {@code null} or blank means every configured one
     * @param requestedBy {@code remediation:<incident key>}, {@code api:<principal>}, …
     */
    record VerifyBackup(UUID eventId, Instant occurredAt, String database, String requestedBy) implements BackupCommand {
        @Override
        public String partitionKey() {
            return database == null || database.isBlank() ? "*" : database;
        }
    }
}

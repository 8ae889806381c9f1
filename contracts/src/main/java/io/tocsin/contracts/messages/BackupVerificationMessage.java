package io.tocsin.contracts.messages;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Messages on {@code backups.verifications.v1}, keyed by database name. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(value = BackupVerificationCompleted.class,
        name = MessageTypes.BACKUP_VERIFICATION_COMPLETED))
public sealed interface BackupVerificationMessage extends TocsinMessage permits BackupVerificationCompleted {
}

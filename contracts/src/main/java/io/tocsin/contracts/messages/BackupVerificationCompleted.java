package io.tocsin.contracts.messages;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The verdict of one restore test of a PostgreSQL backup (seed runbook section 9, "Disaster Recovery
 * Validation").
 *
 * @param verificationId        id of the verification run
 * @param database              the live database the backup belongs to (the message key)
 * @param passed                {@code true} when every check passed
 * @param checks                each check with expected, actual and verdict
 * @param backupFile            file name of the backup restored; {@code null} when none was found
 * @param backupAgeSeconds      age of that backup when verified, seconds; {@code null} when none
 * @param restoreDurationMillis time the restore took, milliseconds
 * @param totalDurationMillis   time the whole verification took, milliseconds
 * @param startedAt             when the verification started
 */
public record BackupVerificationCompleted(
        UUID eventId,
        Instant occurredAt,
        UUID verificationId,
        String database,
        boolean passed,
        List<Check> checks,
        String backupFile,
        Long backupAgeSeconds,
        Long restoreDurationMillis,
        Long totalDurationMillis,
        Instant startedAt) implements BackupVerificationMessage {

    /** Normalises absent checks to an empty list. */
    public BackupVerificationCompleted {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    @Override
    public String partitionKey() {
        return database;
    }

    /**
     * One check of a verification.
     *
     * @param name     e.g. {@code backup_age}, {@code tables_present}, {@code row_counts}
     * @param expected what was expected, as text
     * @param actual   what was found, as text
     * @param passed   the verdict
     */
    public record Check(String name, String expected, String actual, boolean passed) {
    }
}

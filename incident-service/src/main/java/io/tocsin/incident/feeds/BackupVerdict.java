package io.tocsin.incident.feeds;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A backup verification verdict of backup-verifier ({@code backups.verifications.v1}, mapped by messaging).
 *
 * @param eventId        id of the message that carried it
 * @param verificationId the run's id
 * @param database       the database whose latest backup was restored and checked
 * @param backupFile     the backup it restored; {@code null} when none was found
 * @param startedAt      when the run started
 * @param finishedAt     when the verdict was written
 * @param checks         every check with its expected and actual value
 */
public record BackupVerdict(UUID eventId, UUID verificationId, String database, boolean passed, String backupFile,
                            Instant startedAt, Instant finishedAt, List<Check> checks) {

    public BackupVerdict {
        checks = List.copyOf(checks);
    }

    /** One check ({@code backup_age}, {@code row_counts} …) and its outcome. */
    public record Check(String name, String expected, String actual, boolean passed) {
    }

    /** The checks that failed, in order. */
    public List<Check> failed() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }
}

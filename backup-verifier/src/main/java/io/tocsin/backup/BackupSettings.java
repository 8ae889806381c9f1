package io.tocsin.backup;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * backup-verifier configuration, {@code tocsin.backup.*} (seed runbook section 9, "Disaster Recovery
 * Validation", and 4.1).
 *
 * @param directory         folder of {@code pg_dump} files named {@code <db>_YYYYMMDD_HHMMSS.dump|.sql.gz} ({@code TOCSIN_BACKUP_DIRECTORY})
 * @param sourceUrl         JDBC URL of the live database the backup is compared with ({@code TOCSIN_BACKUP_SOURCE_URL});
 *                          scratch databases are created on the same server
 * @param schedule          cron in UTC, default {@code 0 0 4 * * *} (04:00 daily)
 * @param maxAge            newest backup older than this fails {@code backup_age} (seed {@code BackupTooOld}: 25 h)
 * @param restoreTimeout    a restore running longer is stopped and fails
 * @param restoreTarget     a restore slower than this fails {@code restore_duration}
 * @param rowCountTolerance relative difference allowed between live and restored row counts (the live one moved on)
 * @param tables            tables that must be present; empty = every table of the live database
 * @param criticalTables    tables whose content must equal the live one (checksum over rows ordered by primary key)
 * @param pgRestore         path of {@code pg_restore}
 * @param psql              path of {@code psql}
 * @param reportFile        where the latest report is also written as JSON ({@code verify-latest.json}); empty = not written
 */
@Validated
@ConfigurationProperties("tocsin.backup")
public record BackupSettings(
        Path directory,
        String sourceUrl,
        String sourceUsername,
        String sourcePassword,
        @NotNull @DefaultValue("0 0 4 * * *") String schedule,
        @NotNull @DefaultValue("25h") Duration maxAge,
        @NotNull @DefaultValue("30m") Duration restoreTimeout,
        @NotNull @DefaultValue("15m") Duration restoreTarget,
        @DefaultValue("0.1") double rowCountTolerance,
        @DefaultValue List<String> tables,
        @DefaultValue List<String> criticalTables,
        @NotNull @DefaultValue("pg_restore") String pgRestore,
        @NotNull @DefaultValue("psql") String psql,
        String reportFile) {

    /** The live database's name: the last path segment of {@link #sourceUrl}. */
    public String database() {
        return ConnectionInfo.of(sourceUrl, sourceUsername, sourcePassword).database();
    }
}

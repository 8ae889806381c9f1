package io.tocsin.backup;

import jakarta.validation.constraints.NotNull;
import io.tocsin.backup.restore.ConnectionInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * @param rowCountTolerance relative difference allowed between the restored row count and the live one: of the rows up to
 *                          the dump's watermark (rows deleted since the dump), or, for a table without a watermark, of
 *                          all live rows (it moved on); default 0.1 (docs/adr/0008-backups-compared-up-to-their-watermark.md)
 * @param tables            tables that must be present; empty = every table of the live database
 * @param criticalTables    append-only tables (ledgers, audit trails) whose rows up to the dump's watermark must equal the
 *                          live ones: checksum over those rows ordered by primary key; each needs a watermark
 * @param watermarkColumns  per table ({@code [schema.table]: column}), the column whose largest restored value marks what
 *                          the dump holds: live rows above it were written after the dump and are left out of the
 *                          comparison. Default: the single-column primary key if numeric or date/time (it grows);
 *                          name a creation timestamp for tables keyed by random UUIDs
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
        Map<String, String> watermarkColumns,
        @NotNull @DefaultValue("pg_restore") String pgRestore,
        @NotNull @DefaultValue("psql") String psql,
        String reportFile) {

    /** Normalises an absent map to an empty one. */
    public BackupSettings {
        watermarkColumns = watermarkColumns == null ? Map.of() : Map.copyOf(watermarkColumns);
    }

    /** The live database's name: the last path segment of {@link #sourceUrl}. */
    public String database() {
        return ConnectionInfo.of(sourceUrl, sourceUsername, sourcePassword).database();
    }
}

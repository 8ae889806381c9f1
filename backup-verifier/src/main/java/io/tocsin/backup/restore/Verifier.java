package io.tocsin.backup.restore;

import io.tocsin.backup.BackupSettings;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One restore test (seed 000 section 9): locate the newest backup ({@link BackupFiles}) and check its age, restore it
 * into a scratch database {@code tocsin_verify_<timestamp>_<n>} on the live database's server ({@link Restore}),
 * compare it with the live database ({@link Comparison}), and drop the scratch database — always, also after a
 * failure or a timeout. A failing step skips the checks that depend on it. Scratch databases a killed verifier left
 * behind are dropped before the restore ({@link ScratchDatabases}).
 */
@Component
public class Verifier {

    /**
     * The check names a report can hold ({@code checksum:<table>} counted as {@code checksum}), and {@code verification}
     * when the run itself failed: the label values of {@code tocsin_backup_checks_failed_total}.
     */
    public static final List<String> CHECKS = List.of("backup_age", "restore", "restore_duration",
            "tables_present", "row_counts", "checksum", "extensions", "index_count", "enum_type_count", "verification");
    private static final Logger log = LoggerFactory.getLogger(Verifier.class);

    private final BackupSettings settings;
    private final Clock clock;
    private final Restore restore;
    private final Comparison comparison;

    public Verifier(BackupSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.restore = new Restore(settings.pgRestore(), settings.psql(), settings.restoreTimeout());
        this.comparison = new Comparison(settings.tables(), settings.criticalTables(), settings.watermarkColumns(),
                settings.rowCountTolerance());
    }

    /**
     * What a run found.
     *
     * @param backupFile       the backup's file name; {@code null} when none was found
     * @param backupAgeSeconds its age when the run started
     * @param restoreMillis    how long the restore took; {@code null} when it did not run
     */
    public record Outcome(List<Check> checks, String backupFile, Long backupAgeSeconds, Long restoreMillis) {

        /** Whether there were checks and every one passed. */
        public boolean passed() {
            return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
        }
    }

    /** Runs one restore test of the configured database; a broken backup is a failed check, never an exception. */
    public Outcome verify() {
        List<Check> checks = new ArrayList<>();
        ConnectionInfo live = ConnectionInfo.of(settings.sourceUrl(), settings.sourceUsername(), settings.sourcePassword());
        Optional<BackupFiles.Backup> found;
        try {
            found = BackupFiles.newest(settings.directory(), live.database());
        } catch (IOException e) {
            found = Optional.empty();
        }
        if (found.isEmpty()) {
            checks.add(new Check("backup_age", "a backup " + live.database() + "_YYYYMMDD_HHMMSS.{dump,sql.gz} in "
                    + settings.directory(), "none found", false));
            return new Outcome(checks, null, null, null);
        }
        BackupFiles.Backup backup = found.get();
        long age = Duration.between(backup.takenAt(), clock.instant()).toSeconds();
        checks.add(new Check("backup_age", "<= " + settings.maxAge().toHours() + "h", hours(age), age <= settings.maxAge().toSeconds()));

        String scratchName = ScratchDatabases.name(clock.instant());
        ConnectionInfo scratch = live.withDatabase(scratchName);
        ConnectionInfo admin = live.withDatabase("postgres");
        Long restoreMillis = null;
        try {
            ScratchDatabases.dropOrphans(admin, clock.instant());
        } catch (SQLException e) {
            log.warn("backup.orphaned_scratch_unknown reason=\"{}\"", e.getMessage()); // the restore itself may still work
        }
        Connection guard = null;
        try {
            execute(admin, "CREATE DATABASE " + scratchName);
            // A session on the scratch database for as long as this run uses it, also between the restore tool's exit
            // and the comparison's connections: another verifier's sweep never takes it for an orphan.
            guard = DriverManager.getConnection(scratch.jdbcUrl(), scratch.user(), scratch.password());
            long started = System.nanoTime();
            Optional<String> restoreError = restore.into(backup, scratch);
            restoreMillis = (System.nanoTime() - started) / 1_000_000;
            checks.add(new Check("restore", "exit 0", restoreError.orElse("exit 0"), restoreError.isEmpty()));
            if (restoreError.isEmpty()) {
                checks.add(new Check("restore_duration", "<= " + settings.restoreTarget().toSeconds() + "s",
                        (restoreMillis / 1000) + "s", restoreMillis <= settings.restoreTarget().toMillis()));
                comparison.compare(live, scratch, checks);
            }
        } catch (SQLException e) {
            checks.add(new Check("restore", "a scratch database", "cannot prepare it: " + e.getMessage(), false));
        } finally {
            closeQuietly(guard);
            try {
                execute(admin, "DROP DATABASE IF EXISTS " + scratchName + " WITH (FORCE)");
            } catch (SQLException e) {
                log.error("backup.scratch_not_dropped database={} reason=\"{}\"", scratchName, e.getMessage());
            }
        }
        return new Outcome(checks, backup.file().getFileName().toString(), age, restoreMillis);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // dropped with FORCE next anyway
            }
        }
    }

    private static void execute(ConnectionInfo admin, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password())) {
            c.createStatement().execute(sql);
        }
    }

    private static String hours(long seconds) {
        return String.format(Locale.ROOT, "%.1fh", seconds / 3600.0);
    }
}

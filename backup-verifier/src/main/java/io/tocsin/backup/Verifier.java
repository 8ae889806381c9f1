package io.tocsin.backup;

import io.tocsin.common.messages.BackupVerificationCompleted.Check;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One restore test (seed runbook section 9): find the newest backup, check its age, restore it into a
 * scratch database {@code tocsin_verify_<timestamp>} on the live database's server with
 * {@code pg_restore} ({@code .dump}) or {@code psql} ({@code .sql.gz}) under a timeout, compare it with
 * the live database, and drop the scratch database — always, also after a failure or a timeout.
 *
 * <p>Checks (each with expected, actual, verdict): {@code backup_age}, {@code restore},
 * {@code restore_duration}, {@code tables_present}, {@code row_counts}, {@code checksum:<table>} for
 * critical tables, {@code extensions}, {@code index_count}, {@code enum_type_count}. A failing step skips
 * the checks that depend on it.
 */
@Component
public class Verifier {

    private static final Logger log = LoggerFactory.getLogger(Verifier.class);
    /**
     * The check names a report can hold ({@code checksum:<table>} counted as {@code checksum}), and {@code verification}
     * when the run itself failed: the label values of {@code tocsin_backup_checks_failed_total}.
     */
    static final java.util.List<String> CHECKS = java.util.List.of("backup_age", "restore", "restore_duration",
            "tables_present", "row_counts", "checksum", "extensions", "index_count", "enum_type_count", "verification");
    private static final DateTimeFormatter SCRATCH = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private final BackupSettings settings;
    private final Clock clock;

    Verifier(BackupSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** What a run found. */
    public record Outcome(List<Check> checks, String backupFile, Long backupAgeSeconds, Long restoreMillis) {
        public boolean passed() {
            return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
        }
    }

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

        String scratchName = "tocsin_verify_" + SCRATCH.format(clock.instant()) + "_" + ThreadLocalRandom.current().nextInt(1000, 10000);
        ConnectionInfo scratch = live.withDatabase(scratchName);
        ConnectionInfo admin = live.withDatabase("postgres");
        Long restoreMillis = null;
        try {
            execute(admin, "CREATE DATABASE " + scratchName);
            long started = System.nanoTime();
            Optional<String> restoreError = restore(backup, scratch);
            restoreMillis = (System.nanoTime() - started) / 1_000_000;
            checks.add(new Check("restore", "exit 0", restoreError.orElse("exit 0"), restoreError.isEmpty()));
            if (restoreError.isEmpty()) {
                checks.add(new Check("restore_duration", "<= " + settings.restoreTarget().toSeconds() + "s",
                        (restoreMillis / 1000) + "s", restoreMillis <= settings.restoreTarget().toMillis()));
                compare(live, scratch, checks);
            }
        } catch (SQLException e) {
            checks.add(new Check("restore", "a scratch database", "cannot prepare it: " + e.getMessage(), false));
        } finally {
            try {
                execute(admin, "DROP DATABASE IF EXISTS " + scratchName + " WITH (FORCE)");
            } catch (SQLException e) {
                log.error("backup.scratch_not_dropped database={} reason=\"{}\"", scratchName, e.getMessage());
            }
        }
        return new Outcome(checks, backup.file().getFileName().toString(), age, restoreMillis);
    }

    /** Runs the restore; empty when it succeeded, else what went wrong (truncated stderr, timeout, missing binary). */
    private Optional<String> restore(BackupFiles.Backup backup, ConnectionInfo scratch) {
        List<String> command = backup.format() == BackupFiles.Format.CUSTOM
                ? List.of(settings.pgRestore(), "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", scratch.database(),
                backup.file().toString())
                : List.of(settings.psql(), "--no-psqlrc", "--quiet", "-v", "ON_ERROR_STOP=1", "--dbname", scratch.database());
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(scratch.environment());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return Optional.of("cannot run " + command.getFirst() + ": " + e.getMessage()
                    + " (set tocsin.backup." + (backup.format() == BackupFiles.Format.CUSTOM ? "pg-restore" : "psql") + ")");
        }
        Thread feeder = null;
        if (backup.format() == BackupFiles.Format.PLAIN_GZIP) {
            feeder = Thread.ofVirtual().start(() -> {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(backup.file()));
                     OutputStream out = process.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    log.info("backup.feed_stopped file={} reason=\"{}\"", backup.file().getFileName(), e.getMessage());
                    process.destroy();
                }
            });
        }
        try {
            boolean finished = process.waitFor(settings.restoreTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return Optional.of("timed out after " + settings.restoreTimeout().toSeconds() + "s");
            }
            if (feeder != null) {
                feeder.join(Duration.ofSeconds(5));
            }
            String stderr = new String(process.getErrorStream().readNBytes(2000), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                return Optional.of("exit " + process.exitValue() + (stderr.isEmpty() ? "" : ": " + stderr));
            }
            if (backup.format() == BackupFiles.Format.PLAIN_GZIP && stderr.contains("ERROR")) {
                return Optional.of(stderr);
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return Optional.of("interrupted");
        } catch (IOException e) {
            return Optional.of("reading the restore's output: " + e.getMessage());
        }
    }

    private void compare(ConnectionInfo live, ConnectionInfo scratch, List<Check> checks) throws SQLException {
        try (Connection l = connect(live); Connection r = connect(scratch)) {
            TreeSet<String> liveTables = new TreeSet<>(strings(l, TABLES));
            TreeSet<String> restoredTables = new TreeSet<>(strings(r, TABLES));
            TreeSet<String> expected = settings.tables().isEmpty() ? liveTables : new TreeSet<>(settings.tables().stream()
                    .map(t -> t.contains(".") ? t : "public." + t).toList());
            TreeSet<String> missing = new TreeSet<>(expected);
            missing.removeAll(restoredTables);
            checks.add(new Check("tables_present", expected.size() + " tables", missing.isEmpty()
                    ? restoredTables.size() + " tables" : "missing " + String.join(", ", missing), missing.isEmpty()));

            // Compared up to each table's watermark (docs/adr/0008): rows the live database took after the dump are
            // left out, so a good dump of a database under writes verifies.
            List<String> countProblems = new ArrayList<>();
            long liveRows = 0;
            long restoredRows = 0;
            for (String table : expected) {
                if (!restoredTables.contains(table) || !liveTables.contains(table)) {
                    continue;
                }
                Optional<Watermark> mark = Watermark.of(r, table, settings.watermarkColumns().get(table));
                long b = count(r, table);
                long a = mark.map(m -> m.countUpTo(l)).orElseGet(() -> count(l, table));
                liveRows += a;
                restoredRows += b;
                if (Math.abs(a - b) > Math.max(settings.rowCountTolerance() * a, 0)) {
                    countProblems.add(table + " " + b + " vs " + a + mark.map(m -> " up to " + m.describe()).orElse(""));
                }
            }
            checks.add(new Check("row_counts", liveRows + " rows (±" + Math.round(settings.rowCountTolerance() * 100)
                    + "%, up to each table's watermark)", countProblems.isEmpty() ? restoredRows + " rows"
                    : "differ: " + String.join("; ", countProblems), countProblems.isEmpty()));

            for (String table : settings.criticalTables()) {
                String qualified = table.contains(".") ? table : "public." + table;
                if (!restoredTables.contains(qualified)) {
                    checks.add(new Check("checksum:" + qualified, "the table", "table missing", false));
                    continue;
                }
                Optional<Watermark> mark = Watermark.of(r, qualified, settings.watermarkColumns().get(qualified));
                if (mark.isEmpty() && count(r, qualified) == 0) {
                    long liveCount = count(l, qualified);
                    checks.add(new Check("checksum:" + qualified, "rows as in the live table", liveCount == 0 ? "both empty"
                            : "restored copy empty, live has " + liveCount + " rows", liveCount == 0));
                    continue;
                }
                if (mark.isEmpty()) {
                    checks.add(new Check("checksum:" + qualified, "a watermark: a growing single-column primary key "
                            + "(numeric, date/time) or tocsin.backup.watermark-columns[" + qualified + "]", "none", false));
                    continue;
                }
                String a = mark.get().checksumUpTo(l);
                String b = mark.get().checksumUpTo(r);
                checks.add(new Check("checksum:" + qualified, a + " up to " + mark.get().describe(), b, a.equals(b)));
            }

            TreeSet<String> liveExtensions = new TreeSet<>(strings(l, EXTENSIONS));
            TreeSet<String> restoredExtensions = new TreeSet<>(strings(r, EXTENSIONS));
            checks.add(new Check("extensions", String.join(",", liveExtensions), String.join(",", restoredExtensions),
                    restoredExtensions.containsAll(liveExtensions)));
            long liveIndexes = number(l, INDEXES);
            long restoredIndexes = number(r, INDEXES);
            checks.add(new Check("index_count", String.valueOf(liveIndexes), String.valueOf(restoredIndexes),
                    restoredIndexes >= liveIndexes));
            long liveEnums = number(l, ENUMS);
            long restoredEnums = number(r, ENUMS);
            checks.add(new Check("enum_type_count", String.valueOf(liveEnums), String.valueOf(restoredEnums),
                    restoredEnums >= liveEnums));
        }
    }

    private static final String USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
            + "AND n.nspname NOT LIKE 'pg_temp%'";
    private static final String TABLES = "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.relkind IN ('r', 'p') AND " + USER_SCHEMAS;
    private static final String EXTENSIONS = "SELECT extname FROM pg_extension";
    private static final String INDEXES = "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.relkind = 'i' AND " + USER_SCHEMAS;
    private static final String ENUMS = "SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
            + "WHERE t.typtype = 'e' AND " + USER_SCHEMAS;

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long number(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(Connection c, String table) {
        try {
            return number(c, "SELECT count(*) FROM " + quote(table));
        } catch (SQLException e) {
            throw new java.io.UncheckedIOException(new IOException("counting " + table + ": " + e.getMessage(), e));
        }
    }

    /**
     * What a dump holds of one table: its watermark column and the largest value the restored copy has. Rows above it
     * were written after the dump ({@code bigserial}, identity and timestamp columns only grow), so the live table is
     * compared only up to it (docs/adr/0008-backups-compared-up-to-their-watermark.md).
     */
    private record Watermark(String table, String column, String type, String max) {

        /**
         * The watermark of {@code table} in the restored database: {@code configured} (a numeric, date/time or text
         * column), else its single-column primary key when that only grows (numeric, date/time: sequences, identities,
         * timestamps; not a random UUID); empty when there is none or the restored table is empty (nothing to bound by).
         */
        static Optional<Watermark> of(Connection restored, String table, String configured) throws SQLException {
            boolean chosen = configured != null && !configured.isBlank();
            String column = configured;
            if (!chosen) {
                List<String> pk = strings(restored, "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                        + "AND a.attnum = ANY(i.indkey) WHERE i.indisprimary AND i.indrelid = '" + quote(table).replace("'", "''")
                        + "'::regclass");
                if (pk.size() != 1) {
                    return Optional.empty();
                }
                column = pk.getFirst();
            }
            String type;
            String category;
            try (ResultSet rs = restored.createStatement().executeQuery("SELECT format_type(a.atttypid, a.atttypmod), "
                    + "t.typcategory FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = '"
                    + quote(table).replace("'", "''") + "'::regclass AND a.attname = '" + column.replace("'", "''")
                    + "' AND NOT a.attisdropped")) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                type = rs.getString(1);
                category = rs.getString(2);
            }
            if (!("N".equals(category) || "D".equals(category) || (chosen && "S".equals(category)))) {
                return Optional.empty();
            }
            String col = "\"" + column.replace("\"", "\"\"") + "\"";
            try (ResultSet rs = restored.createStatement().executeQuery("SELECT max(" + col + ")::text FROM " + quote(table))) {
                rs.next();
                return rs.getString(1) == null ? Optional.empty() : Optional.of(new Watermark(table, col, type, rs.getString(1)));
            }
        }

        long countUpTo(Connection c) {
            try {
                return number(c, "SELECT count(*) FROM " + quote(table) + " WHERE " + bound());
            } catch (SQLException e) {
                throw new java.io.UncheckedIOException(new IOException("counting " + table + ": " + e.getMessage(), e));
            }
        }

        /** md5 over the rows' text up to the watermark, ordered by primary key (all columns when it has none), and their count. */
        String checksumUpTo(Connection c) throws SQLException {
            List<String> pk = strings(c, "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                    + "AND a.attnum = ANY(i.indkey) WHERE i.indisprimary AND i.indrelid = '" + quote(table).replace("'", "''")
                    + "'::regclass ORDER BY array_position(i.indkey, a.attnum)");
            String order = pk.isEmpty() ? "t::text" : String.join(", ", pk.stream().map(k -> "t.\"" + k.replace("\"", "\"\"") + "\"").toList());
            try (ResultSet rs = c.createStatement().executeQuery("SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY " + order
                    + "), '')) || ' (' || count(*) || ' rows)' FROM " + quote(table) + " t WHERE " + bound())) {
                rs.next();
                return rs.getString(1);
            }
        }

        private String bound() {
            return column + " <= '" + max.replace("'", "''") + "'::" + type;
        }

        String describe() {
            return column.replace("\"", "") + " " + max;
        }
    }

    private static String quote(String qualified) {
        String[] parts = qualified.split("\\.", 2);
        return "\"" + parts[0].replace("\"", "\"\"") + "\".\"" + parts[1].replace("\"", "\"\"") + "\"";
    }

    private static Connection connect(ConnectionInfo info) throws SQLException {
        return DriverManager.getConnection(info.jdbcUrl(), info.user(), info.password());
    }

    private static void execute(ConnectionInfo admin, String sql) throws SQLException {
        try (Connection c = connect(admin)) {
            c.createStatement().execute(sql);
        }
    }

    private static String hours(long seconds) {
        return String.format(java.util.Locale.ROOT, "%.1fh", seconds / 3600.0);
    }
}

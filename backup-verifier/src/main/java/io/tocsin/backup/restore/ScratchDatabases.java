package io.tocsin.backup.restore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scratch databases restore tests create on the live database's server, named
 * {@code tocsin_verify_<yyyyMMddHHmmss UTC>_<n>}, and the sweep that drops the ones a killed verifier left behind.
 *
 * <p>A verifier killed with SIGKILL (or an out-of-memory kill) mid-restore never reaches its {@code DROP DATABASE}: a
 * full copy of the database would stay on the production server for good. Each restore test therefore first drops
 * every scratch database that is an orphan: <em>no session is connected to it</em> (a running verifier holds a guard
 * session on its scratch database from creation to drop) <em>and</em> its name is older than
 * {@link #ORPHAN_AGE}, which covers the milliseconds between {@code CREATE DATABASE} and the restore tool connecting
 * and any clock skew between instances. Another deployment's live run on the same server is thus never touched.
 */
final class ScratchDatabases {

    /** A scratch database without a session is an orphan once its name is this old. */
    static final Duration ORPHAN_AGE = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(ScratchDatabases.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final Pattern NAME = Pattern.compile("tocsin_verify_(\\d{14})_\\d+");

    private ScratchDatabases() {
    }

    /** A fresh scratch database name for a restore test starting at {@code now}. */
    static String name(Instant now) {
        return "tocsin_verify_" + STAMP.format(now.atOffset(ZoneOffset.UTC)) + "_" + ThreadLocalRandom.current().nextInt(1000, 10000);
    }

    /** When the scratch database {@code name} was named, or empty when the name is not a scratch database's. */
    static Optional<Instant> namedAt(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(m.group(1), STAMP).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Drops the orphaned scratch databases on {@code admin}'s server (see the class comment); a database that cannot be
     * dropped is logged and left for the next sweep.
     *
     * @return the names dropped
     * @throws SQLException when the server cannot be listed
     */
    static List<String> dropOrphans(ConnectionInfo admin, Instant now) throws SQLException {
        List<String> dropped = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password())) {
            List<String> idle = new ArrayList<>();
            try (var rs = c.createStatement().executeQuery("""
                    SELECT d.datname FROM pg_database d
                    WHERE d.datname LIKE 'tocsin\\_verify\\_%'
                      AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)""")) {
                while (rs.next()) {
                    idle.add(rs.getString(1));
                }
            }
            for (String name : idle) {
                Optional<Instant> at = namedAt(name);
                if (at.isEmpty() || at.get().isAfter(now.minus(ORPHAN_AGE))) {
                    continue;
                }
                try {
                    // No FORCE: a session that connected since the listing keeps its database.
                    c.createStatement().execute("DROP DATABASE IF EXISTS " + name);
                    dropped.add(name);
                    log.warn("backup.orphaned_scratch_dropped database={} named_at={}", name, at.get());
                } catch (SQLException e) {
                    log.warn("backup.orphaned_scratch_kept database={} reason=\"{}\"", name, e.getMessage());
                }
            }
        }
        return dropped;
    }
}

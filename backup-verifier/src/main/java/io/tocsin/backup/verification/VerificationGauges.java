package io.tocsin.backup.verification;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The gauges the seed's backup rules read ({@code deploy/prometheus/rules/seed-catalogue.yml}, group {@code backup}),
 * computed from {@code backup.verification} when Prometheus scrapes, so every instance reports the same truth and a
 * restart forgets nothing (a gauge kept in memory would start at 0, and {@code BackupVerificationStale} would fire 10
 * minutes after every restart):
 * <ul>
 *   <li>{@code tocsin_backup_last_verification_timestamp_seconds{database, result="passed"|"failed"}}: when the newest
 *       verification with that result finished, Unix seconds; 0 when there is none;</li>
 *   <li>{@code tocsin_backup_age_seconds{database}}: the newest backup's age at the newest finished verification,
 *       seconds; -1 before the first;</li>
 *   <li>{@code tocsin_backup_watching_since_timestamp_seconds{database}}: when backup-verifier was installed (its
 *       schema's first migration), Unix seconds: the dead man's switch counts from there until the first
 *       verification.</li>
 * </ul>
 * A database error makes a gauge NaN (every rule comparison with it is false, so nothing fires on it) and is logged.
 */
final class VerificationGauges {

    private static final Logger log = LoggerFactory.getLogger(VerificationGauges.class);
    private static final Duration FRESH = Duration.ofSeconds(1);

    private record Snapshot(Instant readAt, double passed, double failed, double backupAge, double watchingSince) {
    }

    private final JdbcClient jdbc;
    private final String database;
    private final Clock clock;
    private volatile Snapshot snapshot;

    VerificationGauges(JdbcClient jdbc, String database, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.database = database;
        this.clock = clock;
        Gauge.builder("tocsin.backup.last.verification.timestamp.seconds", () -> snapshot().passed())
                .description("When the last verification with this result finished (Unix seconds); a dead man's switch")
                .tags("database", database, "result", "passed").register(meters);
        Gauge.builder("tocsin.backup.last.verification.timestamp.seconds", () -> snapshot().failed())
                .description("When the last verification with this result finished (Unix seconds); a dead man's switch")
                .tags("database", database, "result", "failed").register(meters);
        Gauge.builder("tocsin.backup.age.seconds", () -> snapshot().backupAge())
                .description("Age of the newest backup at the last verification").tags("database", database).register(meters);
        Gauge.builder("tocsin.backup.watching.since.timestamp.seconds", () -> snapshot().watchingSince())
                .description("When backup-verifier was installed (Unix seconds): BackupVerificationStale counts from here "
                        + "until the first verification").tags("database", database).register(meters);
    }

    /** Forgets the cached values, so the next scrape shows a verification that just finished. */
    void refresh() {
        snapshot = null;
    }

    private Snapshot snapshot() {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current != null && current.readAt().plus(FRESH).isAfter(now)) {
            return current;
        }
        try {
            List<Object[]> last = jdbc.sql("""
                            SELECT status, extract(epoch FROM max(finished_at)) FROM verification
                            WHERE database = ? AND status IN ('PASSED', 'FAILED') GROUP BY status""")
                    .param(database).query((rs, n) -> new Object[] {rs.getString(1), rs.getDouble(2)}).list();
            double passed = last.stream().filter(r -> r[0].equals("PASSED")).mapToDouble(r -> (double) r[1]).findFirst().orElse(0);
            double failed = last.stream().filter(r -> r[0].equals("FAILED")).mapToDouble(r -> (double) r[1]).findFirst().orElse(0);
            double age = jdbc.sql("""
                            SELECT (report ->> 'backupAgeSeconds')::double precision FROM verification
                            WHERE database = ? AND finished_at IS NOT NULL AND report ->> 'backupAgeSeconds' IS NOT NULL
                            ORDER BY finished_at DESC LIMIT 1""")
                    .param(database).query(Double.class).optional().orElse(-1.0);
            Timestamp installed = jdbc.sql("SELECT min(installed_on) FROM flyway_schema_history").query(Timestamp.class).single();
            double since = installed == null ? now.getEpochSecond() : installed.toInstant().getEpochSecond();
            current = new Snapshot(now, passed, failed, age, since);
        } catch (DataAccessException e) {
            log.warn("backup.metrics_unavailable reason=\"{}\"", e.getMessage());
            current = new Snapshot(now, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        snapshot = current;
        return current;
    }
}

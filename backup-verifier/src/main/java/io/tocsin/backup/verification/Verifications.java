package io.tocsin.backup.verification;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.backup.BackupSettings;
import io.tocsin.backup.restore.Check;
import io.tocsin.backup.restore.Verifier;
import io.micrometer.core.instrument.Timer;
import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.BackupVerificationCompleted;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Runs verifications one at a time per database, keeps their reports as history in
 * {@code backup.verification}, writes the latest to {@code tocsin.backup.report-file}, publishes
 * {@link BackupVerificationCompleted} through the outbox, and exports the metrics the seed's
 * {@code BackupTooOld} / {@code BackupVerificationFailed} rules need.
 */
@Service
public class Verifications {

    private static final Logger log = LoggerFactory.getLogger(Verifications.class);
    /** The db-scheduler one-time task that runs one verification; its instance id is the verification's id. */
    public static final String RUN_TASK = "backup-verification";

    private final Verifier verifier;
    private final BackupSettings settings;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer restoreDuration;
    private final VerificationGauges gauges;

    Verifications(Verifier verifier, BackupSettings settings, JdbcClient jdbc, TransactionTemplate tx,
                  ApplicationEventPublisher events, Clock clock, MeterRegistry meters) {
        this.verifier = verifier;
        this.settings = settings;
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
        this.meters = meters;
        for (String check : Verifier.CHECKS) {
            meters.counter("tocsin.backup.checks.failed", "check", check); // at zero, for dashboards
        }
        this.restoreDuration = Timer.builder("tocsin.backup.restore.duration").description("Time a backup restore took")
                .serviceLevelObjectives(java.time.Duration.ofMinutes(1), java.time.Duration.ofMinutes(5),
                        java.time.Duration.ofMinutes(15), java.time.Duration.ofMinutes(30), java.time.Duration.ofHours(1))
                .register(meters);
        this.gauges = new VerificationGauges(jdbc, database(), clock, meters);
    }

    /** A verification is already running for this database. */
    public static class AlreadyRunning extends RuntimeException {
        private final UUID running;

        AlreadyRunning(String database, UUID running) {
            super("a verification of " + database + " is already running: " + running);
            this.running = running;
        }

        public UUID running() {
            return running;
        }
    }

    /**
     * Registers a verification as RUNNING.
     *
     * @param trigger {@code schedule}, {@code api:<who>} or {@code kafka:<requestedBy>}
     * @throws AlreadyRunning with the running one's id
     */
    public UUID begin(String trigger) {
        UUID id = UUID.randomUUID();
        // ON CONFLICT rather than catching the unique violation: begin runs inside its caller's transaction, which a
        // failed statement would abort.
        int inserted = jdbc.sql("""
                        INSERT INTO verification (id, database, status, trigger, started_at) VALUES (?, ?, 'RUNNING', ?, ?)
                        ON CONFLICT (database) WHERE status = 'RUNNING' DO NOTHING""")
                .params(id, database(), trigger, Timestamp.from(clock.instant())).update();
        if (inserted == 0) {
            UUID running = jdbc.sql("SELECT id FROM verification WHERE database = ? AND status = 'RUNNING'")
                    .param(database()).query(UUID.class).optional().orElse(null);
            throw new AlreadyRunning(database(), running);
        }
        return id;
    }

    /** A run that was interrupted (its instance is stopping): nothing was recorded, another instance runs it again. */
    public static class Abandoned extends RuntimeException {
        Abandoned(UUID id) {
            super("verification " + id + " was interrupted before it finished; left RUNNING for another instance");
        }
    }

    /**
     * Runs a begun verification to its end and records it once; never throws for a failed backup. When two instances
     * run it (one revived it while the other was still alive), only the first to finish records and publishes.
     *
     * @throws IllegalStateException when {@code id} is not a RUNNING verification
     * @throws Abandoned when the thread was interrupted meanwhile (the instance is stopping): nothing is recorded
     */
    public BackupVerificationCompleted run(UUID id) {
        Optional<Timestamp> begun = jdbc.sql("SELECT started_at FROM verification WHERE id = ? AND status = 'RUNNING'")
                .param(id).query(Timestamp.class).optional();
        if (begun.isEmpty()) {
            throw new IllegalStateException("verification " + id + " is not running");
        }
        Instant started = begun.get().toInstant();
        Verifier.Outcome outcome;
        try {
            outcome = verifier.verify();
        } catch (RuntimeException e) {
            outcome = new Verifier.Outcome(List.of(new Check("verification", "completes",
                    e.getClass().getSimpleName() + ": " + e.getMessage(), false)), null, null, null);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new Abandoned(id); // a stop, not a failed backup: no verdict
        }
        Instant finished = clock.instant();
        BackupVerificationCompleted result = new BackupVerificationCompleted(UUID.randomUUID(), finished, id, database(),
                outcome.passed(), outcome.checks().stream().map(c -> new BackupVerificationCompleted.Check(c.name(),
                        c.expected(), c.actual(), c.passed())).toList(), outcome.backupFile(), outcome.backupAgeSeconds(), outcome.restoreMillis(),
                java.time.Duration.between(started, finished).toMillis(), started);
        Verifier.Outcome recorded = outcome;
        boolean first = Boolean.TRUE.equals(tx.execute(status -> {
            int updated = jdbc.sql("""
                            UPDATE verification SET status = ?, finished_at = ?, backup_file = ?, report = ?::jsonb
                            WHERE id = ? AND status = 'RUNNING'""")
                    .params(recorded.passed() ? "PASSED" : "FAILED", Timestamp.from(finished), recorded.backupFile(),
                            TocsinJson.mapper().writeValueAsString(result), id).update();
            if (updated == 1) {
                events.publishEvent(result);
            }
            return updated == 1;
        }));
        if (!first) {
            log.info("backup.already_recorded verification={} reason=\"another instance finished it first\"", id);
            return result;
        }
        metrics(result);
        writeReportFile(result);
        log.info("backup.verified database={} passed={} backup={} failed={}", database(), result.passed(), result.backupFile(),
                result.checks().stream().filter(c -> !c.passed()).map(BackupVerificationCompleted.Check::name).toList());
        return result;
    }

    /**
     * Marks RUNNING verifications that no run will finish as failed, so a database is never stuck "running": those
     * without their {@code backup-verification} task (a version before the cluster scheduler, or a task removed by
     * hand). A run whose instance died keeps its task, which another instance revives, so live and revivable runs are
     * left alone however many instances start.
     */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    public void failOrphaned() {
        int n = jdbc.sql("""
                        UPDATE verification SET status = 'FAILED', finished_at = now()
                        WHERE status = 'RUNNING' AND NOT EXISTS (SELECT 1 FROM scheduled_tasks t
                            WHERE t.task_name = ? AND t.task_instance = verification.id::text)""")
                .param(RUN_TASK).update();
        if (n > 0) {
            log.warn("backup.orphaned_verifications count={}", n);
        }
    }

    /** The latest finished report, as stored. */
    public Optional<JsonNode> latest() {
        return jdbc.sql("SELECT report::text FROM verification WHERE report IS NOT NULL ORDER BY finished_at DESC LIMIT 1")
                .query(String.class).optional().map(s -> TocsinJson.mapper().readTree(s));
    }

    /** A page of reports, newest first: {@code {"items","page","size","total"}}. */
    public Map<String, Object> page(int page, int size) {
        long total = jdbc.sql("SELECT count(*) FROM verification").query(Long.class).single();
        List<Map<String, Object>> items = jdbc.sql("""
                        SELECT id, database, status, trigger, started_at, finished_at, backup_file, report::text
                        FROM verification ORDER BY started_at DESC LIMIT ? OFFSET ?""")
                .params(size, (long) page * size)
                .query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getObject(1, UUID.class));
                    m.put("database", rs.getString(2));
                    m.put("status", rs.getString(3));
                    m.put("trigger", rs.getString(4));
                    m.put("startedAt", rs.getTimestamp(5).toInstant());
                    m.put("finishedAt", rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant());
                    m.put("backupFile", rs.getString(7));
                    m.put("report", rs.getString(8) == null ? null : TocsinJson.mapper().readTree(rs.getString(8)));
                    return m;
                }).list();
        return Map.of("items", items, "page", page, "size", size, "total", total);
    }

    public String database() {
        return settings.database();
    }

    private void metrics(BackupVerificationCompleted result) {
        gauges.refresh();
        if (result.restoreDurationMillis() != null) {
            restoreDuration.record(java.time.Duration.ofMillis(result.restoreDurationMillis()));
        }
        result.checks().stream().filter(c -> !c.passed())
                .forEach(c -> meters.counter("tocsin.backup.checks.failed", "check", c.name().replaceFirst(":.*", "")).increment());
    }

    private void writeReportFile(BackupVerificationCompleted result) {
        if (settings.reportFile() == null || settings.reportFile().isBlank()) {
            return;
        }
        try {
            Path file = Path.of(settings.reportFile());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, TocsinJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            log.warn("backup.report_file_not_written file={} reason=\"{}\"", settings.reportFile(), e.getMessage());
        }
    }
}

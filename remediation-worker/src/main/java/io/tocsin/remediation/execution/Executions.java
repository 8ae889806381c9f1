package io.tocsin.remediation.execution;

import io.tocsin.contracts.messages.RemediationResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** {@code remediation.execution}. */
@Repository
public class Executions {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            id, incident_id, incident_key, runbook, step, action, target, parameters::text, approval, dry_run, timeout_ms,
            status, attempts, worker, decided_by, summary, report::text, error, created_at, started_at, finished_at""";

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    Executions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a planned step unless (incident, runbook, step) exists; returns whether it was new. */
    boolean plan(Execution e) {
        return jdbc.sql("""
                        INSERT INTO execution (id, incident_id, incident_key, runbook, step, action, target, parameters, approval,
                                               dry_run, timeout_ms, status, error, created_at, finished_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (incident_id, runbook, step) DO NOTHING""")
                .params(e.id(), e.incidentId(), e.incidentKey(), e.runbook(), e.step(), e.action(), e.target(),
                        json.writeValueAsString(e.parameters()), e.approval(), e.dryRun(), e.timeoutMs(), e.status(),
                        e.error(), Timestamp.from(e.createdAt()), e.finishedAt() == null ? null : Timestamp.from(e.finishedAt()))
                .update() == 1;
    }

    Optional<Execution> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM execution WHERE id = ?").param(id).query(this::row).optional();
    }

    /** Executions of an incident (UUID or {@code INC-<n>}), in runbook and step order. */
    public List<Execution> ofIncident(String incident) {
        UUID id = null;
        try {
            id = UUID.fromString(incident);
        } catch (IllegalArgumentException ignored) {
            // a key
        }
        return id != null
                ? jdbc.sql("SELECT " + COLUMNS + " FROM execution WHERE incident_id = ? ORDER BY created_at, runbook, step")
                .param(id).query(this::row).list()
                : jdbc.sql("SELECT " + COLUMNS + " FROM execution WHERE upper(incident_key) = upper(?) ORDER BY created_at, runbook, step")
                .param(incident).query(this::row).list();
    }

    /** The most recent executions of all incidents. */
    public List<Execution> recent(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM execution ORDER BY created_at DESC, runbook, step LIMIT ?")
                .param(limit).query(this::row).list();
    }

    /**
     * Claims the next runnable step, row-locked: PENDING (or RUNNING with an expired lease) and every earlier
     * step of its runbook SUCCEEDED or SKIPPED.
     */
    Optional<Execution> lockNextRunnable(Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM execution e " + """
                        WHERE ((e.status = 'PENDING' AND e.not_before <= ?) OR (e.status = 'RUNNING' AND e.lease_until < ?))
                          AND NOT EXISTS (SELECT 1 FROM execution p WHERE p.incident_id = e.incident_id AND p.runbook = e.runbook
                                            AND p.step < e.step AND p.status NOT IN ('SUCCEEDED', 'SKIPPED'))
                        ORDER BY e.created_at, e.step
                        LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .params(Timestamp.from(now), Timestamp.from(now)).query(this::row).optional();
    }

    void awaitApproval(UUID id, Instant expiresAt) {
        jdbc.sql("UPDATE execution SET status = 'AWAITING_APPROVAL', approval_expires_at = ? WHERE id = ?")
                .params(Timestamp.from(expiresAt), id).update();
    }

    /**
     * Cancels up to {@code limit} steps whose approval request expired at {@code now} ({@code error: approval_expired})
     * and returns them; rows another instance holds are skipped, so each expires once.
     */
    List<Execution> expireApprovals(Instant now, int limit) {
        return jdbc.sql("""
                        UPDATE execution SET status = 'CANCELLED', error = ?, finished_at = ?
                        WHERE id IN (SELECT id FROM execution WHERE status = 'AWAITING_APPROVAL' AND approval_expires_at <= ?
                                     ORDER BY approval_expires_at LIMIT ? FOR UPDATE SKIP LOCKED)
                        RETURNING""" + " " + COLUMNS)
                .params(RemediationResult.RemediationSkipped.APPROVAL_EXPIRED, Timestamp.from(now), Timestamp.from(now), limit)
                .query(this::row).list();
    }

    /** Cancels every step of an incident that has not started (PENDING, AWAITING_APPROVAL) and returns them. */
    List<Execution> cancelWaiting(UUID incidentId, String reason, Instant now) {
        return jdbc.sql("""
                        UPDATE execution SET status = 'CANCELLED', error = ?, finished_at = ?
                        WHERE incident_id = ? AND status IN ('PENDING', 'AWAITING_APPROVAL') RETURNING""" + " " + COLUMNS)
                .params(reason, Timestamp.from(now), incidentId).query(this::row).list();
    }

    void startRunning(UUID id, String worker, Instant now, Instant leaseUntil) {
        jdbc.sql("""
                        UPDATE execution SET status = 'RUNNING', attempts = attempts + 1, worker = ?, lease_until = ?,
                               started_at = coalesce(started_at, ?) WHERE id = ?""")
                .params(worker, Timestamp.from(leaseUntil), Timestamp.from(now), id).update();
    }

    /** Puts a claimed step back (target busy, circuit open) to be tried again at {@code notBefore}. */
    void release(UUID id, String worker, Instant notBefore) {
        jdbc.sql("""
                        UPDATE execution SET status = 'PENDING', attempts = greatest(attempts - 1, 0), not_before = ?, lease_until = NULL
                        WHERE id = ? AND status = 'RUNNING' AND worker = ?""")
                .params(Timestamp.from(notBefore), id, worker).update();
    }

    /** Records the outcome, only if this worker still holds the step; returns whether it did. */
    boolean finish(UUID id, String worker, String status, String summary, Map<String, Object> report, String error, Instant now) {
        return jdbc.sql("""
                        UPDATE execution SET status = ?, summary = ?, report = ?::jsonb, error = ?, finished_at = ?, lease_until = NULL
                        WHERE id = ? AND status = 'RUNNING' AND worker = ?""")
                .params(status, summary, report == null ? null : json.writeValueAsString(report), error, Timestamp.from(now),
                        id, worker)
                .update() == 1;
    }

    /** Cancels the later steps of a runbook after a step did not succeed; returns them. */
    List<Execution> cancelLater(Execution failed, String reason, Instant now) {
        List<Execution> later = jdbc.sql("SELECT " + COLUMNS + " FROM execution WHERE incident_id = ? AND runbook = ?"
                        + " AND step > ? AND status IN ('PENDING', 'AWAITING_APPROVAL') FOR UPDATE")
                .params(failed.incidentId(), failed.runbook(), failed.step()).query(this::row).list();
        for (Execution e : later) {
            jdbc.sql("UPDATE execution SET status = 'CANCELLED', error = ?, finished_at = ? WHERE id = ?")
                    .params(reason, Timestamp.from(now), e.id()).update();
        }
        return later;
    }

    /**
     * Approve: an AWAITING_APPROVAL (or still PENDING) step of approval REQUIRED becomes runnable, unless its request
     * already expired (the sweep has not cancelled it yet).
     */
    Optional<Execution> approve(UUID id, String actor) {
        int n = jdbc.sql("""
                        UPDATE execution SET status = 'PENDING', decided_by = ?, not_before = now()
                        WHERE id = ? AND status IN ('AWAITING_APPROVAL', 'PENDING') AND decided_by IS NULL
                          AND (approval_expires_at IS NULL OR approval_expires_at > now())""")
                .params(actor, id).update();
        return n == 1 ? find(id) : Optional.empty();
    }

    /** Reject: the step is recorded REJECTED. */
    Optional<Execution> reject(UUID id, String actor, String reason, Instant now) {
        int n = jdbc.sql("""
                        UPDATE execution SET status = 'REJECTED', decided_by = ?, error = ?, finished_at = ?
                        WHERE id = ? AND status IN ('AWAITING_APPROVAL', 'PENDING')""")
                .params(actor, reason, Timestamp.from(now), id).update();
        return n == 1 ? find(id) : Optional.empty();
    }

    private Execution row(ResultSet rs, int n) throws SQLException {
        String report = rs.getString(17);
        return new Execution(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getInt(5), rs.getString(6), rs.getString(7), json.readValue(rs.getString(8), MAP), rs.getString(9),
                rs.getBoolean(10), rs.getLong(11), rs.getString(12), rs.getInt(13), rs.getString(14), rs.getString(15),
                rs.getString(16), report == null ? null : json.readValue(report, MAP), rs.getString(18),
                instant(rs, 19), instant(rs, 20), instant(rs, 21));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}

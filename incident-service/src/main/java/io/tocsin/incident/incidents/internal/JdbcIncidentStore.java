package io.tocsin.incident.incidents.internal;

import io.tocsin.incident.incidents.Incident;
import io.tocsin.incident.incidents.IncidentFilter;
import io.tocsin.incident.incidents.IncidentStatus;
import io.tocsin.incident.incidents.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code incident.incident}: plain JDBC, row locks for every change. */
@Repository
public class JdbcIncidentStore {

    private static final String COLUMNS = """
            id, number, title, status, severity, service, grouping_key, group_key, receiver, source, external_url,
            opened_at, acknowledged_at, acknowledged_by, resolved_at, resolved_by, previous_incident_id""";

    private final JdbcClient jdbc;

    JdbcIncidentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The next incident number, from a sequence (gaps after rollbacks are expected). */
    public long nextNumber() {
        return jdbc.sql("SELECT nextval('incident_number_seq')").query(Long.class).single();
    }

    public void insert(Incident i) {
        jdbc.sql("INSERT INTO incident (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(i.id(), i.number(), i.title(), i.status().name(), i.severity().name(), i.service(),
                        i.groupingKey(), i.groupKey(), i.receiver(), i.source(), i.externalUrl(), ts(i.openedAt()),
                        ts(i.acknowledgedAt()), i.acknowledgedBy(), ts(i.resolvedAt()), i.resolvedBy(),
                        i.previousIncidentId())
                .update();
    }

    /** Writes the mutable state: status, severity, acknowledgement and resolution. */
    public void update(Incident i) {
        jdbc.sql("""
                        UPDATE incident SET status = ?, severity = ?, acknowledged_at = ?, acknowledged_by = ?,
                               resolved_at = ?, resolved_by = ?
                        WHERE id = ?""")
                .params(i.status().name(), i.severity().name(), ts(i.acknowledgedAt()), i.acknowledgedBy(),
                        ts(i.resolvedAt()), i.resolvedBy(), i.id())
                .update();
    }

    /**
     * An open incident whose alerts came from an Alertmanager, claimed for reconciliation.
     *
     * @param externalUrl the Alertmanager's external URL, as its webhook said
     */
    public record ReconcileClaim(UUID id, String externalUrl) {
    }

    /**
     * Claims up to {@code limit} open Alertmanager incidents due for reconciliation at {@code now} and moves their next
     * check to {@code next}, in one statement: rows another instance holds are skipped, so concurrent instances claim
     * different incidents and each incident is checked once per interval.
     */
    public List<ReconcileClaim> claimForReconciliation(Instant now, Instant next, int limit) {
        return jdbc.sql("""
                        UPDATE incident SET reconcile_due_at = ?
                        WHERE id IN (SELECT id FROM incident
                                     WHERE status <> 'RESOLVED' AND source = 'alertmanager' AND coalesce(external_url, '') <> ''
                                       AND (reconcile_due_at IS NULL OR reconcile_due_at <= ?)
                                     ORDER BY reconcile_due_at NULLS FIRST LIMIT ? FOR UPDATE SKIP LOCKED)
                        RETURNING id, external_url""")
                .params(ts(next), ts(now), limit)
                .query((rs, n) -> new ReconcileClaim(rs.getObject(1, UUID.class), rs.getString(2))).list();
    }

    /** The open incident of a grouping key, row-locked. */
    public Optional<Incident> findOpenForUpdate(String groupingKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM incident WHERE grouping_key = ? AND status <> 'RESOLVED' FOR UPDATE")
                .param(groupingKey).query(this::incident).optional();
    }

    /** The most recently opened incident of a grouping key. */
    public Optional<Incident> findLatest(String groupingKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM incident WHERE grouping_key = ? ORDER BY opened_at DESC LIMIT 1")
                .param(groupingKey).query(this::incident).optional();
    }

    /** An incident by id, row-locked. */
    public Optional<Incident> findForUpdate(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM incident WHERE id = ? FOR UPDATE")
                .param(id).query(this::incident).optional();
    }

    /** An incident by id. */
    public Optional<Incident> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM incident WHERE id = ?").param(id).query(this::incident).optional();
    }

    /** An incident by number ({@code INC-<number>}). */
    public Optional<Incident> findByNumber(long number) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM incident WHERE number = ?").param(number)
                .query(this::incident).optional();
    }

    /** The key of an incident, for links between incidents. */
    public Optional<String> keyOf(UUID id) {
        return jdbc.sql("SELECT number FROM incident WHERE id = ?").param(id).query(Long.class).optional()
                .map(n -> "INC-" + n);
    }

    /** One page of incidents, newest first, and the total matching the filter. */
    public Page page(IncidentFilter f) {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> params = new ArrayList<>();
        if (f.status() != null) {
            where.append(" AND status = ?");
            params.add(f.status().name());
        }
        if (f.severity() != null) {
            where.append(" AND severity = ?");
            params.add(f.severity().name());
        }
        if (f.service() != null) {
            where.append(" AND service = ?");
            params.add(f.service());
        }
        if (f.from() != null) {
            where.append(" AND opened_at >= ?");
            params.add(ts(f.from()));
        }
        if (f.to() != null) {
            where.append(" AND opened_at < ?");
            params.add(ts(f.to()));
        }
        long total = jdbc.sql("SELECT count(*) FROM incident" + where).params(params).query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(f.size());
        pageParams.add((long) f.page() * f.size());
        List<Incident> items = jdbc.sql("SELECT " + COLUMNS + " FROM incident" + where
                        + " ORDER BY opened_at DESC, number DESC LIMIT ? OFFSET ?")
                .params(pageParams).query(this::incident).list();
        return new Page(items, total);
    }

    /** Records that a heartbeat arrived at {@code at} (arming it). */
    public void heartbeatSeen(String name, Instant at) {
        jdbc.sql("INSERT INTO heartbeat (name, last_seen_at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE "
                        + "SET last_seen_at = greatest(heartbeat.last_seen_at, excluded.last_seen_at)")
                .params(name, ts(at)).update();
    }

    /** When a heartbeat was last seen; empty when never (not armed). */
    public Optional<Instant> heartbeatLastSeen(String name) {
        return jdbc.sql("SELECT last_seen_at FROM heartbeat WHERE name = ?").param(name).query(Timestamp.class).optional()
                .map(Timestamp::toInstant);
    }

    /** An open SEV1/SEV2 incident of {@code service} other than {@code except}, the oldest, if any. */
    /**
     * The oldest open SEV1/SEV2 incident of a service other than {@code except}, row-locked: a transaction resolving
     * it at the same time (another instance) is waited for, and an incident it resolved is not returned, so no child
     * is ever linked to a parent that is resolving.
     */
    public Optional<Incident> openCriticalOfService(String service, UUID except) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM incident WHERE service = ? AND status <> 'RESOLVED' "
                        + "AND severity IN ('SEV1', 'SEV2') AND id <> ? ORDER BY opened_at LIMIT 1 FOR UPDATE")
                .params(service, except).query(this::incident).optional();
    }

    /** The open incidents inhibited by {@code parent}, oldest first. */
    public List<UUID> openChildrenOf(UUID parent) {
        return jdbc.sql("SELECT id FROM incident WHERE parent_incident_id = ? AND status <> 'RESOLVED' ORDER BY opened_at")
                .param(parent).query(UUID.class).list();
    }

    /** Links an incident to the incident that inhibits it, or ({@code null}) releases it. */
    public void setParent(UUID id, UUID parent) {
        jdbc.sql("UPDATE incident SET parent_incident_id = ? WHERE id = ?").params(parent, id).update();
    }

    /** The key of the incident this one is inhibited by, if any. */
    public Optional<String> parentKeyOf(UUID id) {
        return jdbc.sql("SELECT p.number FROM incident c JOIN incident p ON p.id = c.parent_incident_id WHERE c.id = ?")
                .param(id).query(Long.class).optional().map(n -> "INC-" + n);
    }

    /** What consumers and the API show beside an incident's own state. */
    public record Flags(String parentKey, Instant flappingSince, UUID maintenanceWindowId, boolean inMaintenance,
                        boolean stormRaised) {
    }

    public Flags flagsOf(UUID id) {
        return jdbc.sql("""
                        SELECT p.number, c.flapping_since, c.maintenance_window_id, c.in_maintenance, c.storm_raised
                        FROM incident c LEFT JOIN incident p ON p.id = c.parent_incident_id WHERE c.id = ?""")
                .param(id)
                .query((rs, n) -> new Flags(rs.getObject(1) == null ? null : "INC-" + rs.getLong(1),
                        instant(rs, "flapping_since"), rs.getObject(3, UUID.class), rs.getBoolean(4), rs.getBoolean(5)))
                .single();
    }

    /** Sets ({@code since}) or clears ({@code null}) flapping. */
    public void setFlappingSince(UUID id, Instant since) {
        jdbc.sql("UPDATE incident SET flapping_since = ? WHERE id = ?").params(ts(since), id).update();
    }

    /** Open incidents currently flapping. */
    public List<UUID> openFlapping(int limit) {
        return jdbc.sql("SELECT id FROM incident WHERE flapping_since IS NOT NULL AND status <> 'RESOLVED' "
                        + "ORDER BY flapping_since LIMIT ?")
                .param(limit).query(UUID.class).list();
    }

    /** Puts an incident under a maintenance window ({@code in_maintenance}), or takes it out. */
    public void setMaintenance(UUID id, UUID windowId, boolean inMaintenance) {
        jdbc.sql("UPDATE incident SET maintenance_window_id = ?, in_maintenance = ? WHERE id = ?")
                .params(windowId, inMaintenance, id).update();
    }

    /** Open incidents not under any maintenance window. */
    public List<UUID> openNotInMaintenance() {
        return jdbc.sql("SELECT id FROM incident WHERE status <> 'RESOLVED' AND NOT in_maintenance ORDER BY opened_at")
                .query(UUID.class).list();
    }

    /** Incidents under the window now. */
    public List<UUID> inMaintenanceWindow(UUID windowId) {
        return jdbc.sql("SELECT id FROM incident WHERE maintenance_window_id = ? AND in_maintenance ORDER BY opened_at")
                .param(windowId).query(UUID.class).list();
    }

    /** Marks the storm rule applied; returns false when it already was. */
    public boolean markStormRaised(UUID id) {
        return jdbc.sql("UPDATE incident SET storm_raised = true WHERE id = ? AND NOT storm_raised").param(id).update() == 1;
    }

    /** Escalation state of an incident. */
    public record EscalationState(int level, Instant nextEscalationAt, Instant resolveDueAt, boolean resolveTargetMissed) {
    }

    public Optional<EscalationState> escalationState(UUID id) {
        return jdbc.sql("SELECT escalation_level, next_escalation_at, resolve_due_at, resolve_target_missed FROM incident WHERE id = ?")
                .param(id)
                .query((rs, n) -> new EscalationState(rs.getInt(1), instant(rs, "next_escalation_at"), instant(rs, "resolve_due_at"),
                        rs.getBoolean(4)))
                .optional();
    }

    /** Sets when the incident escalates next and when its resolve target falls due ({@code null} = never). */
    public void scheduleEscalation(UUID id, Instant nextEscalationAt, Instant resolveDueAt) {
        jdbc.sql("UPDATE incident SET next_escalation_at = ?, resolve_due_at = ? WHERE id = ?")
                .params(ts(nextEscalationAt), ts(resolveDueAt), id).update();
    }

    /** Records an escalation to {@code level} and the next due time. */
    public void escalated(UUID id, int level, Instant nextEscalationAt) {
        jdbc.sql("UPDATE incident SET escalation_level = ?, next_escalation_at = ? WHERE id = ?")
                .params(level, ts(nextEscalationAt), id).update();
    }

    public void stopEscalating(UUID id) {
        jdbc.sql("UPDATE incident SET next_escalation_at = NULL WHERE id = ?").param(id).update();
    }

    public void stopAllTimers(UUID id) {
        jdbc.sql("UPDATE incident SET next_escalation_at = NULL, resolve_due_at = NULL WHERE id = ?").param(id).update();
    }

    public void resolveTargetMissed(UUID id) {
        jdbc.sql("UPDATE incident SET resolve_target_missed = true WHERE id = ?").param(id).update();
    }

    /** TRIGGERED incidents due to escalate at {@code now}, oldest due first. */
    public List<UUID> dueForEscalation(Instant now, int limit) {
        return jdbc.sql("SELECT id FROM incident WHERE status = 'TRIGGERED' AND next_escalation_at <= ? "
                        + "ORDER BY next_escalation_at LIMIT ?")
                .params(ts(now), limit).query(UUID.class).list();
    }

    /** Unresolved incidents past their resolve target not yet recorded as missed. */
    public List<UUID> dueForResolveBreach(Instant now, int limit) {
        return jdbc.sql("SELECT id FROM incident WHERE status <> 'RESOLVED' AND NOT resolve_target_missed "
                        + "AND resolve_due_at <= ? ORDER BY resolve_due_at LIMIT ?")
                .params(ts(now), limit).query(UUID.class).list();
    }

    /** A page of incidents and the total count. */
    public record Page(List<Incident> items, long total) {
    }

    private Incident incident(ResultSet rs, int row) throws SQLException {
        return new Incident(rs.getObject("id", UUID.class), rs.getLong("number"), rs.getString("title"),
                IncidentStatus.valueOf(rs.getString("status")), Severity.valueOf(rs.getString("severity")),
                rs.getString("service"), rs.getString("grouping_key"), rs.getString("group_key"),
                rs.getString("receiver"), rs.getString("source"), rs.getString("external_url"),
                instant(rs, "opened_at"), instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"),
                instant(rs, "resolved_at"), rs.getString("resolved_by"),
                rs.getObject("previous_incident_id", UUID.class));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}

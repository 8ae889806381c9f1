package io.tocsin.incident.incident.internal;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.platform.jdbc.TransactionScoped;
import io.tocsin.incident.incident.Escalation;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentOrigin;
import io.tocsin.incident.incident.IncidentState;
import io.tocsin.incident.incident.IncidentChangeSink;
import io.tocsin.incident.incident.IncidentFilter;
import io.tocsin.incident.incident.IncidentPage;
import io.tocsin.incident.incident.IncidentRepository;
import io.tocsin.incident.incident.IncidentStatus;
import io.tocsin.incident.incident.Severity;
import java.sql.ResultSet;
import java.util.Collection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@link IncidentRepository} on {@code incident.incident} with plain JDBC. The incidents a transaction locked are kept
 * in an identity map for that transaction, so every rule of it sees one object per incident and the last save writes
 * what all of them decided.
 */
@Repository
class JdbcIncidentRepository implements IncidentRepository {

    /** The first key of the grouping-key advisory locks ("Tocs"): their class, apart from any other advisory lock. */
    private static final int GROUPING_KEY_LOCKS = 0x546f6373;
    private static final String SELECT = "SELECT " + NewIncidentRows.COLUMNS
            + ", (SELECT p.number FROM incident p WHERE p.id = incident.parent_incident_id) AS parent_number FROM incident";

    private final JdbcClient jdbc;
    private final IncidentChangeSink sink;
    private final NewIncidentRows newRows;
    /** Incident numbers this transaction reserved ahead ({@link #nextNumber(int)}), ascending. */
    private final TransactionScoped<ArrayDeque<Long>> reserved = TransactionScoped.of(ArrayDeque::new);
    private final TransactionScoped<Map<UUID, Incident>> locked = TransactionScoped.of(HashMap::new);
    /** Services this transaction read to have no open SEV1/SEV2 incident ({@link #lookUpCriticalServices}). */
    private final TransactionScoped<Set<String>> withoutCritical = TransactionScoped.of(HashSet::new);

    JdbcIncidentRepository(JdbcClient jdbc, IncidentChangeSink sink, NewIncidentRows newRows) {
        this.jdbc = jdbc;
        this.sink = sink;
        this.newRows = newRows;
    }

    @Override
    public long nextNumber(int reserveAhead) {
        ArrayDeque<Long> numbers = reserved.get();
        if (numbers.isEmpty()) {
            jdbc.sql("SELECT nextval('incident_number_seq') FROM generate_series(1, ?)").param(1 + Math.max(0, reserveAhead))
                    .query(Long.class).list().stream().sorted().forEach(numbers::add);
        }
        return numbers.removeFirst();
    }

    @Override
    public void lockGroupingKeys(Collection<String> groupingKeys) {
        // Two-int advisory locks (class GROUPING_KEY_LOCKS, hashtext of the key): apart from one-bigint locks such as
        // Flyway's. Sorted by hash, distinct, taken one after another in that order (volatile functions in a target
        // list run after the sort); a hash collision only makes two keys share a lock.
        String[] keys = groupingKeys.stream().distinct().toArray(String[]::new);
        if (keys.length == 0) {
            return;
        }
        jdbc.sql("""
                        SELECT pg_advisory_xact_lock(?, h)
                        FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest(?::text[]) AS k) AS hashes
                        ORDER BY h""")
                .params(GROUPING_KEY_LOCKS, keys).query((rs, row) -> 1).list();
    }

    @Override
    public void add(Incident incident) {
        if (!incident.isPersisted()) {
            insert(incident);
        }
    }

    @Override
    public void save(Incident incident) {
        if (!incident.isPersisted()) {
            insert(incident);
        } else if (incident.isDirty()) {
            update(incident.stored());
        }
        var changes = incident.pullChanges();
        if (!changes.isEmpty()) {
            sink.record(incident, changes);
        }
    }

    /** Queues the row (ADR 0017): it is written once, in the state the incident has when the transaction sends it. */
    private void insert(Incident incident) {
        locked.get().put(incident.id(), incident);
        newRows.add(incident);
    }

    private void update(IncidentState s) {
        newRows.flush();
        jdbc.sql("""
                        UPDATE incident SET status = ?, severity = ?, acknowledged_at = ?, acknowledged_by = ?,
                               resolved_at = ?, resolved_by = ?, parent_incident_id = ?, flapping_since = ?,
                               maintenance_window_id = ?, in_maintenance = ?, storm_raised = ?, escalation_level = ?,
                               next_escalation_at = ?, resolve_due_at = ?, resolve_target_missed = ?
                        WHERE id = ?""")
                .params(s.status().name(), s.severity().name(), ts(s.acknowledgedAt()), s.acknowledgedBy(),
                        ts(s.resolvedAt()), s.resolvedBy(), s.parentIncidentId(), ts(s.flappingSince()),
                        s.maintenanceWindowId(), s.inMaintenance(), s.stormRaised(), s.escalation().level(),
                        ts(s.escalation().nextEscalationAt()), ts(s.escalation().resolveDueAt()),
                        s.escalation().resolveTargetMissed(), s.origin().id())
                .update();
    }

    @Override
    public Optional<Incident> findForUpdate(UUID id) {
        Incident known = locked.get().get(id);
        if (known != null) {
            return Optional.of(known);
        }
        newRows.flush();
        return jdbc.sql(SELECT + " WHERE id = ? FOR UPDATE").param(id).query(this::incident).optional().map(this::held);
    }

    @Override
    public Optional<Incident> findOpenForUpdate(String groupingKey) {
        newRows.flush();
        return jdbc.sql(SELECT + " WHERE grouping_key = ? AND status <> 'RESOLVED' FOR UPDATE")
                .param(groupingKey).query(this::incident).optional().map(this::held).filter(Incident::isOpen);
    }

    @Override
    public Optional<Incident> findLatest(String groupingKey) {
        newRows.flush();
        return jdbc.sql(SELECT + " WHERE grouping_key = ? ORDER BY opened_at DESC LIMIT 1")
                .param(groupingKey).query(this::incident).optional();
    }

    @Override
    public Map<String, Incident> findOpenForUpdate(Collection<String> groupingKeys) {
        newRows.flush();
        Map<String, Incident> open = new HashMap<>();
        if (groupingKeys.isEmpty()) {
            return open;
        }
        jdbc.sql(SELECT + " WHERE grouping_key = ANY(?) AND status <> 'RESOLVED' FOR UPDATE")
                .param(groupingKeys.stream().distinct().toArray(String[]::new)).query(this::incident).list().stream()
                .map(this::held).filter(Incident::isOpen).forEach(i -> open.put(i.origin().groupingKey(), i));
        return open;
    }

    @Override
    public Map<String, Incident> findLatest(Collection<String> groupingKeys) {
        newRows.flush();
        Map<String, Incident> latest = new HashMap<>();
        if (groupingKeys.isEmpty()) {
            return latest;
        }
        // One index probe per key (incident_by_grouping_key_opened), not a scan of every incident of the keys.
        jdbc.sql("SELECT l.* FROM unnest(?::text[]) AS k(key) CROSS JOIN LATERAL (" + SELECT
                        + " WHERE grouping_key = k.key ORDER BY opened_at DESC LIMIT 1) AS l")
                .param(groupingKeys.stream().distinct().toArray(String[]::new)).query(this::incident).list()
                .forEach(i -> latest.put(i.origin().groupingKey(), i));
        return latest;
    }

    @Override
    public Optional<Incident> find(UUID id) {
        newRows.flush();
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(this::incident).optional();
    }

    @Override
    public Optional<Incident> findByNumber(long number) {
        newRows.flush();
        return jdbc.sql(SELECT + " WHERE number = ?").param(number).query(this::incident).optional();
    }

    @Override
    public Optional<String> keyOf(UUID id) {
        newRows.flush();
        return jdbc.sql("SELECT number FROM incident WHERE id = ?").param(id).query(Long.class).optional()
                .map(n -> "INC-" + n);
    }

    @Override
    public void lookUpCriticalServices(Collection<String> services) {
        Set<String> unknown = new HashSet<>(services);
        unknown.remove(null);
        unknown.removeAll(withoutCritical.get());
        if (unknown.isEmpty()) {
            return;
        }
        newRows.flush();
        List<String> critical = jdbc.sql("SELECT DISTINCT service FROM incident WHERE service = ANY(?) "
                        + "AND status <> 'RESOLVED' AND severity IN ('SEV1', 'SEV2')")
                .param(unknown.toArray(String[]::new)).query(String.class).list();
        unknown.removeAll(critical);
        withoutCritical.get().addAll(unknown);
    }

    @Override
    public Optional<Incident> openCriticalOfService(String service, UUID except) {
        if (withoutCritical.get().contains(service) && locked.get().values().stream().noneMatch(i -> i.isOpen()
                && service.equals(i.service()) && i.severity().isWorseThan(Severity.SEV3))) {
            return Optional.empty();
        }
        newRows.flush();
        return jdbc.sql(SELECT + " WHERE service = ? AND status <> 'RESOLVED' AND severity IN ('SEV1', 'SEV2') AND id <> ? "
                        + "ORDER BY opened_at LIMIT 1 FOR UPDATE")
                .params(service, except).query(this::incident).optional().map(this::held).filter(Incident::isOpen);
    }

    @Override
    public List<UUID> openChildrenOf(UUID parent) {
        newRows.flush();
        return jdbc.sql("SELECT id FROM incident WHERE parent_incident_id = ? AND status <> 'RESOLVED' ORDER BY opened_at")
                .param(parent).query(UUID.class).list();
    }

    @Override
    public List<UUID> openFlapping(int limit) {
        newRows.flush();
        return jdbc.sql("SELECT id FROM incident WHERE flapping_since IS NOT NULL AND status <> 'RESOLVED' "
                        + "ORDER BY flapping_since LIMIT ?")
                .param(limit).query(UUID.class).list();
    }

    @Override
    public List<UUID> openNotInMaintenance() {
        newRows.flush();
        return jdbc.sql("SELECT id FROM incident WHERE status <> 'RESOLVED' AND NOT in_maintenance ORDER BY opened_at")
                .query(UUID.class).list();
    }

    @Override
    public List<UUID> inMaintenanceWindow(UUID windowId) {
        newRows.flush();
        return jdbc.sql("SELECT id FROM incident WHERE maintenance_window_id = ? AND in_maintenance ORDER BY opened_at")
                .param(windowId).query(UUID.class).list();
    }

    @Override
    public List<UUID> dueForEscalation(Instant now, int limit) {
        newRows.flush();
        return jdbc.sql("SELECT id FROM incident WHERE status = 'TRIGGERED' AND next_escalation_at <= ? "
                        + "ORDER BY next_escalation_at LIMIT ?")
                .params(ts(now), limit).query(UUID.class).list();
    }

    @Override
    public List<UUID> dueForResolveBreach(Instant now, int limit) {
        newRows.flush();
        return jdbc.sql("SELECT id FROM incident WHERE status <> 'RESOLVED' AND NOT resolve_target_missed "
                        + "AND resolve_due_at <= ? ORDER BY resolve_due_at LIMIT ?")
                .params(ts(now), limit).query(UUID.class).list();
    }

    @Override
    public List<ReconcileClaim> claimForReconciliation(Instant now, Instant next, int limit) {
        newRows.flush();
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

    @Override
    public IncidentPage page(IncidentFilter f) {
        newRows.flush();
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
        List<Incident> items = jdbc.sql(SELECT + where + " ORDER BY opened_at DESC, number DESC LIMIT ? OFFSET ?")
                .params(pageParams).query(this::incident).list();
        return new IncidentPage(items, total);
    }

    /** The transaction's object for a row it just locked: the one it already holds, else this one from now on. */
    private Incident held(Incident read) {
        return locked.get().computeIfAbsent(read.id(), id -> read);
    }

    private static final tools.jackson.core.type.TypeReference<Map<String, String>> LABELS = new tools.jackson.core.type.TypeReference<>() {
    };

    private static Map<String, String> labels(String json) {
        return json == null ? null : TocsinJson.mapper().readValue(json, LABELS);
    }

    private Incident incident(ResultSet rs, int row) throws SQLException {
        long parentNumber = rs.getLong("parent_number");
        String parentKey = rs.wasNull() ? null : "INC-" + parentNumber;
        IncidentOrigin origin = new IncidentOrigin(rs.getObject("id", UUID.class), rs.getLong("number"),
                rs.getString("title"), rs.getString("service"), rs.getString("grouping_key"), rs.getString("group_key"),
                rs.getString("receiver"), rs.getString("source"), rs.getString("external_url"), instant(rs, "opened_at"),
                rs.getObject("previous_incident_id", UUID.class), labels(rs.getString("labels")));
        return Incident.rebuild(new IncidentState(origin, IncidentStatus.valueOf(rs.getString("status")),
                Severity.valueOf(rs.getString("severity")), instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"),
                instant(rs, "resolved_at"), rs.getString("resolved_by"), rs.getObject("parent_incident_id", UUID.class), parentKey, instant(rs, "flapping_since"),
                rs.getObject("maintenance_window_id", UUID.class), rs.getBoolean("in_maintenance"),
                rs.getBoolean("storm_raised"), new Escalation(rs.getInt("escalation_level"),
                instant(rs, "next_escalation_at"), instant(rs, "resolve_due_at"), rs.getBoolean("resolve_target_missed"))));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}

package io.tocsin.notify.incidents;

import io.tocsin.contracts.messages.IncidentSummary;
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

/** {@code notifier.incident_view}, {@code notifier.incident_update} and {@code notifier.incident_change_view}. */
@Repository
public class IncidentViews {

    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            incident_id, key, title, status, severity, service, group_key, alert_count, firing_count, external_url,
            opened_at, labels::text, generator_url, runbook_url, acknowledged_by, resolved_at, state_at, quiet, declared_by""";

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    IncidentViews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records an incident's state as of {@code at}; an older state than the stored one is ignored, so
     * events arriving out of order never roll the view back.
     *
     * @param actorOfAcknowledgement who acknowledged, when this state comes from an acknowledgement
     */
    public void apply(IncidentSummary s, Instant at, String actorOfAcknowledgement) {
        jdbc.sql("""
                        INSERT INTO incident_view (incident_id, key, title, status, severity, service, group_key, alert_count,
                                                   firing_count, external_url, opened_at, acknowledged_by, resolved_at, state_at,
                                                   quiet)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (incident_id) DO UPDATE SET
                            title = excluded.title, status = excluded.status, severity = excluded.severity,
                            alert_count = excluded.alert_count, firing_count = excluded.firing_count,
                            acknowledged_by = coalesce(excluded.acknowledged_by, incident_view.acknowledged_by),
                            resolved_at = excluded.resolved_at, state_at = excluded.state_at, quiet = excluded.quiet
                        WHERE incident_view.state_at <= excluded.state_at""")
                .params(s.id(), s.key(), s.title(), s.status(), s.severity(), s.service(), s.groupKey(), s.alertCount(),
                        s.firingCount(), s.externalURL(), Timestamp.from(s.openedAt()), actorOfAcknowledgement,
                        "RESOLVED".equals(s.status()) ? Timestamp.from(at) : null, Timestamp.from(at),
                        s.parentIncidentKey() != null || s.inMaintenance())
                .update();
    }

    /** Remembers who declared an incident ({@code IncidentOpened.declaredBy}). */
    public void rememberDeclaredBy(UUID incidentId, String declaredBy) {
        jdbc.sql("UPDATE incident_view SET declared_by = ? WHERE incident_id = ?").params(declaredBy, incidentId).update();
    }

    /** A role's holder on an incident ({@code lead}, {@code comms}), and since when. */
    public record RoleHolder(String role, String assignee, Instant assignedAt) {
    }

    /** Records who holds a role now ({@code IncidentRoleAssigned}); an older assignment never overwrites a newer one. */
    public void assignRole(UUID incidentId, String role, String assignee, Instant at) {
        jdbc.sql("""
                        INSERT INTO incident_role_view (incident_id, role, assignee, assigned_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (incident_id, role) DO UPDATE SET assignee = excluded.assignee,
                            assigned_at = excluded.assigned_at
                        WHERE incident_role_view.assigned_at <= excluded.assigned_at""")
                .params(incidentId, role, assignee, Timestamp.from(at)).update();
    }

    /** The roles of an incident, by role ({@code lead}, {@code comms}). */
    public Map<String, RoleHolder> rolesOf(UUID incidentId) {
        Map<String, RoleHolder> roles = new java.util.LinkedHashMap<>();
        jdbc.sql("SELECT role, assignee, assigned_at FROM incident_role_view WHERE incident_id = ? ORDER BY role")
                .param(incidentId)
                .query((rs, n) -> roles.put(rs.getString(1), new RoleHolder(rs.getString(1), rs.getString(2),
                        rs.getTimestamp(3).toInstant())))
                .list();
        return roles;
    }

    /** Keeps the first alert's labels and links (routing, component, buttons' links). */
    public void rememberFirstAlert(UUID incidentId, Map<String, String> labels, String generatorUrl, String runbookUrl) {
        jdbc.sql("""
                        UPDATE incident_view SET labels = ?::jsonb, generator_url = ?, runbook_url = ?
                        WHERE incident_id = ? AND labels = '{}'::jsonb""")
                .params(json.writeValueAsString(labels), emptyToNull(generatorUrl), emptyToNull(runbookUrl), incidentId)
                .update();
    }

    public Optional<IncidentView> find(UUID incidentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM incident_view WHERE incident_id = ?").param(incidentId)
                .query(this::view).optional();
    }

    /** By key {@code INC-<n>}, case-insensitive. */
    public Optional<IncidentView> findByKey(String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM incident_view WHERE upper(key) = upper(?)").param(key)
                .query(this::view).optional();
    }

    /** Incidents not resolved, worst severity first, then newest. */
    public List<IncidentView> open() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM incident_view WHERE status <> 'RESOLVED' ORDER BY severity, opened_at DESC")
                .query(this::view).list();
    }

    /** Incidents opened since {@code since}, newest first. */
    public List<IncidentView> openedSince(Instant since) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM incident_view WHERE opened_at >= ? ORDER BY opened_at DESC")
                .param(Timestamp.from(since)).query(this::view).list();
    }

    /**
     * An automatic status page update (phase: investigating, resolved), unless the incident has one of that phase
     * already (a person may have written "resolved" first): automation says only what is known (seed 004: no
     * speculation); the phases between come from people ({@link #addStatusUpdate}).
     */
    public void addUpdate(UUID incidentId, Instant at, String phase, String message) {
        jdbc.sql("""
                        INSERT INTO incident_update (incident_id, at, phase, message)
                        SELECT ?, ?, ?, ? WHERE NOT EXISTS (
                            SELECT 1 FROM incident_update WHERE incident_id = ? AND phase = ?)""")
                .params(incidentId, Timestamp.from(at), phase, message, incidentId, phase)
                .update();
    }

    /**
     * A customer update a person wrote ({@code IncidentStatusUpdated}), once per event: the text customers read
     * (message, then impact, workaround and the next update's time), who wrote it and the time promised.
     */
    public void addStatusUpdate(UUID incidentId, UUID eventId, Instant at, String phase, String text, String by,
                                Instant nextUpdateAt) {
        jdbc.sql("""
                        INSERT INTO incident_update (incident_id, at, phase, message, event_id, written_by, next_update_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""")
                .params(incidentId, Timestamp.from(at), phase, text, eventId, by,
                        nextUpdateAt == null ? null : Timestamp.from(nextUpdateAt))
                .update();
    }

    /** The title customers see for an incident from now on, chosen by the person who wrote an update. */
    public void setPublicTitle(UUID incidentId, String title) {
        jdbc.sql("UPDATE incident_view SET public_title = ? WHERE incident_id = ?").params(title, incidentId).update();
    }

    /** The public title a person chose; empty when none did. */
    public Optional<String> publicTitle(UUID incidentId) {
        return jdbc.sql("SELECT public_title FROM incident_view WHERE incident_id = ? AND public_title IS NOT NULL")
                .param(incidentId).query(String.class).optional();
    }

    /**
     * The public titles people chose for several incidents at once (a status page lists many): incident id → title,
     * only for those with one.
     */
    public Map<UUID, String> publicTitles(java.util.Collection<UUID> incidentIds) {
        Map<UUID, String> titles = new java.util.HashMap<>();
        if (!incidentIds.isEmpty()) {
            jdbc.sql("SELECT incident_id, public_title FROM incident_view WHERE incident_id = ANY(?) AND public_title IS NOT NULL")
                    .param(incidentIds.toArray(UUID[]::new))
                    .query(rs -> {
                        titles.put(rs.getObject(1, UUID.class), rs.getString(2));
                    });
        }
        return titles;
    }

    /** The id of an incident's newest update (the Statuspage mirror sends each one); 0 when it has none. */
    public long latestUpdateId(UUID incidentId) {
        return jdbc.sql("SELECT coalesce(max(id), 0) FROM incident_update WHERE incident_id = ?").param(incidentId)
                .query(Long.class).single();
    }

    /** A status page update: {@code writtenBy} and {@code nextUpdateAt} are {@code null} for automatic ones. */
    public record Update(Instant at, String phase, String message, String writtenBy, Instant nextUpdateAt) {
    }

    /**
     * The customer-facing phase (seed 004: investigating, identified, monitoring, resolved): resolved when resolved,
     * else the newest update's, else investigating. Acknowledging says nothing to customers: only people move an
     * incident to identified or monitoring, by writing an update.
     */
    public String publicPhase(IncidentView incident) {
        return incident.isResolved() ? "resolved" : publicPhase(incident, updatesOf(incident.incidentId()));
    }

    /**
     * {@link #publicPhase(IncidentView)} from updates the caller already read (the incident's
     * {@link #updatesOf(UUID)}), so a page listing many incidents reads each incident's updates once.
     */
    public String publicPhase(IncidentView incident, List<Update> updates) {
        if (incident.isResolved()) {
            return "resolved";
        }
        return updates.isEmpty() ? "investigating" : updates.getFirst().phase();
    }

    /** The status page updates of an incident, newest first. */
    public List<Update> updatesOf(UUID incidentId) {
        return jdbc.sql("""
                        SELECT at, phase, message, written_by, next_update_at FROM incident_update WHERE incident_id = ?
                        ORDER BY at DESC, id DESC""")
                .param(incidentId)
                .query((rs, n) -> new Update(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
                .list();
    }

    /**
     * {@link #updatesOf(UUID)} of several incidents in one statement (a status page lists many): incident id → its
     * updates, newest first; an incident without updates is absent.
     */
    public Map<UUID, List<Update>> updatesOf(java.util.Collection<UUID> incidentIds) {
        Map<UUID, List<Update>> updates = new java.util.HashMap<>();
        if (!incidentIds.isEmpty()) {
            jdbc.sql("""
                            SELECT incident_id, at, phase, message, written_by, next_update_at FROM incident_update
                            WHERE incident_id = ANY(?) ORDER BY incident_id, at DESC, id DESC""")
                    .param(incidentIds.toArray(UUID[]::new))
                    .query(rs -> {
                        updates.computeIfAbsent(rs.getObject(1, UUID.class), id -> new java.util.ArrayList<>())
                                .add(new Update(rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                                        rs.getString(5), rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()));
                    });
        }
        return updates;
    }

    /**
     * A change to the incident's service made shortly before it opened (a deploy): what, where, when, and its link
     * ({@code null} when none).
     */
    public record RecentChange(String summary, String source, Instant changedAt, String url) {
    }

    /** Remembers a change the incident shows ({@code IncidentChangeLinked}); a redelivery adds nothing. */
    public void addChange(UUID incidentId, UUID changeId, String summary, String source, Instant changedAt, String url) {
        jdbc.sql("""
                        INSERT INTO incident_change_view (incident_id, change_id, summary, source, changed_at, url)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(incidentId, changeId, summary, source == null ? "" : source, Timestamp.from(changedAt), url).update();
    }

    /** The changes an incident shows, newest first. */
    public List<RecentChange> changesOf(UUID incidentId) {
        return jdbc.sql("""
                        SELECT summary, source, changed_at, url FROM incident_change_view WHERE incident_id = ?
                        ORDER BY changed_at DESC""")
                .param(incidentId)
                .query((rs, n) -> new RecentChange(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getString(4)))
                .list();
    }

    private IncidentView view(ResultSet rs, int row) throws SQLException {
        Timestamp resolved = rs.getTimestamp(16);
        return new IncidentView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getInt(9), rs.getString(10),
                rs.getTimestamp(11).toInstant(), json.readValue(rs.getString(12), STRINGS), rs.getString(13),
                rs.getString(14), rs.getString(15), resolved == null ? null : resolved.toInstant(),
                rs.getTimestamp(17).toInstant(), rs.getBoolean(18), rs.getString(19));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

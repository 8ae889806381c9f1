package io.tocsin.incident.incidents.internal;

import io.tocsin.incident.incidents.MaintenanceWindow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** {@code incident.maintenance_window}: windows are never deleted, only ended early. */
@Repository
public class JdbcMaintenanceWindowStore {

    private static final TypeReference<List<MaintenanceWindow.Matcher>> MATCHERS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, matchers::text, starts_at, ends_at, comment, created_by, created_at, ended_early_by";
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    JdbcMaintenanceWindowStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(MaintenanceWindow w) {
        jdbc.sql("INSERT INTO maintenance_window (id, matchers, starts_at, ends_at, comment, created_by, created_at) "
                        + "VALUES (?, ?::jsonb, ?, ?, ?, ?, ?)")
                .params(w.id(), json.writeValueAsString(w.matchers()), Timestamp.from(w.startsAt()), Timestamp.from(w.endsAt()),
                        w.comment(), w.createdBy(), Timestamp.from(w.createdAt()))
                .update();
    }

    public Optional<MaintenanceWindow> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM maintenance_window WHERE id = ?").param(id).query(this::window).optional();
    }

    /** A window row-locked, so its start and end are applied once. */
    public Optional<MaintenanceWindow> findForUpdate(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM maintenance_window WHERE id = ? FOR UPDATE").param(id)
                .query(this::window).optional();
    }

    /** All windows, newest start first. */
    public List<MaintenanceWindow> all(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM maintenance_window ORDER BY starts_at DESC, created_at DESC LIMIT ?")
                .param(limit).query(this::window).list();
    }

    /** Windows active at {@code now}, oldest first. */
    public List<MaintenanceWindow> activeAt(Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM maintenance_window WHERE starts_at <= ? AND ends_at > ? ORDER BY starts_at")
                .params(Timestamp.from(now), Timestamp.from(now)).query(this::window).list();
    }

    /** Windows whose start is due at {@code now} and not yet applied. */
    public List<UUID> startDue(Instant now) {
        return jdbc.sql("SELECT id FROM maintenance_window WHERE NOT start_applied AND starts_at <= ? ORDER BY starts_at")
                .param(Timestamp.from(now)).query(UUID.class).list();
    }

    /** Windows whose end is due at {@code now} and not yet applied. */
    public List<UUID> endDue(Instant now) {
        return jdbc.sql("SELECT id FROM maintenance_window WHERE NOT end_applied AND ends_at <= ? ORDER BY ends_at")
                .param(Timestamp.from(now)).query(UUID.class).list();
    }

    /** Marks the start applied; false when it already was. */
    public boolean markStartApplied(UUID id) {
        return jdbc.sql("UPDATE maintenance_window SET start_applied = true WHERE id = ? AND NOT start_applied").param(id).update() == 1;
    }

    /** Marks the end applied (and the start, for a window that ended before it was ever applied); false when it already was. */
    public boolean markEndApplied(UUID id) {
        return jdbc.sql("UPDATE maintenance_window SET start_applied = true, end_applied = true WHERE id = ? AND NOT end_applied")
                .param(id).update() == 1;
    }

    /** Ends a window early: its end moves to {@code at} (a pending window's start too). */
    public void endEarly(UUID id, Instant at, String by) {
        jdbc.sql("""
                        UPDATE maintenance_window SET ends_at = ?, starts_at = least(starts_at, ?::timestamptz - interval '1 millisecond'),
                               ended_early_by = ? WHERE id = ?""")
                .params(Timestamp.from(at), Timestamp.from(at), by, id).update();
    }

    private MaintenanceWindow window(ResultSet rs, int row) throws SQLException {
        return new MaintenanceWindow(rs.getObject(1, UUID.class), json.readValue(rs.getString(2), MATCHERS),
                rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6),
                rs.getTimestamp(7).toInstant(), rs.getString(8));
    }
}

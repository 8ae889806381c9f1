package io.tocsin.incident.maintenance.internal;

import io.tocsin.incident.maintenance.MaintenanceWindow;
import io.tocsin.incident.maintenance.MaintenanceWindowStore;
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
class JdbcMaintenanceWindowStore implements MaintenanceWindowStore {

    private static final TypeReference<List<MaintenanceWindow.Matcher>> MATCHERS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, matchers::text, starts_at, ends_at, comment, created_by, created_at, ended_early_by";
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    JdbcMaintenanceWindowStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    @Override
    public void insertNotice(java.util.UUID windowId, MaintenanceWindow.Notice notice) {
        jdbc.sql("INSERT INTO maintenance_notice (window_id, title, components) VALUES (?, ?, ?::jsonb)")
                .params(windowId, notice.title(), json.writeValueAsString(notice.components())).update();
    }

    @Override
    public java.util.Optional<MaintenanceWindow.Notice> notice(java.util.UUID windowId) {
        return jdbc.sql("SELECT title, components::text FROM maintenance_notice WHERE window_id = ?").param(windowId)
                .query((rs, n) -> new MaintenanceWindow.Notice(rs.getString(1), json.readValue(rs.getString(2), STRINGS)))
                .optional();
    }

    @Override
    public void insert(MaintenanceWindow w) {
        jdbc.sql("INSERT INTO maintenance_window (id, matchers, starts_at, ends_at, comment, created_by, created_at) "
                        + "VALUES (?, ?::jsonb, ?, ?, ?, ?, ?)")
                .params(w.id(), json.writeValueAsString(w.matchers()), Timestamp.from(w.startsAt()), Timestamp.from(w.endsAt()),
                        w.comment(), w.createdBy(), Timestamp.from(w.createdAt()))
                .update();
    }

    @Override
    public Optional<MaintenanceWindow> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM maintenance_window WHERE id = ?").param(id).query(this::window).optional();
    }

    @Override
    public Optional<MaintenanceWindow> findForUpdate(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM maintenance_window WHERE id = ? FOR UPDATE").param(id)
                .query(this::window).optional();
    }

    @Override
    public List<MaintenanceWindow> all(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM maintenance_window ORDER BY starts_at DESC, created_at DESC LIMIT ?")
                .param(limit).query(this::window).list();
    }

    @Override
    public List<MaintenanceWindow> activeAt(Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM maintenance_window WHERE starts_at <= ? AND ends_at > ? ORDER BY starts_at")
                .params(Timestamp.from(now), Timestamp.from(now)).query(this::window).list();
    }

    @Override
    public List<UUID> startDue(Instant now) {
        return jdbc.sql("SELECT id FROM maintenance_window WHERE NOT start_applied AND starts_at <= ? ORDER BY starts_at")
                .param(Timestamp.from(now)).query(UUID.class).list();
    }

    @Override
    public List<UUID> endDue(Instant now) {
        return jdbc.sql("SELECT id FROM maintenance_window WHERE NOT end_applied AND ends_at <= ? ORDER BY ends_at")
                .param(Timestamp.from(now)).query(UUID.class).list();
    }

    @Override
    public boolean markStartApplied(UUID id) {
        return jdbc.sql("UPDATE maintenance_window SET start_applied = true WHERE id = ? AND NOT start_applied").param(id).update() == 1;
    }

    @Override
    public boolean markEndApplied(UUID id) {
        return jdbc.sql("UPDATE maintenance_window SET start_applied = true, end_applied = true WHERE id = ? AND NOT end_applied")
                .param(id).update() == 1;
    }

    @Override
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

package io.tocsin.incident.timeline.internal;

import io.tocsin.incident.timeline.TimelineEntry;
import io.tocsin.incident.timeline.TimelineStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import io.tocsin.platform.jdbc.DeferredInserts;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link TimelineStore} on {@code incident.timeline_entry}: insert and read only; the table rejects UPDATE and DELETE. Inserts are
 * {@link DeferredInserts}: a transaction's entries go to PostgreSQL as one JDBC batch, before any read here and at
 * commit, so reads always include the transaction's own entries.
 */
@Repository
class JdbcTimelineStore implements TimelineStore {

    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {
    };
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();
    private final DeferredInserts inserts;

    JdbcTimelineStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.inserts = new DeferredInserts(template, """
                INSERT INTO timeline_entry (incident_id, sequence, at, type, actor, summary, details, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)""");
    }

    @Override
    public Optional<Head> head(UUID incidentId) {
        inserts.flush();
        return jdbc.sql("SELECT sequence, hash FROM timeline_entry WHERE incident_id = ? ORDER BY sequence DESC LIMIT 1")
                .param(incidentId)
                .query((rs, n) -> new Head(rs.getInt(1), rs.getString(2)))
                .optional();
    }

    @Override
    public void insert(TimelineEntry e) {
        inserts.add(e.incidentId(), e.sequence(), Timestamp.from(e.at()), e.type(), e.actor(), e.summary(),
                json.writeValueAsString(e.details()), e.previousHash(), e.hash());
    }

    @Override
    public java.util.Map<UUID, String> firstDetail(java.util.Collection<UUID> incidents, String type, String field) {
        inserts.flush();
        java.util.Map<UUID, String> found = new java.util.HashMap<>();
        if (incidents.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                        SELECT DISTINCT ON (incident_id) incident_id, details ->> ? AS value FROM timeline_entry
                        WHERE type = ? AND incident_id = ANY (?) ORDER BY incident_id, sequence""")
                .params(field, type, incidents.toArray(UUID[]::new))
                .query((rs, n) -> {
                    found.put(rs.getObject(1, UUID.class), rs.getString(2));
                    return null;
                }).list();
        return found;
    }

    @Override
    public List<UUID> incidentsWithEntriesBetween(java.time.Instant from, java.time.Instant to) {
        inserts.flush();
        return jdbc.sql("""
                        SELECT incident_id FROM timeline_entry WHERE at >= ? AND at < ?
                        GROUP BY incident_id ORDER BY min(at), incident_id""")
                .params(Timestamp.from(from), Timestamp.from(to)).query(UUID.class).list();
    }

    @Override
    public List<TimelineEntry> entries(UUID incidentId) {
        inserts.flush();
        return jdbc.sql("""
                        SELECT incident_id, sequence, at, type, actor, summary, details::text, previous_hash, hash
                        FROM timeline_entry WHERE incident_id = ? ORDER BY sequence""")
                .param(incidentId)
                .query(this::entry)
                .list();
    }

    private TimelineEntry entry(ResultSet rs, int row) throws SQLException {
        return new TimelineEntry(rs.getObject(1, UUID.class), rs.getInt(2), rs.getTimestamp(3).toInstant(),
                rs.getString(4), rs.getString(5), rs.getString(6), json.readValue(rs.getString(7), DETAILS),
                rs.getString(8), rs.getString(9));
    }
}

package io.tocsin.incident.incident.internal;

import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.AlertRepository;
import io.tocsin.incident.incident.AlertView;
import io.tocsin.incident.incident.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import io.tocsin.platform.jdbc.DeferredInserts;
import io.tocsin.platform.jdbc.TransactionScoped;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link AlertRepository} on {@code incident.alert}, keyed by identity {@code (fingerprint, starts_at)}. Inserts are {@link DeferredInserts}:
 * a triage transaction sends its new alert rows as one JDBC batch, before any other statement on the table and at
 * commit, so every method here sees the transaction's own rows.
 */
@Repository
class JdbcAlertRepository implements AlertRepository {

    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
    };
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();
    private final DeferredInserts inserts;
    /** Reads that join {@code incident} send the transaction's new incident rows first. */
    private final NewIncidentRows newIncidents;
    /** By incident: the count {@link #attachedSince} read in this transaction plus the alerts it attached since. */
    private final TransactionScoped<Map<UUID, int[]>> attachedCounts = TransactionScoped.of(HashMap::new);
    /** By incident: {total, firing} as {@link #counts} read them in this transaction, kept current by its writes here. */
    private final TransactionScoped<Map<UUID, int[]>> counted = TransactionScoped.of(HashMap::new);

    JdbcAlertRepository(JdbcClient jdbc, JdbcTemplate template, NewIncidentRows newIncidents) {
        this.jdbc = jdbc;
        this.newIncidents = newIncidents;
        this.inserts = new DeferredInserts(template, """
                INSERT INTO alert (fingerprint, starts_at, incident_id, status, severity, labels, annotations,
                                   ends_at, generator_url, attached_at, external_url)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)""");
    }

    @Override
    public Optional<UUID> openIncidentFiring(String fingerprint) {
        newIncidents.flush();
        inserts.flush();
        return jdbc.sql("""
                        SELECT a.incident_id FROM alert a JOIN incident i ON i.id = a.incident_id
                        WHERE a.fingerprint = ? AND a.status = 'firing' AND i.status <> 'RESOLVED'
                        ORDER BY a.attached_at LIMIT 1""")
                .param(fingerprint).query(UUID.class).optional();
    }

    @Override
    public Found findAll(List<String> fingerprints, List<Instant> startsAts) {
        List<Optional<StoredAlert>> found = new ArrayList<>(Collections.nCopies(fingerprints.size(), Optional.empty()));
        Set<String> stored = new HashSet<>();
        if (fingerprints.isEmpty()) {
            return new Found(found, stored);
        }
        inserts.flush();
        jdbc.sql("""
                        SELECT t.i, a.incident_id, a.status, t.fingerprint,
                               a.fingerprint IS NOT NULL OR EXISTS (SELECT 1 FROM alert b WHERE b.fingerprint = t.fingerprint)
                        FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS t(fingerprint, starts_at, i)
                        LEFT JOIN alert a ON a.fingerprint = t.fingerprint AND a.starts_at = t.starts_at::timestamptz""")
                .params(fingerprints.toArray(String[]::new), startsAts.stream().map(Instant::toString).toArray(String[]::new))
                .query((RowCallbackHandler) rs -> {
                    UUID incident = rs.getObject(2, UUID.class);
                    if (incident != null) {
                        found.set(rs.getInt(1) - 1, Optional.of(new StoredAlert(incident, "firing".equals(rs.getString(3)))));
                    }
                    if (rs.getBoolean(5)) {
                        stored.add(rs.getString(4));
                    }
                });
        return new Found(found, stored);
    }

    @Override
    public void insert(UUID incidentId, Alert alert, Severity severity, Instant attachedAt) {
        String externalUrl = alert.externalUrl();
        inserts.add(alert.fingerprint(), Timestamp.from(alert.startsAt()), incidentId, "firing", severity.name(),
                json.writeValueAsString(alert.labels()), json.writeValueAsString(alert.annotations()),
                new SqlParameterValue(Types.TIMESTAMP, alert.endsAt() == null ? null : Timestamp.from(alert.endsAt())),
                new SqlParameterValue(Types.VARCHAR, alert.generatorUrl()), Timestamp.from(attachedAt),
                // '' for an alert no Alertmanager sent (PagerDuty, heartbeats): NULL would read as a row from before V8 and
                // inherit the incident's Alertmanager, which reconciliation would then ask about an alert it never had.
                new SqlParameterValue(Types.VARCHAR, externalUrl == null ? "" : externalUrl.strip()));
        int[] attached = attachedCounts.get().get(incidentId);
        if (attached != null) {
            attached[0]++;
        }
        int[] both = counted.get().get(incidentId);
        if (both != null) {
            both[0]++;
            both[1]++;
        }
    }

    @Override
    public void created(UUID incidentId) {
        attachedCounts.get().put(incidentId, new int[] {0});
        counted.get().put(incidentId, new int[] {0, 0});
    }

    @Override
    public void markResolved(String fingerprint, Instant startsAt, Instant endsAt, Instant resolvedAt) {
        inserts.flush();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            counted.get().clear(); // whose incident this alert is, is not known here
        }
        jdbc.sql("UPDATE alert SET status = 'resolved', ends_at = ?, resolved_at = ? WHERE fingerprint = ? AND starts_at = ?")
                .params(endsAt == null ? null : Timestamp.from(endsAt), Timestamp.from(resolvedAt), fingerprint,
                        Timestamp.from(startsAt))
                .update();
    }

    @Override
    public List<Instant> resolveEpisodes(UUID incidentId, String fingerprint, Instant startsAt, Instant endsAt,
                                         Instant receivedAt, Instant resolvedAt) {
        inserts.flush();
        List<Instant> resolved = jdbc.sql("""
                        UPDATE alert SET status = 'resolved', ends_at = ?, resolved_at = ?
                        WHERE incident_id = ? AND fingerprint = ? AND status = 'firing'
                          AND (starts_at = ? OR starts_at <= ? OR starts_at <= ?)
                        RETURNING starts_at""")
                .params(Timestamp.from(endsAt), Timestamp.from(resolvedAt), incidentId, fingerprint,
                        Timestamp.from(startsAt), Timestamp.from(endsAt), Timestamp.from(receivedAt))
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).list().stream().sorted().toList();
        int[] both = TransactionSynchronizationManager.isSynchronizationActive() ? counted.get().get(incidentId) : null;
        if (both != null) {
            both[1] -= resolved.size();
        }
        return resolved;
    }

    @Override
    public List<FiringAlert> firingAlerts(UUID incidentId) {
        newIncidents.flush();
        inserts.flush();
        return jdbc.sql("""
                        SELECT a.fingerprint, a.starts_at, a.labels::text, a.annotations::text, a.missing_since,
                               coalesce(a.external_url, i.external_url, '')
                        FROM alert a JOIN incident i ON i.id = a.incident_id
                        WHERE a.incident_id = ? AND a.status = 'firing' ORDER BY a.starts_at, a.fingerprint""")
                .param(incidentId)
                .query((rs, n) -> new FiringAlert(rs.getString(1), rs.getTimestamp(2).toInstant(),
                        json.readValue(rs.getString(3), STRINGS), json.readValue(rs.getString(4), STRINGS),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(), rs.getString(6)))
                .list();
    }

    @Override
    public void setMissingSince(String fingerprint, Instant startsAt, Instant missingSince) {
        inserts.flush();
        jdbc.sql("UPDATE alert SET missing_since = ? WHERE fingerprint = ? AND starts_at = ?")
                .params(missingSince == null ? null : Timestamp.from(missingSince), fingerprint, Timestamp.from(startsAt))
                .update();
    }

    @Override
    public void markAllResolved(UUID incidentId, Instant endsAt, Instant resolvedAt) {
        inserts.flush();
        jdbc.sql("UPDATE alert SET status = 'resolved', ends_at = ?, resolved_at = ? WHERE incident_id = ? AND status = 'firing'")
                .params(Timestamp.from(endsAt), Timestamp.from(resolvedAt), incidentId).update();
        int[] both = TransactionSynchronizationManager.isSynchronizationActive() ? counted.get().get(incidentId) : null;
        if (both != null) {
            both[1] = 0;
        }
    }

    @Override
    public int stateChangesSince(String fingerprint, Instant since) {
        inserts.flush();
        return jdbc.sql("""
                        SELECT count(DISTINCT resolved_at) FILTER (WHERE resolved_at >= ?)
                             + count(*) FILTER (WHERE attached_at >= ? AND starts_at > first_starts_at)
                        FROM (SELECT resolved_at, attached_at, starts_at, min(starts_at) OVER () AS first_starts_at
                              FROM alert WHERE fingerprint = ?) a""")
                .params(Timestamp.from(since), Timestamp.from(since), fingerprint).query(Integer.class).single();
    }

    @Override
    public Optional<Instant> lastStateChange(UUID incidentId) {
        inserts.flush();
        return jdbc.sql("SELECT max(greatest(attached_at, resolved_at)) FROM alert WHERE incident_id = ?")
                .param(incidentId).query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .single();
    }

    @Override
    public List<Map<String, String>> firingLabels(UUID incidentId) {
        inserts.flush();
        return jdbc.sql("SELECT labels::text FROM alert WHERE incident_id = ? AND status = 'firing'").param(incidentId)
                .query((rs, n) -> json.readValue(rs.getString(1), STRINGS)).list();
    }

    @Override
    public int attachedSince(UUID incidentId, Instant since) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return countAttachedSince(incidentId, since);
        }
        return attachedCounts.get().computeIfAbsent(incidentId, id -> new int[] {countAttachedSince(id, since)})[0];
    }

    private int countAttachedSince(UUID incidentId, Instant since) {
        inserts.flush();
        return jdbc.sql("SELECT count(*) FROM alert WHERE incident_id = ? AND attached_at >= ?")
                .params(incidentId, Timestamp.from(since)).query(Integer.class).single();
    }

    @Override
    public Counts counts(UUID incidentId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return count(incidentId);
        }
        int[] both = counted.get().computeIfAbsent(incidentId, id -> {
            Counts read = count(id);
            return new int[] {read.total(), read.firing()};
        });
        return new Counts(both[0], both[1]);
    }

    private Counts count(UUID incidentId) {
        inserts.flush();
        return jdbc.sql("SELECT count(*), count(*) FILTER (WHERE status = 'firing') FROM alert WHERE incident_id = ?")
                .param(incidentId)
                .query((rs, n) -> new Counts(rs.getInt(1), rs.getInt(2)))
                .single();
    }

    @Override
    public List<AlertView> alertsOf(UUID incidentId) {
        inserts.flush();
        return jdbc.sql("""
                        SELECT fingerprint, status, labels::text, annotations::text, starts_at, ends_at, generator_url, severity
                        FROM alert WHERE incident_id = ? ORDER BY attached_at, fingerprint""")
                .param(incidentId)
                .query(this::alert)
                .list();
    }

    private AlertView alert(ResultSet rs, int row) throws SQLException {
        Timestamp ends = rs.getTimestamp(6);
        return new AlertView(rs.getString(1), rs.getString(2), json.readValue(rs.getString(3), STRINGS),
                json.readValue(rs.getString(4), STRINGS), rs.getTimestamp(5).toInstant(),
                ends == null ? null : ends.toInstant(), rs.getString(7), rs.getString(8));
    }
}

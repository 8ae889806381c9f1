package io.tocsin.incident.incidents.internal;

import io.tocsin.incident.incidents.AlertView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import io.tocsin.common.jdbc.DeferredInserts;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code incident.alert}: alerts keyed by identity {@code (fingerprint, starts_at)}. Inserts are {@link DeferredInserts}:
 * a triage transaction sends its new alert rows as one JDBC batch, before any other statement on the table and at
 * commit, so every method here sees the transaction's own rows.
 */
@Repository
public class JdbcAlertStore {

    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
    };
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();
    private final DeferredInserts inserts;

    JdbcAlertStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.inserts = new DeferredInserts(template, """
                INSERT INTO alert (fingerprint, starts_at, incident_id, status, severity, labels, annotations,
                                   ends_at, generator_url, attached_at, external_url)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)""");
    }

    /** A stored alert: which incident it belongs to and its status. */
    public record StoredAlert(UUID incidentId, String status) {
    }

    /**
     * What {@link #findAll} found: per identity, in the order given, the stored alert or empty; and which of the
     * fingerprints have any stored alert at all (with any {@code startsAt}).
     */
    public record Found(List<Optional<StoredAlert>> alerts, Set<String> storedFingerprints) {
    }

    /**
     * The open incident on which an alert with this fingerprint fires (the earliest attached), including alerts this
     * transaction stored: one alert seen by two paths (a backup-verifier verdict and the shipped rule of the same name,
     * or Alertmanager after its grouping changed) stays one incident (ADR 0009).
     */
    public Optional<UUID> openIncidentFiring(String fingerprint) {
        inserts.flush();
        return jdbc.sql("""
                        SELECT a.incident_id FROM alert a JOIN incident i ON i.id = a.incident_id
                        WHERE a.fingerprint = ? AND a.status = 'firing' AND i.status <> 'RESOLVED'
                        ORDER BY a.attached_at LIMIT 1""")
                .param(fingerprint).query(UUID.class).optional();
    }

    /**
     * The stored alert for each identity {@code (fingerprints[i], startsAts[i])}, and whether its fingerprint was ever
     * stored, in one query (a batch of triaged alerts).
     */
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
                        found.set(rs.getInt(1) - 1, Optional.of(new StoredAlert(incident, rs.getString(3))));
                    }
                    if (rs.getBoolean(5)) {
                        stored.add(rs.getString(4));
                    }
                });
        return new Found(found, stored);
    }

    /**
     * Attaches an alert to an incident; the row is written at the next read of the table or at commit.
     *
     * @param externalUrl the Alertmanager that sent it (its webhook's {@code externalURL}), asked by reconciliation
     */
    public void insert(UUID incidentId, String fingerprint, Instant startsAt, String status, String severity,
                       Map<String, String> labels, Map<String, String> annotations, Instant endsAt,
                       String generatorUrl, Instant attachedAt, String externalUrl) {
        inserts.add(fingerprint, Timestamp.from(startsAt), incidentId, status, severity, json.writeValueAsString(labels),
                json.writeValueAsString(annotations),
                new SqlParameterValue(Types.TIMESTAMP, endsAt == null ? null : Timestamp.from(endsAt)),
                new SqlParameterValue(Types.VARCHAR, generatorUrl), Timestamp.from(attachedAt),
                new SqlParameterValue(Types.VARCHAR, externalUrl == null || externalUrl.isBlank() ? null : externalUrl));
    }

    /** Marks an alert resolved: it ended at {@code endsAt} (the alert's time), seen at {@code resolvedAt} (ours). */
    public void markResolved(String fingerprint, Instant startsAt, Instant endsAt, Instant resolvedAt) {
        inserts.flush();
        jdbc.sql("UPDATE alert SET status = 'resolved', ends_at = ?, resolved_at = ? WHERE fingerprint = ? AND starts_at = ?")
                .params(endsAt == null ? null : Timestamp.from(endsAt), Timestamp.from(resolvedAt), fingerprint,
                        Timestamp.from(startsAt))
                .update();
    }

    /**
     * Resolves, in one statement, the firing episodes of a fingerprint on one incident that a resolved notification of
     * that fingerprint ends, and returns their {@code startsAt}, oldest first: its own identity
     * {@code (fingerprint, startsAt)} and every episode that started at or before its {@code endsAt} or before
     * alert-ingest received it. Alertmanager holds one alert per fingerprint: when an alert is re-sent with an end
     * before its stored start (amtool's {@code --end} in the past) or re-learned after a restart, it replaces the old
     * one and resolves an episode Tocsin never saw, and the earlier episodes it replaced are over too
     * (docs/adr/0007-resolved-alerts-match-by-fingerprint.md). An episode that started after the notification was
     * received is a new one and stays firing.
     *
     * @param startsAt   the notification's {@code startsAt}
     * @param endsAt     the notification's {@code endsAt}: stored as each episode's end
     * @param receivedAt when alert-ingest received the notification
     * @param resolvedAt when this service resolved them (ours)
     */
    public List<Instant> resolveEpisodes(UUID incidentId, String fingerprint, Instant startsAt, Instant endsAt,
                                         Instant receivedAt, Instant resolvedAt) {
        inserts.flush();
        return jdbc.sql("""
                        UPDATE alert SET status = 'resolved', ends_at = ?, resolved_at = ?
                        WHERE incident_id = ? AND fingerprint = ? AND status = 'firing'
                          AND (starts_at = ? OR starts_at <= ? OR starts_at <= ?)
                        RETURNING starts_at""")
                .params(Timestamp.from(endsAt), Timestamp.from(resolvedAt), incidentId, fingerprint,
                        Timestamp.from(startsAt), Timestamp.from(endsAt), Timestamp.from(receivedAt))
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).list().stream().sorted().toList();
    }

    /**
     * A firing alert as reconciliation sees it.
     *
     * @param missingSince when a reconciliation first found it gone from its Alertmanager; {@code null} while present
     * @param externalUrl  the Alertmanager that sent it (for rows from before V8, the incident's); empty if none
     */
    public record FiringAlert(String fingerprint, Instant startsAt, Map<String, String> labels,
                              Map<String, String> annotations, Instant missingSince, String externalUrl) {
    }

    /** The firing alerts of an incident, oldest first. */
    public List<FiringAlert> firingAlerts(UUID incidentId) {
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

    /** Records when a firing alert was first found missing from its source, or ({@code null}) that it is back. */
    public void setMissingSince(String fingerprint, Instant startsAt, Instant missingSince) {
        inserts.flush();
        jdbc.sql("UPDATE alert SET missing_since = ? WHERE fingerprint = ? AND starts_at = ?")
                .params(missingSince == null ? null : Timestamp.from(missingSince), fingerprint, Timestamp.from(startsAt))
                .update();
    }

    /** Marks every firing alert of an incident resolved at {@code endsAt}, seen at {@code resolvedAt}. */
    public void markAllResolved(UUID incidentId, Instant endsAt, Instant resolvedAt) {
        inserts.flush();
        jdbc.sql("UPDATE alert SET status = 'resolved', ends_at = ?, resolved_at = ? WHERE incident_id = ? AND status = 'firing'")
                .params(Timestamp.from(endsAt), Timestamp.from(resolvedAt), incidentId).update();
    }

    /**
     * State changes of one alert (by fingerprint, across incidents) at or after {@code since}: each resolution,
     * and each firing that follows an earlier firing of the same fingerprint (the first firing is no change). Episodes
     * that one resolved notification ended together (same {@code resolved_at}) are one change.
     */
    public int stateChangesSince(String fingerprint, Instant since) {
        inserts.flush();
        return jdbc.sql("""
                        SELECT count(DISTINCT resolved_at) FILTER (WHERE resolved_at >= ?)
                             + count(*) FILTER (WHERE attached_at >= ? AND starts_at > first_starts_at)
                        FROM (SELECT resolved_at, attached_at, starts_at, min(starts_at) OVER () AS first_starts_at
                              FROM alert WHERE fingerprint = ?) a""")
                .params(Timestamp.from(since), Timestamp.from(since), fingerprint).query(Integer.class).single();
    }

    /** The last time an alert of the incident fired or resolved, as seen here. */
    public Optional<Instant> lastStateChange(UUID incidentId) {
        inserts.flush();
        return jdbc.sql("SELECT max(greatest(attached_at, resolved_at)) FROM alert WHERE incident_id = ?")
                .param(incidentId).query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .single();
    }

    /** The labels of each firing alert of an incident. */
    public List<Map<String, String>> firingLabels(UUID incidentId) {
        inserts.flush();
        return jdbc.sql("SELECT labels::text FROM alert WHERE incident_id = ? AND status = 'firing'").param(incidentId)
                .query((rs, n) -> json.readValue(rs.getString(1), STRINGS)).list();
    }

    /** Alerts attached to an incident at or after {@code since}. */
    public int attachedSince(UUID incidentId, Instant since) {
        inserts.flush();
        return jdbc.sql("SELECT count(*) FROM alert WHERE incident_id = ? AND attached_at >= ?")
                .params(incidentId, Timestamp.from(since)).query(Integer.class).single();
    }

    /** How many alerts are attached, and how many of them still fire. */
    public record Counts(int total, int firing) {
    }

    public Counts counts(UUID incidentId) {
        inserts.flush();
        return jdbc.sql("SELECT count(*), count(*) FILTER (WHERE status = 'firing') FROM alert WHERE incident_id = ?")
                .param(incidentId)
                .query((rs, n) -> new Counts(rs.getInt(1), rs.getInt(2)))
                .single();
    }

    /** The alerts of an incident in the order they were attached. */
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

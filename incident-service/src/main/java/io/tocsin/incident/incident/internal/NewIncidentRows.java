package io.tocsin.incident.incident.internal;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentOrigin;
import io.tocsin.incident.incident.IncidentState;
import io.tocsin.platform.jdbc.DeferredInserts;
import io.tocsin.platform.jdbc.TransactionScoped;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Component;

/**
 * The {@code incident} rows a transaction opened and has not sent yet (issue 17, ADR 0017): a poll that opens many
 * incidents inserts them as one JDBC batch, each in the state it has when the batch is sent, instead of an
 * {@code INSERT} and an {@code UPDATE} per incident. The batch goes out at commit, or before any statement that reads
 * the {@code incident} table ({@link #flush}, called by the stores that read it). Alerts, timeline entries and links
 * queued for a new incident before its row refer to it by a foreign key checked at commit (V18).
 */
@Component
class NewIncidentRows {

    static final String COLUMNS = """
            id, number, title, status, severity, service, grouping_key, group_key, receiver, source, external_url,
            opened_at, acknowledged_at, acknowledged_by, resolved_at, resolved_by, previous_incident_id,
            parent_incident_id, flapping_since, maintenance_window_id, in_maintenance, storm_raised,
            escalation_level, next_escalation_at, resolve_due_at, resolve_target_missed, labels""";

    private final DeferredInserts inserts;
    private final TransactionScoped<Set<UUID>> queued = TransactionScoped.of(HashSet::new);

    NewIncidentRows(JdbcTemplate jdbc) {
        this.inserts = new DeferredInserts(jdbc, "INSERT INTO incident (" + COLUMNS + ") VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)");
    }

    /** Queues a new incident's row once; its values are read (and the incident marked stored) when it is sent. */
    void add(Incident incident) {
        if (queued.get().add(incident.id())) {
            inserts.addWhenSent(() -> values(incident.stored()));
        }
    }

    /** Sends the queued rows now (one JDBC batch); nothing when there are none. */
    void flush() {
        inserts.flush();
    }

    private static Object[] values(IncidentState s) {
        IncidentOrigin o = s.origin();
        // Nullable values carry their SQL type: a batch must not ask the driver for parameter types per null.
        return new Object[] {o.id(), o.number(), o.title(), s.status().name(), s.severity().name(), text(o.service()),
                o.groupingKey(), o.groupKey(), text(o.receiver()), o.source(), text(o.externalUrl()), ts(o.openedAt()),
                ts(s.acknowledgedAt()), text(s.acknowledgedBy()), ts(s.resolvedAt()), text(s.resolvedBy()),
                id(o.previousIncidentId()), id(s.parentIncidentId()), ts(s.flappingSince()), id(s.maintenanceWindowId()),
                s.inMaintenance(), s.stormRaised(), s.escalation().level(), ts(s.escalation().nextEscalationAt()),
                ts(s.escalation().resolveDueAt()), s.escalation().resolveTargetMissed(),
                text(o.labels() == null ? null : TocsinJson.mapper().writeValueAsString(o.labels()))};
    }

    private static SqlParameterValue ts(Instant i) {
        return new SqlParameterValue(Types.TIMESTAMP, i == null ? null : Timestamp.from(i));
    }

    private static SqlParameterValue text(String s) {
        return new SqlParameterValue(Types.VARCHAR, s);
    }

    private static SqlParameterValue id(UUID id) {
        return new SqlParameterValue(Types.OTHER, id);
    }
}

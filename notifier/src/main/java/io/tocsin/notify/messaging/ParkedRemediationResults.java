package io.tocsin.notify.messaging;

import io.tocsin.contracts.json.MessageCodec;
import io.tocsin.contracts.messages.RemediationResult;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code notifier.parked_remediation_result}: remediation results that arrived before any event of their incident.
 * {@code remediation.results.v1} and {@code incidents.events.v1} are consumed independently, so a result can overtake
 * the incident it belongs to when the events consumer lags (a storm's backlog, a restart). It waits here, written in
 * the consumer's transaction, until {@link ParkedResultSweep} finds the incident known and posts it. A result whose
 * incident never arrives is purged after {@link #RETENTION}.
 */
@Repository
class ParkedRemediationResults {

    /** How long a result waits for its incident before it is dropped (with a log line). */
    static final Duration RETENTION = Duration.ofDays(1);
    /** How long a parked result waits for its incident's routing labels once the incident is known. */
    static final Duration LABELS_WAIT = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(ParkedRemediationResults.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final MessageCodec codec = new MessageCodec();

    ParkedRemediationResults(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Keeps {@code result} until its incident is known; parking the same event again changes nothing. */
    void park(RemediationResult result) {
        Timestamp now = Timestamp.from(clock.instant());
        int purged = jdbc.sql("DELETE FROM parked_remediation_result WHERE parked_at < ?")
                .param(Timestamp.from(clock.instant().minus(RETENTION))).update();
        if (purged > 0) {
            log.warn("remediation.parked_expired count={} reason=\"incident unknown to notifier, or quiet, for {}\"", purged,
                    RETENTION);
        }
        jdbc.sql("""
                        INSERT INTO parked_remediation_result (event_id, incident_id, payload, parked_at)
                        VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(result.eventId(), result.incidentId(), codec.write(result), now).update();
        log.info("remediation.parked incident={} eventId={} reason=\"incident not known yet, or quiet\"", result.incidentId(),
                result.eventId());
    }

    /**
     * Incidents with parked results that can be posted now: the incident's view exists, is not quiet, and knows its first alert's
     * labels, which route its thread ({@code IncidentOpened} alone does not carry them; its {@code AlertsAttached}
     * does). A result parked more than {@link #LABELS_WAIT} ago is posted even without them (its incident's first
     * alerts may all have been resolved), rather than never.
     */
    List<UUID> incidentsNowKnown() {
        return jdbc.sql("""
                        SELECT DISTINCT p.incident_id FROM parked_remediation_result p
                        JOIN incident_view v ON v.incident_id = p.incident_id
                        WHERE NOT v.quiet AND (v.labels <> '{}'::jsonb OR p.parked_at < ?)""")
                .param(Timestamp.from(clock.instant().minus(LABELS_WAIT)))
                .query(UUID.class).list();
    }

    /**
     * Removes and returns the results parked for {@code incidentId} in the order they were parked (an execution's
     * {@code RemediationStarted} before its {@code RemediationSucceeded}, even when one poll parked both at the same
     * instant); empty when there are none.
     */
    List<RemediationResult> release(UUID incidentId) {
        return jdbc.sql("""
                        WITH released AS (DELETE FROM parked_remediation_result WHERE incident_id = ? RETURNING payload, seq)
                        SELECT payload FROM released ORDER BY seq""")
                .param(incidentId)
                .query((rs, n) -> codec.read(rs.getBytes(1), RemediationResult.class))
                .list();
    }
}

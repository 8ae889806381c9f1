package io.tocsin.incident.incident;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Where the alerts of incidents are kept (table {@code incident.alert}), by identity {@code (fingerprint, startsAt)}.
 * Inserts may be deferred to a batch; every read sees the transaction's own inserts.
 */
public interface AlertRepository {

    /** A stored alert: which incident it belongs to and whether it is still firing. */
    record StoredAlert(UUID incidentId, boolean firing) {
    }

    /**
     * What {@link #findAll} found: per identity, in the order given, the stored alert or empty; and which of the
     * fingerprints have any stored alert at all (with any {@code startsAt}).
     */
    record Found(List<Optional<StoredAlert>> alerts, Set<String> storedFingerprints) {
    }

    /**
     * A firing alert as reconciliation sees it.
     *
     * @param missingSince when a reconciliation first found it gone from its Alertmanager; {@code null} while present
     * @param externalUrl  the Alertmanager that sent it (for rows from before V8, the incident's); empty if none
     */
    record FiringAlert(String fingerprint, Instant startsAt, Map<String, String> labels,
                       Map<String, String> annotations, Instant missingSince, String externalUrl) {

        /** As an incident's change reports it, with the given status. */
        public AttachedAlert attached(Alert.Status status, String generatorUrl) {
            return new AttachedAlert(fingerprint, startsAt, status, labels, annotations, generatorUrl);
        }
    }

    /** How many alerts are attached, and how many of them still fire. */
    record Counts(int total, int firing) {
    }

    /**
     * The stored alert for each identity {@code (fingerprints[i], startsAts[i])}, and whether its fingerprint was ever
     * stored, in one query (a batch of triaged alerts).
     */
    Found findAll(List<String> fingerprints, List<Instant> startsAts);

    /**
     * The open incident on which an alert with this fingerprint fires (the earliest attached), including alerts this
     * transaction stored: one alert seen by two paths stays one incident (ADR 0009).
     */
    Optional<UUID> openIncidentFiring(String fingerprint);

    /** Attaches a firing alert to an incident, attached (seen by this service) at {@code attachedAt}. */
    void insert(UUID incidentId, Alert alert, Severity severity, Instant attachedAt);

    /**
     * Resolves, in one statement, the firing episodes of a fingerprint on one incident that a resolved notification of
     * that fingerprint ends, and returns their {@code startsAt}, oldest first: its own identity and every episode that
     * started at or before its {@code endsAt} or before alert-ingest received it (ADR 0007). An episode that started
     * after the notification was received is a new one and stays firing.
     *
     * @param endsAt     the notification's {@code endsAt}: stored as each episode's end
     * @param receivedAt when alert-ingest received the notification
     * @param resolvedAt when this service resolved them (ours)
     */
    List<Instant> resolveEpisodes(UUID incidentId, String fingerprint, Instant startsAt, Instant endsAt,
                                  Instant receivedAt, Instant resolvedAt);

    /** Marks one alert resolved: it ended at {@code endsAt} (the alert's time), seen at {@code resolvedAt} (ours). */
    void markResolved(String fingerprint, Instant startsAt, Instant endsAt, Instant resolvedAt);

    /** Marks every firing alert of an incident resolved at {@code endsAt}, seen at {@code resolvedAt}. */
    void markAllResolved(UUID incidentId, Instant endsAt, Instant resolvedAt);

    /** The firing alerts of an incident, oldest first. */
    List<FiringAlert> firingAlerts(UUID incidentId);

    /** Records when a firing alert was first found missing from its source, or ({@code null}) that it is back. */
    void setMissingSince(String fingerprint, Instant startsAt, Instant missingSince);

    /**
     * State changes of one alert (by fingerprint, across incidents) at or after {@code since}: each resolution, and
     * each firing that follows an earlier firing of the same fingerprint (the first firing is no change). Episodes that
     * one resolved notification ended together are one change.
     */
    int stateChangesSince(String fingerprint, Instant since);

    /** The last time an alert of the incident fired or resolved, as seen here. */
    Optional<Instant> lastStateChange(UUID incidentId);

    /** The labels of each firing alert of an incident. */
    List<Map<String, String>> firingLabels(UUID incidentId);

    /**
     * Alerts attached to an incident at or after {@code since}. Within one transaction the first call per incident
     * queries; later calls add the alerts this transaction attached to it since, without a query (triage asks at every
     * alert of a storm: one count per incident and poll instead of one per alert). {@code since} moves by the
     * transaction's duration between calls, which a window of minutes does not notice.
     */
    int attachedSince(UUID incidentId, Instant since);

    /**
     * An incident's alerts: how many are attached and how many fire. Within one transaction the first call per
     * incident queries; later calls count this transaction's own inserts and resolutions through this repository
     * without a query (triage describes the incident in every event it records).
     */
    Counts counts(UUID incidentId);

    /**
     * Tells the repository that this transaction created the incident, so it has no alerts yet: its {@link #counts}
     * and {@link #attachedSince} need no query in this transaction.
     */
    void created(UUID incidentId);

    /** The alerts of an incident in the order they were attached. */
    List<AlertView> alertsOf(UUID incidentId);
}

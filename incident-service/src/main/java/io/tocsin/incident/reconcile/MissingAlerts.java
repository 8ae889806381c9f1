package io.tocsin.incident.reconcile;

import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.AlertRepository;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentMetrics;
import io.tocsin.incident.incident.IncidentRepository;
import io.tocsin.incident.incident.IncidentResolutions;
import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import io.tocsin.incident.triage.Triage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies what an incident's Alertmanager answered about its firing alerts (issue 14, alertmanager#2370: a restart
 * without persistence forgets alerts and never sends their resolution). An alert Alertmanager still holds clears its
 * {@code missing_since}; one it no longer holds is marked missing, and once it has been missing for {@code grace} it is
 * resolved by {@value #ACTOR} with an {@code alert.resolved} entry that says why (ended at the time it was first found
 * missing). When that leaves no alert firing, the incident resolves ({@code reason: all_alerts_resolved}), unless it is
 * flapping, which holds it open as usual.
 */
@Service
public class MissingAlerts {

    /** Actor of resolutions that reconciliation with Alertmanager decided. */
    public static final String ACTOR = "system:reconcile";

    private static final Logger log = LoggerFactory.getLogger(MissingAlerts.class);
    private final IncidentRepository incidents;
    private final AlertRepository alerts;
    private final IncidentResolutions resolutions;
    private final Triage triage;
    private final Timeline timeline;
    private final IncidentMetrics metrics;

    MissingAlerts(IncidentRepository incidents, AlertRepository alerts, IncidentResolutions resolutions, Triage triage,
                  Timeline timeline, IncidentMetrics metrics) {
        this.incidents = incidents;
        this.alerts = alerts;
        this.resolutions = resolutions;
        this.triage = triage;
        this.timeline = timeline;
        this.metrics = metrics;
    }

    /**
     * @param held whether the alert's own Alertmanager ({@link AlertRepository.FiringAlert#externalUrl()}) holds it
     *             unresolved: {@code TRUE}, {@code FALSE}, or {@code null} when that Alertmanager did not answer (the
     *             alert is left as it is)
     * @return how many alerts it resolved
     */
    @Transactional
    public int apply(UUID incidentId, Function<AlertRepository.FiringAlert, Boolean> held, Duration grace, Instant now) {
        Optional<Incident> found = incidents.findForUpdate(incidentId);
        if (found.isEmpty() || !found.get().isOpen()) {
            return 0;
        }
        Incident incident = found.get();
        int resolved = 0;
        Set<String> asked = new TreeSet<>();
        for (AlertRepository.FiringAlert alert : alerts.firingAlerts(incidentId)) {
            Boolean present = held.apply(alert);
            if (present == null) {
                continue;
            }
            String alertmanager = alert.externalUrl();
            asked.add(alertmanager);
            if (present) {
                if (alert.missingSince() != null) {
                    alerts.setMissingSince(alert.fingerprint(), alert.startsAt(), null);
                }
                continue;
            }
            if (alert.missingSince() == null) {
                alerts.setMissingSince(alert.fingerprint(), alert.startsAt(), now);
                continue;
            }
            if (alert.missingSince().plus(grace).isAfter(now)) {
                continue;
            }
            alerts.markResolved(alert.fingerprint(), alert.startsAt(), alert.missingSince(), now);
            String name = alert.labels().getOrDefault("alertname", alert.fingerprint());
            timeline.append(incidentId, now, TimelineEntryType.ALERT_RESOLVED, ACTOR, "Alert " + name
                            + " resolved: Alertmanager " + alertmanager + " no longer has it (missing since "
                            + alert.missingSince() + ", grace " + grace.toSeconds() + " s)",
                    new TimelineDetails.AlertGone(alert.fingerprint(), alert.startsAt(), alert.missingSince(),
                            alertmanager, grace.toSeconds()));
            incident.alertApplied(alert.attached(Alert.Status.RESOLVED, ""), now);
            metrics.alertReconciled();
            log.info("reconcile.alert_resolved incident={} fingerprint={} alertmanager={} missingSince={}",
                    incident.key(), alert.fingerprint(), alertmanager, alert.missingSince());
            resolved++;
        }
        if (resolved > 0 && alerts.counts(incidentId).firing() == 0) {
            if (incident.flappingSince() != null) {
                triage.holdOpen(incident, ACTOR, now);
            } else {
                resolutions.resolve(incident, ACTOR, now, "Incident " + incident.key() + " resolved: every alert resolved "
                                + "(Alertmanager " + String.join(", ", asked) + " no longer has them)",
                        TimelineDetails.Resolved.allAlertsResolved());
            }
        }
        incidents.save(incident);
        return resolved;
    }
}

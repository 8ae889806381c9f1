package io.tocsin.incident.incident;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The incident meters (README canvas, Metrics), registered at zero so dashboards and {@code rate()} see every severity
 * before its first incident: {@code tocsin_incidents_opened_total{severity}}, {@code …_escalated_total{severity}},
 * {@code …_resolve_target_missed_total{severity}}, {@code …_flapping_total}, {@code …_in_maintenance_total},
 * {@code tocsin_alerts_reconciled_total}, and the response-time histograms
 * {@code tocsin_incident_time_to_acknowledge_seconds} and {@code …_time_to_resolve_seconds} with buckets at the seed
 * escalation matrix's targets.
 */
@Component
public class IncidentMetrics {

    private static final Duration[] RESPONSE_BUCKETS = {Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(4),
            Duration.ofHours(24), Duration.ofDays(3)};

    private final MeterRegistry meters;
    private final Timer timeToAcknowledge;
    private final Timer timeToResolve;

    public IncidentMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.timeToAcknowledge = Timer.builder("tocsin.incident.time.to.acknowledge")
                .description("Time from an incident's opening to its acknowledgement")
                .serviceLevelObjectives(RESPONSE_BUCKETS).register(meters);
        this.timeToResolve = Timer.builder("tocsin.incident.time.to.resolve")
                .description("Time from an incident's opening to its resolution")
                .serviceLevelObjectives(RESPONSE_BUCKETS).register(meters);
        for (Severity severity : Severity.values()) {
            meters.counter("tocsin.incidents.opened", "severity", severity.name());
            meters.counter("tocsin.incidents.escalated", "severity", severity.name());
            meters.counter("tocsin.incidents.resolve.target.missed", "severity", severity.name());
        }
        meters.counter("tocsin.incidents.flapping");
        meters.counter("tocsin.incidents.in.maintenance");
        meters.counter("tocsin.alerts.reconciled");
    }

    public void opened(Incident incident) {
        meters.counter("tocsin.incidents.opened", "severity", incident.severity().name()).increment();
    }

    public void acknowledged(Incident incident) {
        timeToAcknowledge.record(Duration.between(incident.openedAt(), incident.acknowledgedAt()));
    }

    public void resolved(Incident incident) {
        timeToResolve.record(Duration.between(incident.openedAt(), incident.resolvedAt()));
    }

    public void escalated(Incident incident) {
        meters.counter("tocsin.incidents.escalated", "severity", incident.severity().name()).increment();
    }

    public void resolveTargetMissed(Incident incident) {
        meters.counter("tocsin.incidents.resolve.target.missed", "severity", incident.severity().name()).increment();
    }

    public void flappingStarted() {
        meters.counter("tocsin.incidents.flapping").increment();
    }

    public void enteredMaintenance() {
        meters.counter("tocsin.incidents.in.maintenance").increment();
    }

    public void alertReconciled() {
        meters.counter("tocsin.alerts.reconciled").increment();
    }
}

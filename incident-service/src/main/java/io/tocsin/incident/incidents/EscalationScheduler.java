package io.tocsin.incident.incidents;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The time-driven rules, on a schedule ({@code tocsin.incident.escalation-scan-interval}, default 10 s) with the
 * injected {@link Clock}: maintenance windows starting and ending, the escalation matrix, heartbeats (dead man's
 * switches), resolve-target breaches and the end of flapping. Due times live in the database, so a restart only
 * delays a scan; several instances are safe because each incident (and window) is re-checked under its row lock.
 */
@Component
public class EscalationScheduler {

    private static final Logger log = LoggerFactory.getLogger(EscalationScheduler.class);
    private final Incidents incidents;
    private final Clock clock;
    private final io.tocsin.incident.IncidentSettings settings;

    EscalationScheduler(Incidents incidents, Clock clock, io.tocsin.incident.IncidentSettings settings) {
        this.incidents = incidents;
        this.clock = clock;
        this.settings = settings;
    }

    @Scheduled(fixedDelayString = "${tocsin.incident.escalation-scan-interval:10s}")
    void scan() {
        scanAt(clock.instant());
    }

    /** Escalates and records resolve breaches due at {@code now}; returns how many escalations happened. */
    public int scanAt(Instant now) {
        for (UUID window : incidents.maintenanceDue(now, true)) {
            try {
                incidents.applyMaintenanceStart(window, now);
            } catch (RuntimeException e) {
                log.warn("maintenance.start_failed window={} reason=\"{}\"", window, e.getMessage());
            }
        }
        for (UUID window : incidents.maintenanceDue(now, false)) {
            try {
                incidents.applyMaintenanceEnd(window, now);
            } catch (RuntimeException e) {
                log.warn("maintenance.end_failed window={} reason=\"{}\"", window, e.getMessage());
            }
        }
        int escalated = 0;
        for (UUID id : incidents.dueAt(now, true)) {
            try {
                escalated += incidents.escalateIfDue(id, now) ? 1 : 0;
            } catch (RuntimeException e) {
                log.warn("escalation.failed incident={} reason=\"{}\"", id, e.getMessage());
            }
        }
        for (var heartbeat : settings.heartbeats()) {
            try {
                incidents.checkHeartbeat(heartbeat, now);
            } catch (RuntimeException e) {
                log.warn("heartbeat.check_failed name={} reason=\"{}\"", heartbeat.name(), e.getMessage());
            }
        }
        for (UUID id : incidents.dueAt(now, false)) {
            try {
                incidents.recordResolveBreachIfDue(id, now);
            } catch (RuntimeException e) {
                log.warn("escalation.resolve_breach_failed incident={} reason=\"{}\"", id, e.getMessage());
            }
        }
        for (UUID id : incidents.flapping()) {
            try {
                incidents.endFlappingIfQuiet(id, now);
            } catch (RuntimeException e) {
                log.warn("flapping.end_failed incident={} reason=\"{}\"", id, e.getMessage());
            }
        }
        return escalated;
    }
}

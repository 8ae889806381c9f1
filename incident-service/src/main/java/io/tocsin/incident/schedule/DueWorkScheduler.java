package io.tocsin.incident.schedule;

import io.tocsin.incident.escalation.Escalations;
import io.tocsin.incident.heartbeat.HeartbeatSettings;
import io.tocsin.incident.heartbeat.HeartbeatWatch;
import io.tocsin.incident.maintenance.MaintenanceWindows;
import io.tocsin.incident.triage.FlappingEnd;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the work that falls due with time, on a schedule ({@code tocsin.incident.escalation-scan-interval}, default
 * 10 s) with the injected {@link Clock}: maintenance windows starting and ending, escalations, heartbeats (dead man's
 * switches), resolve-target breaches and the end of flapping. Due times live in the database, so a restart only delays
 * a scan.
 *
 * <p>Owner: one instance at a time — the scan is db-scheduler's recurring task {@code incident-due-work}
 * ({@link DueWorkScheduling}), so N instances do not scan N times; when that instance dies another takes the task
 * over. Each incident (and window) is still re-checked under its row lock by the feature that applies it, so a test or
 * an operator calling {@link #scanAt} beside the schedule changes nothing twice.
 */
@Component
public class DueWorkScheduler {

    private static final Logger log = LoggerFactory.getLogger(DueWorkScheduler.class);
    private final MaintenanceWindows windows;
    private final Escalations escalations;
    private final HeartbeatWatch heartbeatWatch;
    private final HeartbeatSettings heartbeats;
    private final FlappingEnd flappingEnd;
    private final Clock clock;

    DueWorkScheduler(MaintenanceWindows windows, Escalations escalations, HeartbeatWatch heartbeatWatch,
                     HeartbeatSettings heartbeats, FlappingEnd flappingEnd, Clock clock) {
        this.windows = windows;
        this.escalations = escalations;
        this.heartbeatWatch = heartbeatWatch;
        this.heartbeats = heartbeats;
        this.flappingEnd = flappingEnd;
        this.clock = clock;
    }

    /** One scan at the injected clock's now: the scheduled task's body. */
    void scan() {
        scanAt(clock.instant());
    }

    /**
     * Applies everything due at {@code now}; one item failing is logged and the others go on.
     *
     * @return how many escalations happened
     */
    public int scanAt(Instant now) {
        for (UUID window : windows.due(now, true)) {
            attempt("maintenance.start_failed window=" + window, () -> windows.applyStart(window, now));
        }
        for (UUID window : windows.due(now, false)) {
            attempt("maintenance.end_failed window=" + window, () -> windows.applyEnd(window, now));
        }
        int escalated = 0;
        for (UUID id : escalations.dueAt(now, true)) {
            try {
                escalated += escalations.escalateIfDue(id, now) ? 1 : 0;
            } catch (RuntimeException e) {
                log.warn("escalation.failed incident={} reason=\"{}\"", id, e.getMessage());
            }
        }
        for (HeartbeatSettings.Heartbeat heartbeat : heartbeats.heartbeats()) {
            attempt("heartbeat.check_failed name=" + heartbeat.name(), () -> heartbeatWatch.check(heartbeat, now));
        }
        for (UUID id : escalations.dueAt(now, false)) {
            attempt("escalation.resolve_breach_failed incident=" + id, () -> escalations.recordResolveBreachIfDue(id, now));
        }
        for (UUID id : flappingEnd.flapping()) {
            attempt("flapping.end_failed incident=" + id, () -> flappingEnd.endIfQuiet(id, now));
        }
        return escalated;
    }

    private static void attempt(String failure, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("{} reason=\"{}\"", failure, e.getMessage());
        }
    }
}

package io.tocsin.incident.maintenance;

import io.tocsin.incident.incident.AlertRepository;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentMetrics;
import io.tocsin.incident.incident.IncidentRepository;
import io.tocsin.incident.incident.IncidentStatus;
import io.tocsin.incident.incident.ResponseTargets;
import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Maintenance windows, Tocsin's silences: create, list, read and end early, and their effect on incidents. A window's
 * start and end reach the incidents it covers through {@link #applyStart} and {@link #applyEnd}, right away when it
 * starts in the past or is ended early, else from the due-work scheduler; an incident opened while a window is active
 * falls under it at opening (triage's {@code MaintenanceRule}, through {@link #enter}).
 */
@Service
public class MaintenanceWindows {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceWindows.class);
    private final MaintenanceWindowStore windows;
    private final IncidentRepository incidents;
    private final AlertRepository alerts;
    private final ResponseTargets targets;
    private final Timeline timeline;
    private final IncidentMetrics metrics;
    private final Clock clock;

    private final org.springframework.context.ApplicationEventPublisher events;

    MaintenanceWindows(MaintenanceWindowStore windows, IncidentRepository incidents, AlertRepository alerts,
                       ResponseTargets targets, Timeline timeline, IncidentMetrics metrics, Clock clock,
                       org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.windows = windows;
        this.incidents = incidents;
        this.alerts = alerts;
        this.targets = targets;
        this.timeline = timeline;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Creates a window. One that has already started covers the open incidents it matches at once.
     *
     * @param matchers  at least one
     * @param startsAt  start; {@code null} = now
     * @param endsAt    end, after the start and in the future
     * @param comment   why, not blank
     * @param createdBy principal, e.g. {@code api:token-1}
     * @throws IllegalArgumentException naming the field that is wrong
     */
    @Transactional
    public MaintenanceWindow create(List<MaintenanceWindow.Matcher> matchers, Instant startsAt, Instant endsAt, String comment,
                                    String createdBy) {
        return create(matchers, startsAt, endsAt, comment, createdBy, null);
    }

    /**
     * As {@link #create(List, Instant, Instant, String, String)}, announced to customers when {@code notice} is given:
     * the status page lists it as scheduled maintenance ({@code PublicMaintenanceChanged}).
     */
    @Transactional
    public MaintenanceWindow create(List<MaintenanceWindow.Matcher> matchers, Instant startsAt, Instant endsAt, String comment,
                                    String createdBy, MaintenanceWindow.Notice notice) {
        Instant now = clock.instant();
        Instant start = startsAt == null ? now : startsAt;
        if (matchers == null || matchers.isEmpty()) {
            throw new IllegalArgumentException("matchers must hold at least one matcher");
        }
        if (endsAt == null) {
            throw new IllegalArgumentException("endsAt is required");
        }
        if (!endsAt.isAfter(now)) {
            throw new IllegalArgumentException("endsAt must be in the future");
        }
        if (!endsAt.isAfter(start)) {
            throw new IllegalArgumentException("endsAt must be after startsAt");
        }
        if (comment == null || comment.isBlank()) {
            throw new IllegalArgumentException("comment must not be blank: say why (change ticket, upgrade)");
        }
        MaintenanceWindow window = new MaintenanceWindow(UUID.randomUUID(), List.copyOf(matchers), start, endsAt,
                comment.strip(), createdBy, now, null);
        windows.insert(window);
        if (notice != null) {
            windows.insertNotice(window.id(), notice);
            announce(window, notice, now);
        }
        log.info("maintenance.created window={} matchers={} startsAt={} endsAt={} by={} public={}", window.id(), matchers, start,
                endsAt, createdBy, notice != null);
        if (!start.isAfter(now)) {
            coverIncidents(window.id(), now);
        }
        return window;
    }

    /** Windows, newest start first (at most 500). */
    @Transactional(readOnly = true)
    public List<MaintenanceWindow> list() {
        return windows.all(500);
    }

    @Transactional(readOnly = true)
    public Optional<MaintenanceWindow> find(UUID id) {
        return windows.find(id);
    }

    /** What customers are told of a window; empty for an internal one. */
    @Transactional(readOnly = true)
    public Optional<MaintenanceWindow.Notice> notice(UUID id) {
        return windows.notice(id);
    }

    /**
     * Ends a window now, as Alertmanager expires a silence: an active one releases its incidents, a pending one
     * never starts. Ending an expired window changes nothing.
     *
     * @return the window after the change; empty when unknown
     */
    @Transactional
    public Optional<MaintenanceWindow> end(UUID id, String by) {
        Optional<MaintenanceWindow> found = windows.findForUpdate(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (found.get().stateAt(now) != MaintenanceWindow.State.EXPIRED) {
            windows.endEarly(id, now, by);
            releaseIncidents(id, now);
            windows.find(id).ifPresent(ended -> windows.notice(id).ifPresent(notice -> announce(ended, notice, now)));
            log.info("maintenance.ended_early window={} by={}", id, by);
        }
        return windows.find(id);
    }

    /**
     * Publishes a window's public state (seed 001: maintenance announced to customers), with this transaction, for the
     * status page ({@link MaintenanceNoticeChanged}).
     */
    private void announce(MaintenanceWindow window, MaintenanceWindow.Notice notice, Instant now) {
        events.publishEvent(new MaintenanceNoticeChanged(UUID.randomUUID(), now, window.id(), notice.title(),
                notice.components(), window.startsAt(), window.endsAt(), window.endedEarlyBy() != null));
    }

    /** The current time of the service's clock, for callers that report a window's state. */
    public Instant now() {
        return clock.instant();
    }

    /** Windows active at {@code now}, oldest first. */
    @Transactional(readOnly = true)
    public List<MaintenanceWindow> activeAt(Instant now) {
        return windows.activeAt(now);
    }

    /** Windows whose start ({@code starting=true}) or end is due at {@code now} and not yet applied. */
    @Transactional(readOnly = true)
    public List<UUID> due(Instant now, boolean starting) {
        return starting ? windows.startDue(now) : windows.endDue(now);
    }

    /**
     * Applies a window's start: every open incident not yet under a window with a firing alert the window matches is
     * put under it ({@code maintenance.started} entry, escalation paused, {@code IncidentMaintenanceStarted}). Applied
     * once per window; incidents opened later while it is active are put under it at opening.
     *
     * @return how many incidents it covered now; 0 when already applied, unknown or expired
     */
    @Transactional
    public int applyStart(UUID windowId, Instant now) {
        return coverIncidents(windowId, now);
    }

    private int coverIncidents(UUID windowId, Instant now) {
        Optional<MaintenanceWindow> found = windows.findForUpdate(windowId);
        if (found.isEmpty() || found.get().stateAt(now) != MaintenanceWindow.State.ACTIVE || !windows.markStartApplied(windowId)) {
            return 0;
        }
        MaintenanceWindow window = found.get();
        int covered = 0;
        for (UUID id : incidents.openNotInMaintenance()) {
            Optional<Incident> locked = incidents.findForUpdate(id);
            if (locked.isEmpty() || !locked.get().isOpen() || locked.get().inMaintenance()
                    || alerts.firingLabels(id).stream().noneMatch(window::matches)) {
                continue;
            }
            enter(locked.get(), window, now);
            incidents.save(locked.get());
            covered++;
        }
        log.info("maintenance.started window={} incidents={}", windowId, covered);
        return covered;
    }

    /**
     * Applies a window's end (its end time passed, or it was ended early): each incident under it gets a
     * {@code maintenance.ended} entry and {@code IncidentMaintenanceEnded}; one still open escalates again, its
     * acknowledge and resolve targets counted from now. Applied once per window.
     *
     * @return how many incidents it released
     */
    @Transactional
    public int applyEnd(UUID windowId, Instant now) {
        return releaseIncidents(windowId, now);
    }

    private int releaseIncidents(UUID windowId, Instant now) {
        Optional<MaintenanceWindow> found = windows.findForUpdate(windowId);
        if (found.isEmpty() || !windows.markEndApplied(windowId)) {
            return 0;
        }
        MaintenanceWindow window = found.get();
        int released = 0;
        for (UUID id : incidents.inMaintenanceWindow(windowId)) {
            Incident incident = incidents.findForUpdate(id).orElseThrow();
            incident.leaveMaintenance(now, targets);
            timeline.append(id, now, TimelineEntryType.MAINTENANCE_ENDED, "system", "Maintenance window ended"
                            + (window.endedEarlyBy() == null ? "" : " early by " + window.endedEarlyBy()) + ": " + window.comment()
                            + (incident.status() == IncidentStatus.RESOLVED ? "" : "; escalation and notifications resume"),
                    new TimelineDetails.MaintenanceEnded(windowId, window.endedEarlyBy()));
            incidents.save(incident);
            released++;
        }
        log.info("maintenance.ended window={} incidents={}", windowId, released);
        return released;
    }

    /**
     * Puts a row-locked open incident under a window: the transition (escalation paused), its {@code maintenance.started}
     * entry and the {@code tocsin_incidents_in_maintenance_total} counter. The caller saves the incident.
     */
    public void enter(Incident incident, MaintenanceWindow window, Instant now) {
        incident.enterMaintenance(window.id(), window.comment(), window.endsAt(), now);
        String matchers = window.matchers().stream().map(Object::toString).collect(Collectors.joining(", "));
        timeline.append(incident.id(), now, TimelineEntryType.MAINTENANCE_STARTED, "system", "In maintenance window until "
                        + window.endsAt() + ": " + window.comment() + " (" + matchers + "); recorded, not escalated or notified",
                new TimelineDetails.MaintenanceStarted(window.id(), window.comment(),
                        window.matchers().stream().map(Object::toString).toList(), window.startsAt(), window.endsAt(),
                        window.createdBy()));
        metrics.enteredMaintenance();
        log.info("incident.in_maintenance incident={} window={}", incident.key(), window.id());
    }
}

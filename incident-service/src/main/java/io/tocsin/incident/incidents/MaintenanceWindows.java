package io.tocsin.incident.incidents;

import io.tocsin.incident.incidents.internal.JdbcMaintenanceWindowStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Maintenance windows (issue 6): create, list, read and end early. A window's start and end reach the
 * incidents it covers through {@link Incidents#applyMaintenanceStart} and {@link Incidents#applyMaintenanceEnd},
 * right away when it starts in the past or is ended early, else from {@link EscalationScheduler}.
 */
@Service
public class MaintenanceWindows {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceWindows.class);
    private final JdbcMaintenanceWindowStore windows;
    private final Incidents incidents;
    private final Clock clock;

    MaintenanceWindows(JdbcMaintenanceWindowStore windows, Incidents incidents, Clock clock) {
        this.windows = windows;
        this.incidents = incidents;
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
        log.info("maintenance.created window={} matchers={} startsAt={} endsAt={} by={}", window.id(), matchers, start, endsAt,
                createdBy);
        if (!start.isAfter(now)) {
            incidents.applyMaintenanceStart(window.id(), now);
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
            incidents.applyMaintenanceEnd(id, now);
            log.info("maintenance.ended_early window={} by={}", id, by);
        }
        return windows.find(id);
    }

    /** The current time of the service's clock, for callers that report a window's state. */
    public Instant now() {
        return clock.instant();
    }
}

package io.tocsin.incident.triage.rules;

import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.maintenance.MaintenanceWindow;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Tocsin's silences, as Alertmanager's {@code MuteStage(silencer)}: a new incident whose first alert matches an active
 * maintenance window falls under the first such window: recorded, not escalated, not notified. Windows that start
 * later reach open incidents through {@code MaintenanceWindows}.
 */
public final class MaintenanceRule implements TriageRule {

    /** Puts an incident under a window (the transition, its {@code maintenance.started} entry, the counter). */
    @FunctionalInterface
    public interface Enter {
        void enter(Incident incident, MaintenanceWindow window, Instant at);
    }

    private final Function<Instant, List<MaintenanceWindow>> activeAt;
    private final Enter enter;

    /** @param activeAt the windows active at an instant */
    public MaintenanceRule(Function<Instant, List<MaintenanceWindow>> activeAt, Enter enter) {
        this.activeAt = activeAt;
        this.enter = enter;
    }

    @Override
    public void opened(Incident incident, Alert alert, Instant at) {
        activeAt.apply(at).stream().filter(w -> w.matches(alert.labels())).findFirst()
                .ifPresent(w -> enter.enter(incident, w, at));
    }
}

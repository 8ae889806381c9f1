package io.tocsin.incident.triage.rules;

import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flapping rule ({@link FlappingSettings}, as in Alerta): counts the alert's state changes within the window, by
 * fingerprint across incidents, and marks its open incident flapping when they exceed the threshold
 * ({@code incident.flapping_started} by {@code system}). While flapping, triage holds the incident open when its alerts
 * resolve; {@code io.tocsin.incident.triage.FlappingEnd} ends it once the alerts are quiet for a window.
 */
public final class FlappingRule implements TriageRule {

    /** How often a fingerprint changed state at or after an instant. */
    @FunctionalInterface
    public interface StateChanges {
        int since(String fingerprint, Instant since);
    }

    private static final Logger log = LoggerFactory.getLogger(FlappingRule.class);
    private final FlappingSettings settings;
    private final StateChanges changes;
    private final Entries entries;
    private final Runnable counted;

    /** @param counted called once per incident that starts flapping (the {@code tocsin_incidents_flapping_total} counter) */
    public FlappingRule(FlappingSettings settings, StateChanges changes, Entries entries, Runnable counted) {
        this.settings = settings;
        this.changes = changes;
        this.entries = entries;
        this.counted = counted;
    }

    @Override
    public void fired(Firing firing) {
        if (!firing.firstOfFingerprint()) { // the first firing of a fingerprint is no state change
            check(firing.incident(), firing.alert(), firing.at());
        }
    }

    @Override
    public void resolved(Resolution resolution) {
        check(resolution.incident(), resolution.alert(), resolution.at());
    }

    private void check(Incident incident, Alert alert, Instant at) {
        if (!incident.isOpen() || incident.flappingSince() != null) {
            return;
        }
        int changed = changes.since(alert.fingerprint(), at.minus(settings.window()));
        if (changed <= settings.threshold()) {
            return;
        }
        incident.startFlapping(alert.fingerprint(), changed, settings.window(), at);
        long minutes = settings.window().toMinutes();
        entries.append(incident.id(), at, TimelineEntryType.INCIDENT_FLAPPING_STARTED, "system", "Flapping: alert "
                        + alert.name() + " changed state " + changed + " times within " + minutes
                        + " min; held open and notifications throttled until it is quiet for " + minutes + " min",
                new TimelineDetails.FlappingStarted(alert.fingerprint(), changed, settings.threshold(),
                        settings.window().toSeconds()));
        counted.run();
        log.info("incident.flapping_started incident={} fingerprint={} changes={}", incident.key(), alert.fingerprint(), changed);
    }
}

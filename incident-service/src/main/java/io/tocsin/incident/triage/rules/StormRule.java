package io.tocsin.incident.triage.rules;

import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.ResponseTargets;
import io.tocsin.incident.incident.Severity;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 000's storm rule: "escalate one sev higher if more than 10 reports inside 5 minutes". When more than
 * {@link StormSettings#threshold()} alerts were attached to an incident within {@link StormSettings#window()}, its
 * severity rises one level, once per incident ({@code severity.changed} by {@code system}).
 */
public final class StormRule implements TriageRule {

    /** How many alerts were attached to an incident at or after an instant. */
    @FunctionalInterface
    public interface AttachedCount {
        int since(UUID incidentId, Instant since);
    }

    private static final Logger log = LoggerFactory.getLogger(StormRule.class);
    private final StormSettings settings;
    private final AttachedCount attached;
    private final ResponseTargets targets;
    private final Entries entries;

    public StormRule(StormSettings settings, AttachedCount attached, ResponseTargets targets, Entries entries) {
        this.settings = settings;
        this.attached = attached;
        this.targets = targets;
        this.entries = entries;
    }

    @Override
    public void fired(Firing firing) {
        Incident incident = firing.incident();
        if (firing.opened() || incident.stormRaised() || incident.severity() == Severity.SEV1
                || attached.since(incident.id(), firing.at().minus(settings.window())) <= settings.threshold()) {
            return;
        }
        Optional<Severity> raisedFrom = incident.raiseSeverityForStorm(reason(), firing.at(), targets);
        if (raisedFrom.isEmpty()) {
            return;
        }
        Severity before = raisedFrom.get();
        entries.append(incident.id(), firing.at(), TimelineEntryType.SEVERITY_CHANGED, "system",
                "Severity raised from " + before + " to " + incident.severity() + ": " + reason(),
                new TimelineDetails.StormRaised(before.name(), incident.severity().name(), settings.threshold(),
                        settings.window().toSeconds()));
        log.info("incident.storm incident={} from={} to={}", incident.key(), before, incident.severity());
    }

    private String reason() {
        return "alert storm: more than " + settings.threshold() + " alerts within " + settings.window().toMinutes() + " min";
    }
}

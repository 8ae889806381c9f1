package io.tocsin.incident.triage.rules;

import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.AttachedAlert;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.ResponseTargets;
import io.tocsin.incident.incident.Severity;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inhibition at incident level (seed 000: critical suppresses warning for the same service), as Alertmanager's
 * {@code MuteStage(inhibitor)}: a new SEV3/SEV4 incident of a service with an open SEV1/SEV2 incident becomes its child.
 * It is recorded as usual ({@code incident.inhibited} on the child, {@code child.linked} on the parent) but does not
 * escalate, and consumers do not notify it separately.
 *
 * <p>Inhibition ends with its source, as Alertmanager's does ({@link #parentResolved}): each open child moves to
 * another open SEV1/SEV2 incident of the service if there is one, else it is released ({@code incident.released},
 * {@code child.released}) and escalates and is announced as its own incident from then on.
 */
public final class InhibitionRule implements TriageRule {

    /** The incidents inhibition reads and changes. */
    public interface Incidents {

        /** The oldest open SEV1/SEV2 incident of {@code service} other than {@code except}, row-locked. */
        Optional<Incident> openCriticalOfService(String service, UUID except);

        /** The open children of {@code parent}, row-locked, oldest first. */
        List<Incident> openChildrenOf(UUID parent);

        /** The firing alerts of an incident, oldest first. */
        List<AttachedAlert> firingAlerts(UUID incidentId);

        void save(Incident incident);
    }

    private static final Logger log = LoggerFactory.getLogger(InhibitionRule.class);
    private final Incidents incidents;
    private final ResponseTargets targets;
    private final Entries entries;

    public InhibitionRule(Incidents incidents, ResponseTargets targets, Entries entries) {
        this.incidents = incidents;
        this.targets = targets;
        this.entries = entries;
    }

    @Override
    public void opened(Incident incident, Alert alert, Instant at) {
        if (incident.service() == null || incident.severity().isWorseThan(Severity.SEV3)) {
            return;
        }
        incidents.openCriticalOfService(incident.service(), incident.id()).ifPresent(parent -> {
            incident.inhibitBy(parent);
            entries.append(incident.id(), at, TimelineEntryType.INCIDENT_INHIBITED, "system", "Inhibited by " + parent.key()
                            + " (" + parent.severity() + " incident of " + incident.service() + "): recorded, not notified separately",
                    new TimelineDetails.ParentLink(parent.key(), parent.id(), null));
            entries.append(parent.id(), at, TimelineEntryType.CHILD_LINKED, "system", "Linked " + incident.key() + " ("
                    + incident.severity() + ", " + incident.title() + ") as an inhibited child",
                    new TimelineDetails.ChildLink(incident.key(), incident.id()));
            log.info("incident.inhibited incident={} parent={}", incident.key(), parent.key());
        });
    }

    /**
     * Ends the inhibition {@code parent} held, now that it resolved (saved RESOLVED): each open child moves to another
     * open SEV1/SEV2 incident of its service, or is released with its deadlines counted from {@code at}.
     */
    public void parentResolved(Incident parent, Instant at) {
        for (Incident child : incidents.openChildrenOf(parent.id())) {
            Optional<Incident> other = child.service() == null ? Optional.empty()
                    : incidents.openCriticalOfService(child.service(), child.id());
            if (other.isPresent()) {
                Incident next = other.get();
                child.inhibitBy(next);
                entries.append(child.id(), at, TimelineEntryType.INCIDENT_INHIBITED, "system", "Still inhibited: "
                                + parent.key() + " resolved, " + next.key() + " (" + next.severity() + " incident of "
                                + child.service() + ") is open",
                        new TimelineDetails.ParentLink(next.key(), next.id(), parent.key()));
                entries.append(next.id(), at, TimelineEntryType.CHILD_LINKED, "system", "Linked " + child.key() + " ("
                                + child.severity() + ", " + child.title() + ") as an inhibited child, from " + parent.key(),
                        new TimelineDetails.ChildLink(child.key(), child.id()));
                incidents.save(child);
                continue;
            }
            child.release(at, incidents.firingAlerts(child.id()), targets);
            entries.append(child.id(), at, TimelineEntryType.INCIDENT_RELEASED, "system", "Released: " + parent.key()
                            + " resolved; " + (child.inMaintenance() ? "still under a maintenance window"
                            : "notified and escalated as its own incident"),
                    new TimelineDetails.ParentLink(parent.key(), parent.id(), null));
            entries.append(parent.id(), at, TimelineEntryType.CHILD_RELEASED, "system", "Released inhibited child "
                    + child.key() + " (" + child.severity() + ", " + child.title() + ")",
                    new TimelineDetails.ChildLink(child.key(), child.id()));
            incidents.save(child);
            log.info("incident.released incident={} parent={}", child.key(), parent.key());
        }
    }
}

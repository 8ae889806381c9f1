package io.tocsin.incident.incident;

import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What responders do to an incident (the API and the Slack commands that reach it as {@code incidents.commands.v1}):
 * acknowledge, resolve, set the severity, add a note. Each writes the incident, its timeline entry and its changes in one transaction.
 */
@Service
public class ResponderActions {

    private static final Logger log = LoggerFactory.getLogger(ResponderActions.class);
    private final IncidentRepository incidents;
    private final IncidentResolutions resolutions;
    private final Timeline timeline;
    private final IncidentMetrics metrics;
    private final Clock clock;
    private final ResponseTargets targets;

    ResponderActions(IncidentRepository incidents, IncidentResolutions resolutions, Timeline timeline,
                     IncidentMetrics metrics, Clock clock, ResponseTargets targets) {
        this.targets = targets;
        this.incidents = incidents;
        this.resolutions = resolutions;
        this.timeline = timeline;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * A responder acknowledges: escalation stops.
     *
     * @param reference UUID or {@code INC-<n>}
     * @param actor     {@code slack:U123} or {@code api:<principal>}
     * @param note      optional note, recorded with the acknowledgement
     * @throws IncidentNotFound          for an unknown reference
     * @throws IllegalIncidentTransition unless the incident is TRIGGERED
     */
    @Transactional
    public Incident acknowledge(String reference, String actor, String note) {
        Incident incident = IncidentQueries.find(incidents, reference, true);
        acknowledge(incident, actor, note);
        return incident;
    }

    /**
     * Acknowledges an incident this transaction holds row-locked (triage acknowledging for a source such as PagerDuty):
     * the state, the timeline entry and the change, saved.
     *
     * @throws IllegalIncidentTransition unless the incident is TRIGGERED
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public void acknowledge(Incident incident, String actor, String note) {
        Instant now = clock.instant();
        incident.acknowledge(actor, now);
        timeline.append(incident.id(), now, TimelineEntryType.INCIDENT_ACKNOWLEDGED, actor, "Acknowledged by " + actor,
                new TimelineDetails.Acknowledged(note));
        metrics.acknowledged(incident);
        incidents.save(incident);
        log.info("incident.acknowledged incident={} by={}", incident.key(), actor);
    }

    /**
     * A responder resolves by hand.
     *
     * @throws IncidentNotFound          for an unknown reference
     * @throws IllegalIncidentTransition when it is already RESOLVED
     */
    @Transactional
    public Incident resolve(String reference, String actor, String note) {
        Incident incident = IncidentQueries.find(incidents, reference, true);
        resolutions.resolve(incident, actor, clock.instant(), "Resolved by " + actor,
                TimelineDetails.Resolved.manual(note));
        return incident;
    }

    /**
     * A person sets the severity, up or down, with a reason ({@code severity.changed} with the person as actor).
     *
     * @return the incident; unchanged (and no entry) when it already has that severity
     * @throws IncidentNotFound          for an unknown reference
     * @throws IllegalArgumentException  for a severity other than SEV1…SEV4, or a blank reason
     * @throws IllegalIncidentTransition when it is RESOLVED
     */
    @Transactional
    public Incident changeSeverity(String reference, String actor, String severity, String reason) {
        Severity to;
        try {
            to = Severity.valueOf(severity == null ? "" : severity.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("severity: must be SEV1, SEV2, SEV3 or SEV4, was '" + severity + "'");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason: is required");
        }
        Incident incident = IncidentQueries.find(incidents, reference, true);
        Instant now = clock.instant();
        Severity before = incident.severity();
        if (incident.setSeverity(to, reason.strip(), now, targets)) {
            timeline.append(incident.id(), now, TimelineEntryType.SEVERITY_CHANGED, actor, "Severity "
                            + (to.isWorseThan(before) ? "raised" : "lowered") + " from " + before + " to " + to + " by " + actor
                            + ": " + reason.strip(), new TimelineDetails.SeverityRaised(before.name(), to.name(), reason.strip()));
            incidents.save(incident);
            log.info("incident.severity_set incident={} from={} to={} by={}", incident.key(), before, to, actor);
        }
        return incident;
    }

    /**
     * Adds a note to the timeline; allowed in every status.
     *
     * @throws IncidentNotFound         for an unknown reference
     * @throws IllegalArgumentException when the note is blank
     */
    @Transactional
    public Incident addNote(String reference, String actor, String note) {
        if (note == null || note.isBlank()) {
            throw new IllegalArgumentException("note must not be blank");
        }
        Incident incident = IncidentQueries.find(incidents, reference, true);
        Instant now = clock.instant();
        incident.record(new IncidentChange.NoteAdded(java.util.UUID.randomUUID(), now, actor, note.strip()));
        timeline.append(incident.id(), now, TimelineEntryType.NOTE_ADDED, actor, note.strip(), TimelineDetails.NONE);
        incidents.save(incident);
        return incident;
    }

}

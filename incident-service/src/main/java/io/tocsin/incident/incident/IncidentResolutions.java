package io.tocsin.incident.incident;

import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Resolving an incident, whoever decides it (a responder, its last alert, a heartbeat, a backup verdict,
 * reconciliation, the end of flapping): the transition, the {@code incident.resolved} entry with its {@code reason},
 * the time-to-resolve histogram, the stored state, then every {@link ResolutionFollowUp}.
 */
@Service
public class IncidentResolutions {

    private static final Logger log = LoggerFactory.getLogger(IncidentResolutions.class);
    private final IncidentRepository incidents;
    private final Timeline timeline;
    private final IncidentMetrics metrics;
    private final List<ResolutionFollowUp> followUps;

    IncidentResolutions(IncidentRepository incidents, Timeline timeline, IncidentMetrics metrics,
                        List<ResolutionFollowUp> followUps) {
        this.incidents = incidents;
        this.timeline = timeline;
        this.metrics = metrics;
        this.followUps = followUps;
    }

    /**
     * Resolves a row-locked incident and saves it.
     *
     * @param summary the entry's text
     * @param details the entry's details; carry {@code reason} ({@code manual}, {@code all_alerts_resolved} …)
     * @throws IllegalIncidentTransition when it is already RESOLVED
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void resolve(Incident incident, String actor, Instant at, String summary, TimelineDetails.Resolution details) {
        incident.resolve(actor, at);
        timeline.append(incident.id(), at, TimelineEntryType.INCIDENT_RESOLVED, actor, summary, details);
        metrics.resolved(incident);
        incidents.save(incident);
        log.info("incident.resolved incident={} by={} reason={}", incident.key(), actor, details.reason());
        followUps.forEach(f -> f.incidentResolved(incident, at));
    }
}

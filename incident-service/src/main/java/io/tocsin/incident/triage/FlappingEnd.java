package io.tocsin.incident.triage;

import io.tocsin.incident.incident.AlertRepository;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentRepository;
import io.tocsin.incident.incident.IncidentResolutions;
import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import io.tocsin.incident.triage.rules.FlappingSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The end of flapping (the other half of {@link io.tocsin.incident.triage.rules.FlappingRule}): once no alert of a
 * flapping incident fired or resolved for a whole window, flapping ends ({@code incident.flapping_ended}) and, when
 * every alert has resolved, the resolution that was held back follows (actor {@code system}, reason
 * {@code flapping_ended}).
 */
@Service
public class FlappingEnd {

    private static final Logger log = LoggerFactory.getLogger(FlappingEnd.class);
    private final IncidentRepository incidents;
    private final AlertRepository alerts;
    private final IncidentResolutions resolutions;
    private final Timeline timeline;
    private final FlappingSettings settings;

    FlappingEnd(IncidentRepository incidents, AlertRepository alerts, IncidentResolutions resolutions, Timeline timeline,
                FlappingSettings settings) {
        this.incidents = incidents;
        this.alerts = alerts;
        this.resolutions = resolutions;
        this.timeline = timeline;
        this.settings = settings;
    }

    /** Open incidents that are flapping, longest first (at most 200). */
    @Transactional(readOnly = true)
    public List<UUID> flapping() {
        return incidents.openFlapping(200);
    }

    /**
     * Ends flapping when the incident's last alert change lies a whole window or more before {@code now}.
     *
     * @return whether flapping ended
     */
    @Transactional
    public boolean endIfQuiet(UUID id, Instant now) {
        Optional<Incident> locked = incidents.findForUpdate(id);
        if (locked.isEmpty() || !locked.get().isOpen() || locked.get().flappingSince() == null) {
            return false;
        }
        Incident incident = locked.get();
        Duration window = settings.window();
        Instant lastChange = alerts.lastStateChange(id).orElse(incident.flappingSince());
        if (lastChange.plus(window).isAfter(now)) {
            return false;
        }
        Instant since = incident.endFlapping(now);
        timeline.append(id, now, TimelineEntryType.INCIDENT_FLAPPING_ENDED, "system", "Flapping ended: no alert changed "
                        + "state for " + window.toMinutes() + " min (flapping since " + since + ")",
                new TimelineDetails.FlappingEnded(since, lastChange));
        log.info("incident.flapping_ended incident={} since={}", incident.key(), since);
        if (alerts.counts(id).firing() == 0) {
            resolutions.resolve(incident, "system", now, "Incident " + incident.key()
                    + " resolved: every alert resolved and flapping ended", TimelineDetails.Resolved.flappingEnded());
        }
        incidents.save(incident);
        return true;
    }
}

package io.tocsin.incident.declaration;

import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentMetrics;
import io.tocsin.incident.incident.IncidentOrigin;
import io.tocsin.incident.incident.IncidentRepository;
import io.tocsin.incident.incident.ResponseTargets;
import io.tocsin.incident.incident.Severity;
import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opens incidents people declare ({@code POST /api/v1/incidents}, {@code /incident declare}, command
 * {@code DeclareIncident}). A declared incident has no alert: its grouping key is {@code declared:<id>}, its labels are
 * its {@code service} (which escalation policies match), its source {@code declared}; it escalates by its severity,
 * is acknowledged and resolved by people, and is announced in Slack as soon as it opens.
 */
@Service
public class Declarations {

    /** The longest title accepted. */
    public static final int MAX_TITLE = 200;
    private static final Logger log = LoggerFactory.getLogger(Declarations.class);

    private final IncidentRepository incidents;
    private final Timeline timeline;
    private final IncidentMetrics metrics;
    private final ResponseTargets targets;
    private final Clock clock;

    Declarations(IncidentRepository incidents, Timeline timeline, IncidentMetrics metrics, ResponseTargets targets,
                 Clock clock) {
        this.incidents = incidents;
        this.timeline = timeline;
        this.metrics = metrics;
        this.targets = targets;
        this.clock = clock;
    }

    /**
     * Declares an incident, once per {@code id}: declaring an id again answers the incident it opened.
     *
     * @param id          the incident's UUID (the sender's: a retried request opens nothing new)
     * @param severity    {@code SEV1} … {@code SEV4}, any case
     * @param title       required, at most {@link #MAX_TITLE} characters
     * @param service     the affected service; {@code null} or blank for none
     * @param description more context, recorded as the first note; {@code null} for none
     * @param by          who declares: {@code slack:U123}, {@code api:<name>}
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    @Transactional
    public Incident declare(UUID id, String severity, String title, String service, String description, String by) {
        Severity sev = Severity.parse(severity == null ? "" : severity.strip().toUpperCase(Locale.ROOT))
                .orElseThrow(() -> new IllegalArgumentException("severity: must be SEV1, SEV2, SEV3 or SEV4 (or P1 … P4), was '" + severity + "'"));
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title: is required");
        }
        if (title.strip().length() > MAX_TITLE) {
            throw new IllegalArgumentException("title: must be at most " + MAX_TITLE + " characters");
        }
        String key = "declared:" + id;
        incidents.lockGroupingKeys(java.util.List.of(key));
        var existing = incidents.find(id);
        if (existing.isPresent()) {
            if (!key.equals(existing.get().origin().groupingKey())) {
                throw new IllegalArgumentException("id: " + id + " already names " + existing.get().key()
                        + ", which was not declared with it");
            }
            return existing.get(); // a retried declaration: the incident it opened
        }
        Instant now = clock.instant();
        String affected = service == null || service.isBlank() ? null : service.strip();
        Map<String, String> labels = affected == null ? Map.of() : Map.of("service", affected);
        IncidentOrigin origin = new IncidentOrigin(id, incidents.nextNumber(), title.strip(), affected, key, key, "",
                "declared", "", now, null, labels);
        Incident incident = Incident.declare(origin, sev, targets, by);
        incidents.add(incident);
        timeline.created(incident.id());
        timeline.appendTraced(incident.id(), now, TimelineEntryType.INCIDENT_OPENED, by, "Incident " + incident.key()
                        + " declared by " + by + ": " + incident.title() + " (" + sev + ")",
                new TimelineDetails.IncidentOpened(key, key, null, sev.name(), "declared", null, null));
        if (description != null && !description.isBlank()) {
            timeline.append(incident.id(), now, TimelineEntryType.NOTE_ADDED, by, description.strip(), TimelineDetails.NONE);
        }
        metrics.opened(incident);
        incidents.save(incident);
        log.info("incident.declared incident={} severity={} by={}", incident.key(), sev, by);
        return incident;
    }
}

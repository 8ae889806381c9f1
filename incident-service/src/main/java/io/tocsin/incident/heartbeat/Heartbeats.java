package io.tocsin.incident.heartbeat;

import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.AlertRepository;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentRepository;
import io.tocsin.incident.incident.IncidentResolutions;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.triage.GroupingKey;
import io.tocsin.incident.triage.TriageSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Heartbeats arriving ({@link HeartbeatSettings}): each arms its switch or moves its last-seen time on, and resolves
 * its silence incident when one is open. {@link HeartbeatWatch} opens that incident when a heartbeat falls silent.
 */
@Service
public class Heartbeats {

    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);
    private final HeartbeatStore store;
    private final IncidentRepository incidents;
    private final AlertRepository alerts;
    private final IncidentResolutions resolutions;
    private final GroupingKey groupingKey;
    private final Clock clock;

    Heartbeats(HeartbeatStore store, IncidentRepository incidents, AlertRepository alerts,
               IncidentResolutions resolutions, TriageSettings triage, Clock clock) {
        this.store = store;
        this.incidents = incidents;
        this.alerts = alerts;
        this.resolutions = resolutions;
        this.groupingKey = new GroupingKey(triage.groupBy());
        this.clock = clock;
    }

    /**
     * A heartbeat arrived at {@code at}: it is armed (or its last-seen time moves on) and an open silence incident
     * resolves (actor {@code system}, reason {@code heartbeat_returned}).
     */
    @Transactional
    public void arrived(HeartbeatSettings.Heartbeat heartbeat, Instant at) {
        store.seen(heartbeat.name(), at);
        Optional<Incident> silent = incidents.findOpenForUpdate(groupingKey.of(silenceAlert(heartbeat, at, at)));
        if (silent.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Incident incident = silent.get();
        alerts.markAllResolved(incident.id(), at, now);
        resolutions.resolve(incident, "system", now, "Incident " + incident.key() + " resolved: heartbeat "
                        + heartbeat.name() + " is back",
                new TimelineDetails.HeartbeatReturned(heartbeat.name(), at));
        log.info("heartbeat.returned name={} incident={}", heartbeat.name(), incident.key());
    }

    /** When a heartbeat was last seen; empty when it is not armed. */
    @Transactional(readOnly = true)
    public Optional<Instant> lastSeen(HeartbeatSettings.Heartbeat heartbeat) {
        return store.lastSeen(heartbeat.name());
    }

    /**
     * The alert standing for a silent heartbeat: {@code HeartbeatMissing}, critical (SEV2), service {@code tocsin},
     * group {@code heartbeat:<name>}, started when the heartbeat was due.
     */
    public static Alert silenceAlert(HeartbeatSettings.Heartbeat heartbeat, Instant lastSeen, Instant now) {
        Map<String, String> labels = new TreeMap<>(Map.of("alertname", "HeartbeatMissing", "heartbeat", heartbeat.name(),
                "severity", "critical", "service", "tocsin"));
        return new Alert(UUID.randomUUID(), io.tocsin.contracts.alerts.Fingerprints.of(labels), Alert.Status.FIRING, labels,
                Map.of("summary", heartbeat.title(), "description", "last seen " + lastSeen),
                lastSeen.plus(heartbeat.interval()), null, "", "heartbeat:" + heartbeat.name(), "tocsin", "", "system",
                now, now);
    }
}

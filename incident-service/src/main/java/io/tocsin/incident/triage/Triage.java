package io.tocsin.incident.triage;

import io.tocsin.platform.jdbc.TransactionScoped;
import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.AlertRepository;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentOrigin;
import io.tocsin.incident.incident.IncidentMetrics;
import io.tocsin.incident.incident.IncidentNotFound;
import io.tocsin.incident.incident.IncidentRepository;
import io.tocsin.incident.incident.IncidentResolutions;
import io.tocsin.incident.incident.ResponderActions;
import io.tocsin.incident.incident.ResponseTargets;
import io.tocsin.incident.incident.Severity;
import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import io.tocsin.incident.triage.rules.FlappingSettings;
import io.tocsin.incident.triage.rules.TriageRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns alert notifications into incidents (design.md, Incident model): look the batch up, then per alert run the
 * {@link TriageRule}s at their points — admit (heartbeat, dedup), open (inhibition, maintenance), fire (storm,
 * flapping), resolve (flapping) — around the core that belongs to no rule: find the open incident of the alert's
 * {@link GroupingKey} (or the one its fingerprint already fires on, ADR 0009) or open one, store the alert, raise the
 * severity to the worst of its alerts; resolve episodes by fingerprint (ADR 0007) and resolve the incident when its
 * last alert resolved, unless it is flapping.
 */
@Service
public class Triage {

    private static final Logger log = LoggerFactory.getLogger(Triage.class);
    private final IncidentRepository incidents;
    private final AlertRepository alerts;
    private final IncidentResolutions resolutions;
    private final ResponseTargets targets;
    private final Timeline timeline;
    private final IncidentMetrics metrics;
    private final TriageSettings settings;
    private final FlappingSettings flapping;
    private final GroupingKey groupingKey;
    private final List<TriageRule> rules;
    private final Clock clock;
    private final ResponderActions responders;
    private final TransactionScoped<TriageBatch> batches = TransactionScoped.of(TriageBatch::new);

    Triage(IncidentRepository incidents, AlertRepository alerts, IncidentResolutions resolutions, ResponseTargets targets,
           Timeline timeline, IncidentMetrics metrics, TriageSettings settings, FlappingSettings flapping,
           List<TriageRule> rules, Clock clock, ResponderActions responders) {
        this.incidents = incidents;
        this.alerts = alerts;
        this.resolutions = resolutions;
        this.targets = targets;
        this.timeline = timeline;
        this.metrics = metrics;
        this.settings = settings;
        this.flapping = flapping;
        this.groupingKey = new GroupingKey(settings.groupBy());
        this.rules = rules;
        this.clock = clock;
        this.responders = responders;
    }

    /** How alerts are grouped into incidents. */
    public GroupingKey groupingKey() {
        return groupingKey;
    }

    /**
     * Locks the grouping keys of every alert in {@code batch} ({@link IncidentRepository#lockGroupingKeys}: this
     * transaction becomes their only writer) and looks up their stored state in one query, for
     * {@link #triage(Alert, TriageBatch)} within the same transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public TriageBatch lookUp(List<Alert> batch) {
        return look(batch, List.of());
    }

    /**
     * As {@link #lookUp(List)}, also locking the grouping keys of the batch's acknowledgements (all keys in one sorted
     * set, so batches never wait for each other in a cycle).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public TriageBatch lookUp(List<Alert> batch, List<AlertAcknowledgement> acknowledgements) {
        return look(batch, acknowledgements);
    }

    private TriageBatch look(List<Alert> batch, List<AlertAcknowledgement> acknowledgements) {
        // An acknowledgement, or a resolve of a source that names alerts by key alone, may not compute its trigger's
        // grouping key (PagerDuty's carry no labels): the key of the incident its fingerprint fires on joins the set.
        List<String> firingKeys = java.util.stream.Stream.concat(acknowledgements.stream().map(AlertAcknowledgement::fingerprint),
                        batch.stream().filter(a -> a.keyedOnly() && a.status() == Alert.Status.RESOLVED).map(Alert::fingerprint))
                .distinct().map(alerts::openIncidentFiring).flatMap(Optional::stream).map(incidents::find)
                .flatMap(Optional::stream).map(i -> i.origin().groupingKey()).toList();
        List<String> keys = java.util.stream.Stream.of(batch.stream().map(groupingKey::of),
                acknowledgements.stream().map(groupingKey::of), firingKeys.stream()).flatMap(k -> k).distinct().toList();
        incidents.lockGroupingKeys(keys);
        TriageBatch looked = batches.get();
        List<String> unknown = keys.stream().filter(k -> !looked.lookedUp(k)).toList();
        Map<String, Incident> open = incidents.findOpenForUpdate(unknown);
        looked.lookedUp(unknown, open, incidents.findLatest(unknown.stream().filter(k -> !open.containsKey(k)).toList()));
        // Inhibition is decided when an incident opens: only the services of keys without an open incident matter.
        incidents.lookUpCriticalServices(batch.stream().filter(a -> looked.open(groupingKey.of(a)).isEmpty())
                .map(a -> a.labels().get("service")).filter(Objects::nonNull).distinct().toList());
        AlertRepository.Found found = alerts.findAll(batch.stream().map(Alert::fingerprint).toList(),
                batch.stream().map(Alert::startsAt).toList());
        looked.storedFingerprints(found.storedFingerprints());
        for (int i = 0; i < batch.size(); i++) {
            Alert alert = batch.get(i);
            found.alerts().get(i).ifPresent(s -> looked.rememberLookedUp(alert.identity(), s));
            String key = groupingKey.of(alert);
            if (alert.status() == Alert.Status.FIRING && found.alerts().get(i).isEmpty() && looked.open(key).isEmpty()
                    && rules.stream().allMatch(rule -> rule.mayAdmit(alert))) {
                looked.likelyToOpen(key);
            }
        }
        return looked;
    }

    /** Applies one alert notification in its own transaction (heartbeats, backup verdicts, tests). */
    @Transactional
    public TriageOutcome triage(Alert alert) {
        return apply(alert, look(List.of(alert), List.of()));
    }

    /**
     * Applies one alert notification of a batch, inside the batch's transaction, in the batch's order.
     *
     * @param batch from {@link #lookUp} of a list holding {@code alert}, in this transaction
     * @return what happened; {@link TriageOutcome#DUPLICATE}, {@link TriageOutcome#UNKNOWN_RESOLVED} and
     *         {@link TriageOutcome#HEARTBEAT} changed no incident
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public TriageOutcome triage(Alert alert, TriageBatch batch) {
        return apply(alert, batch);
    }

    /**
     * A source acknowledged one of its alerts (PagerDuty {@code acknowledge}): the open incident on which the alert's
     * fingerprint fires is acknowledged by {@code actor} ({@link ResponderActions#acknowledge(Incident, String, String)}),
     * inside the batch's transaction.
     *
     * @param batch from {@link #lookUp(List, List)} of a list holding {@code acknowledgement}, in this transaction
     * @return {@link TriageOutcome#ACKNOWLEDGED}; {@link TriageOutcome#DUPLICATE} when the incident is acknowledged or
     *         resolved already; {@link TriageOutcome#UNKNOWN_ACKNOWLEDGED} when the alert fires on no open incident
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public TriageOutcome acknowledge(AlertAcknowledgement acknowledgement, TriageBatch batch) {
        Optional<UUID> firing = alerts.openIncidentFiring(acknowledgement.fingerprint());
        if (firing.isEmpty()) {
            log.info("triage.ignored reason=acknowledged_alert_not_firing fingerprint={} groupKey=\"{}\"",
                    acknowledgement.fingerprint(), acknowledgement.groupKey());
            return TriageOutcome.UNKNOWN_ACKNOWLEDGED;
        }
        // The batch's own copy of the incident when it holds it: a later alert of the batch saves that copy.
        Incident incident = openIncident(groupingKey.of(acknowledgement), batch).filter(i -> i.id().equals(firing.get()))
                .or(() -> incidents.findForUpdate(firing.get()))
                .orElseThrow(() -> new IncidentNotFound(firing.get().toString()));
        if (incident.status() != io.tocsin.incident.incident.IncidentStatus.TRIGGERED) {
            return TriageOutcome.DUPLICATE;
        }
        responders.acknowledge(incident, acknowledgement.actor(), null);
        return TriageOutcome.ACKNOWLEDGED;
    }

    private TriageOutcome apply(Alert alert, TriageBatch batch) {
        for (TriageRule rule : rules) {
            Optional<TriageOutcome> decided = rule.admit(alert, batch);
            if (decided.isPresent()) {
                return decided.get();
            }
        }
        return alert.status() == Alert.Status.FIRING ? fire(alert, batch) : resolve(alert, batch);
    }

    /**
     * The open incident of a grouping key, row-locked: the batch's own when it has one; none when the batch looked the
     * key up and holds none (it is the key's only writer).
     */
    private Optional<Incident> openIncident(String key, TriageBatch batch) {
        Optional<Incident> open = batch.open(key).or(() -> batch.lookedUp(key) ? Optional.empty()
                : incidents.findOpenForUpdate(key));
        open.ifPresent(i -> batch.holdOpen(key, i));
        return open;
    }

    /**
     * The open incident on which this fingerprint fires (ADR 0009), its grouping key locked and its row locked, for
     * writers outside a triage batch (backup verdicts).
     */
    public Optional<Incident> openFiring(String fingerprint) {
        return alerts.openIncidentFiring(fingerprint).flatMap(incidents::find).flatMap(found -> {
            incidents.lockGroupingKeys(List.of(found.origin().groupingKey()));
            return incidents.findForUpdate(found.id());
        }).filter(Incident::isOpen);
    }

    /** The open incident of an alert's grouping key, the key locked and the row locked. */
    public Optional<Incident> openIncidentOf(Alert alert) {
        String key = groupingKey.of(alert);
        incidents.lockGroupingKeys(List.of(key));
        return incidents.findOpenForUpdate(key);
    }

    /**
     * Within a batch, the open incident this fingerprint already fires on, row-locked. Its grouping key is not locked
     * here: this batch took its own keys in order at {@link #lookUp}, and a batch holding that key row-locks only after
     * it took all of its keys, so neither can wait for the other.
     */
    private Optional<Incident> joinFiring(String fingerprint, TriageBatch batch) {
        if (!batch.everStored(fingerprint)) {
            return Optional.empty(); // never stored: it fires nowhere
        }
        return alerts.openIncidentFiring(fingerprint).flatMap(incidents::findForUpdate).filter(Incident::isOpen);
    }

    private TriageOutcome fire(Alert alert, TriageBatch batch) {
        Instant now = clock.instant();
        Severity alertSeverity = settings.severityOf(alert);
        String key = groupingKey.of(alert);
        Optional<Incident> open = openIncident(key, batch);
        // The same alert already firing on another open incident (another path saw it first): join that one.
        boolean joined = open.isEmpty() && (open = joinFiring(alert.fingerprint(), batch)).isPresent();
        boolean opened = open.isEmpty();
        Incident incident = open.orElseGet(() -> open(alert, key, alertSeverity, now, batch));
        if (!joined) {
            batch.holdOpen(key, incident);
        }
        boolean firstOfFingerprint = batch.firstOfFingerprint(alert.fingerprint());
        alerts.insert(incident.id(), alert, alertSeverity, now);
        timeline.appendTraced(incident.id(), now, TimelineEntryType.ALERT_ATTACHED, alert.source(),
                "Alert " + alert.name() + " firing (" + alertSeverity + ")", alertDetails(alert, alertSeverity));
        incident.alertApplied(alert.attached(alert.startsAt(), Alert.Status.FIRING), now);
        Severity before = incident.severity();
        if (!opened && incident.raiseSeverityTo(alertSeverity, "alert " + alert.fingerprint() + " is " + alertSeverity,
                now, targets)) {
            timeline.append(incident.id(), now, TimelineEntryType.SEVERITY_CHANGED, "system",
                    "Severity raised from " + before + " to " + alertSeverity, new TimelineDetails.SeverityRaised(before.name(),
                            alertSeverity.name(), "alert " + alert.fingerprint() + " (" + alert.name() + ") is " + alertSeverity));
        }
        TriageRule.Firing firing = new TriageRule.Firing(incident, alert, opened, firstOfFingerprint, now);
        rules.forEach(rule -> rule.fired(firing));
        incidents.save(incident);
        batch.remember(alert.identity(), incident.id(), true);
        return opened ? TriageOutcome.OPENED : TriageOutcome.ATTACHED;
    }

    private Incident open(Alert alert, String key, Severity severity, Instant now, TriageBatch batch) {
        Incident previous = (batch.lookedUp(key) ? batch.latest(key) : incidents.findLatest(key)).orElse(null);
        // The batch's other likely openings are numbered in the same round trip (ADR 0017).
        long number = incidents.nextNumber(batch.opensAndCountsAhead(key));
        IncidentOrigin origin = new IncidentOrigin(UUID.randomUUID(), number, alert.title(),
                alert.labels().get("service"), key, alert.groupKey(), alert.receiver(), alert.source(), alert.externalUrl(),
                now, previous == null ? null : previous.id(), alert.labels());
        Incident incident = Incident.open(origin, severity, previous, targets);
        incidents.add(incident);
        alerts.created(incident.id());
        timeline.created(incident.id());
        TimelineDetails details = new TimelineDetails.IncidentOpened(alert.groupKey(), key, alert.receiver(),
                severity.name(), alert.source(), previous == null ? null : previous.key(),
                previous == null ? null : previous.id());
        String follows = previous == null ? "" : "; follows " + previous.key();
        timeline.appendTraced(incident.id(), now, TimelineEntryType.INCIDENT_OPENED, alert.source(),
                "Incident " + incident.key() + " opened: " + incident.title() + " (" + severity + ")" + follows, details);
        rules.forEach(rule -> rule.opened(incident, alert, now));
        metrics.opened(incident);
        log.info("incident.opened incident={} severity={} groupingKey=\"{}\"", incident.key(), severity, key);
        return incident;
    }

    private TriageOutcome resolve(Alert alert, TriageBatch batch) {
        Optional<UUID> incidentId = batch.known(alert).map(AlertRepository.StoredAlert::incidentId)
                // An alert named by key alone ends where it fires, whatever incident its computed key has open.
                .or(() -> alert.keyedOnly() ? joinFiring(alert.fingerprint(), batch).map(Incident::id) : Optional.empty())
                .or(() -> openIncident(groupingKey.of(alert), batch).map(Incident::id))
                // A resolve that carries less than its trigger (PagerDuty: routing and dedup keys only) may not
                // compute the trigger's grouping key: it ends the alert where its fingerprint fires.
                .or(() -> joinFiring(alert.fingerprint(), batch).map(Incident::id));
        Instant now = clock.instant();
        List<Instant> episodes = incidentId.map(id -> alerts.resolveEpisodes(id, alert.fingerprint(), alert.startsAt(),
                alert.endsAt() == null ? now : alert.endsAt(),
                alert.receivedAt() == null ? alert.occurredAt() : alert.receivedAt(), now)).orElse(List.of());
        if (episodes.isEmpty()) {
            log.info("triage.ignored reason=resolved_alert_never_seen fingerprint={} groupKey=\"{}\"",
                    alert.fingerprint(), alert.groupKey());
            return TriageOutcome.UNKNOWN_RESOLVED;
        }
        Incident incident = incidents.findForUpdate(incidentId.get())
                .orElseThrow(() -> new IncidentNotFound(incidentId.get().toString()));
        Instant endsAt = alert.endsAt() == null ? now : alert.endsAt();
        for (Instant startsAt : episodes) {
            boolean matchedByFingerprint = Duration.between(startsAt, alert.startsAt()).abs().toNanos() >= 1_000; // µs stored
            TimelineDetails details = new TimelineDetails.AlertResolved(alert.fingerprint(), startsAt, endsAt,
                    matchedByFingerprint ? alert.startsAt() : null);
            timeline.appendTraced(incident.id(), now, TimelineEntryType.ALERT_RESOLVED, alert.source(),
                    "Alert " + alert.name() + " resolved", details);
            incident.alertApplied(alert.attached(startsAt, Alert.Status.RESOLVED), now);
        }
        boolean wasOpen = incident.isOpen();
        TriageRule.Resolution resolution = new TriageRule.Resolution(incident, alert, episodes, now);
        rules.forEach(rule -> rule.resolved(resolution));
        if (wasOpen && alerts.counts(incident.id()).firing() == 0) {
            if (incident.flappingSince() != null) {
                holdOpen(incident, alert.source(), now);
            } else {
                resolutions.resolve(incident, alert.source(), now, "Incident " + incident.key()
                        + " resolved: every alert resolved", TimelineDetails.Resolved.allAlertsResolved());
            }
        }
        incidents.save(incident);
        for (Instant startsAt : episodes) {
            batch.remember(alert.fingerprint() + '@' + startsAt, incident.id(), false);
        }
        batch.remember(alert.identity(), incident.id(), false);
        return TriageOutcome.RESOLVED_ALERT;
    }

    /** Every alert resolved while the incident flaps: it stays open ({@code incident.held_open}). */
    public void holdOpen(Incident incident, String actor, Instant now) {
        timeline.append(incident.id(), now, TimelineEntryType.INCIDENT_HELD_OPEN, actor, "Every alert resolved; held open "
                + "while flapping (resolves after " + flapping.window().toMinutes() + " min without changes)", TimelineDetails.NONE);
    }

    private static TimelineDetails alertDetails(Alert alert, Severity severity) {
        return new TimelineDetails.AlertFiring(alert.fingerprint(), alert.startsAt(), severity.name(), alert.labels(),
                alert.generatorUrl());
    }
}

package io.tocsin.incident.incidents;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tocsin.common.jdbc.TransactionScoped;
import io.tocsin.common.messages.AlertReceived;
import io.tocsin.common.messages.AlertStatus;
import io.tocsin.common.messages.BackupVerificationCompleted;
import io.tocsin.common.messages.IncidentEvent;
import io.tocsin.common.messages.IncidentSummary;
import io.tocsin.common.observability.TraceContexts;
import io.tocsin.incident.IncidentSettings;
import io.tocsin.incident.incidents.internal.JdbcAlertStore;
import io.tocsin.incident.incidents.internal.JdbcIncidentStore;
import io.tocsin.incident.incidents.internal.JdbcMaintenanceWindowStore;
import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineEntryTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The incident use cases: triage an alert into an incident, acknowledge, resolve, add a note, and the
 * reads the API serves. Every change writes the incident, its timeline entries and its outgoing
 * {@link IncidentEvent}s (to the Spring Modulith outbox) in one transaction.
 *
 * <p>Rules (design.md, Incident model): one open incident per grouping key; alert identity
 * {@code fingerprint + startsAt}, so a repeated notification adds nothing; severity from the alert's
 * labels, the incident taking the worst of its alerts; the incident resolves itself when its last
 * firing alert resolves; a new firing alert after that opens a new incident linked to the previous.
 */
@Service
public class Incidents {

    private static final Logger log = LoggerFactory.getLogger(Incidents.class);
    private static final Pattern KEY = Pattern.compile("(?i)INC-(\\d{1,18})");
    /** Histogram buckets at the seed escalation matrix's targets (ack 5 min / 15 min / 1 h; resolve 1 h / 4 h / 24 h). */
    private static final Duration[] RESPONSE_BUCKETS = {Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(4),
            Duration.ofHours(24), Duration.ofDays(3)};

    private final JdbcIncidentStore incidents;
    private final JdbcAlertStore alerts;
    private final JdbcMaintenanceWindowStore windows;
    private final Timeline timeline;
    private final ApplicationEventPublisher events;
    private final IncidentSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;
    private final Timer timeToAcknowledge;
    private final Timer timeToResolve;
    /** One {@link TriageBatch} per transaction; before it commits, each incident's unannounced alerts are published. */
    private final TransactionScoped<TriageBatch> batches = TransactionScoped.of(TriageBatch::new)
            .beforeCommit(batch -> List.copyOf(batch.pending.keySet()).forEach(incident -> publishAttached(batch, incident)));

    Incidents(JdbcIncidentStore incidents, JdbcAlertStore alerts, JdbcMaintenanceWindowStore windows, Timeline timeline,
              ApplicationEventPublisher events, IncidentSettings settings, Clock clock, MeterRegistry meters,
              ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.incidents = incidents;
        this.alerts = alerts;
        this.windows = windows;
        this.timeline = timeline;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.tracer = tracer;
        this.propagator = propagator;
        this.timeToAcknowledge = Timer.builder("tocsin.incident.time.to.acknowledge")
                .description("Time from an incident's opening to its acknowledgement")
                .serviceLevelObjectives(RESPONSE_BUCKETS).register(meters);
        this.timeToResolve = Timer.builder("tocsin.incident.time.to.resolve")
                .description("Time from an incident's opening to its resolution")
                .serviceLevelObjectives(RESPONSE_BUCKETS).register(meters);
        // Registered at zero so dashboards and rate() see every severity before its first incident.
        for (Severity severity : Severity.values()) {
            meters.counter("tocsin.incidents.opened", "severity", severity.name());
            meters.counter("tocsin.incidents.escalated", "severity", severity.name());
            meters.counter("tocsin.incidents.resolve.target.missed", "severity", severity.name());
        }
        meters.counter("tocsin.incidents.flapping");
        meters.counter("tocsin.incidents.in.maintenance");
        meters.counter("tocsin.alerts.reconciled");
    }

    /** What triage did with an alert. */
    public enum TriageOutcome { OPENED, ATTACHED, RESOLVED_ALERT, DUPLICATE, UNKNOWN_RESOLVED, HEARTBEAT }

    /**
     * Alerts triaged together in one transaction (a consumer batch): their stored state is looked up in one query by
     * {@link #lookUp} and kept current as each is triaged, so a repeated notification costs no query, and an alert
     * that appears twice in the batch is a repeat the second time. The open incidents it attached alerts to stay
     * row-locked until the transaction ends, so they are kept too, and a grouping key's next alert in the batch needs
     * no lookup. It also gathers, per incident, the alerts not yet announced, which become one
     * {@link IncidentEvent.AlertsAttached}.
     */
    public static final class TriageBatch {

        private final Map<String, JdbcAlertStore.StoredAlert> known = new HashMap<>();
        /** By grouping key: the incident this transaction last attached an alert to, row-locked by it. */
        private final Map<String, Incident> open = new HashMap<>();
        /** Per incident, in order of first attachment: the alerts triaged since its last published event. */
        private final Map<UUID, PendingAlerts> pending = new LinkedHashMap<>();
        /** Fingerprints with a stored alert, from the lookup and from this batch: the others cannot be flapping. */
        private final Set<String> storedFingerprints = new HashSet<>();
        /** The flags of the open incidents in {@link #open}, read once; dropped when triage changes them. */
        private final Map<UUID, JdbcIncidentStore.Flags> flags = new HashMap<>();

        private TriageBatch() {
        }

        private static String identity(AlertReceived alert) {
            return alert.fingerprint() + '@' + alert.startsAt();
        }
    }

    /**
     * Alerts of one incident waiting for their {@link IncidentEvent.AlertsAttached}, with the trace context of the
     * first of them, which the event continues.
     */
    private static final class PendingAlerts {

        private final List<IncidentEvent.AttachedAlert> alerts = new ArrayList<>();
        private final String traceparent;
        private Instant at;

        private PendingAlerts(String traceparent) {
            this.traceparent = traceparent;
        }
    }

    /**
     * Looks up the stored state of every alert in {@code batch} (identity {@code fingerprint + startsAt}) in one query,
     * for {@link #triage(AlertReceived, TriageBatch)} within the same transaction. When that transaction is about to
     * commit, each incident's alerts not yet announced are published as one {@link IncidentEvent.AlertsAttached}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public TriageBatch lookUp(List<AlertReceived> batch) {
        JdbcAlertStore.Found found = alerts.findAll(
                batch.stream().map(AlertReceived::fingerprint).toList(), batch.stream().map(AlertReceived::startsAt).toList());
        List<Optional<JdbcAlertStore.StoredAlert>> stored = found.alerts();
        TriageBatch looked = batches.get();
        looked.storedFingerprints.addAll(found.storedFingerprints());
        for (int i = 0; i < batch.size(); i++) {
            AlertReceived alert = batch.get(i);
            stored.get(i).ifPresent(s -> looked.known.putIfAbsent(TriageBatch.identity(alert), s));
        }
        return looked;
    }

    /**
     * Applies one alert notification in its own transaction.
     *
     * @return what happened; {@link TriageOutcome#DUPLICATE} and {@link TriageOutcome#UNKNOWN_RESOLVED}
     *         changed nothing and emitted nothing
     */
    @Transactional
    public TriageOutcome triage(AlertReceived alert) {
        return triage(alert, lookUp(List.of(alert)));
    }

    /**
     * Applies one alert notification of a batch, inside the batch's transaction, in the batch's order.
     *
     * @param batch from {@link #lookUp} of a list holding {@code alert}, in this transaction
     * @return what happened; {@link TriageOutcome#DUPLICATE} and {@link TriageOutcome#UNKNOWN_RESOLVED}
     *         changed nothing and emitted nothing
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public TriageOutcome triage(AlertReceived alert, TriageBatch batch) {
        Optional<IncidentSettings.Heartbeat> heartbeat = settings.heartbeats().stream()
                .filter(h -> h.alertname() != null && h.alertname().equals(alert.labels().get("alertname"))).findFirst();
        if (heartbeat.isPresent()) {
            if (alert.status() == AlertStatus.FIRING) {
                heartbeatArrived(heartbeat.get(), alert.receivedAt() == null ? clock.instant() : alert.receivedAt());
            }
            return TriageOutcome.HEARTBEAT;
        }
        String identity = TriageBatch.identity(alert);
        Optional<JdbcAlertStore.StoredAlert> known = Optional.ofNullable(batch.known.get(identity));
        if (alert.status() == AlertStatus.FIRING) {
            if (known.isPresent()) {
                return TriageOutcome.DUPLICATE;
            }
            Attached attached = attachFiring(alert, batch);
            batch.known.put(identity, new JdbcAlertStore.StoredAlert(attached.incidentId(), "firing"));
            return attached.opened() ? TriageOutcome.OPENED : TriageOutcome.ATTACHED;
        }
        if (known.isPresent() && "resolved".equals(known.get().status())) {
            return TriageOutcome.DUPLICATE;
        }
        Optional<UUID> incidentId = known.map(JdbcAlertStore.StoredAlert::incidentId)
                .or(() -> openIncident(groupingKey(alert), batch).map(Incident::id));
        Instant now = clock.instant();
        List<Instant> episodes = incidentId.map(id -> alerts.resolveEpisodes(id, alert.fingerprint(), alert.startsAt(),
                alert.endsAt() == null ? now : alert.endsAt(),
                alert.receivedAt() == null ? alert.occurredAt() : alert.receivedAt(), now)).orElse(List.of());
        if (episodes.isEmpty()) {
            log.info("triage.ignored reason=resolved_alert_never_seen fingerprint={} groupKey=\"{}\"",
                    alert.fingerprint(), alert.groupKey());
            return TriageOutcome.UNKNOWN_RESOLVED;
        }
        resolveAlert(alert, episodes, incidentId.get(), batch, now);
        for (Instant startsAt : episodes) {
            batch.known.put(alert.fingerprint() + '@' + startsAt, new JdbcAlertStore.StoredAlert(incidentId.get(), "resolved"));
        }
        batch.known.put(identity, new JdbcAlertStore.StoredAlert(incidentId.get(), "resolved"));
        return TriageOutcome.RESOLVED_ALERT;
    }

    /** The open incident on which this fingerprint fires, row-locked (ADR 0009). */
    private Optional<Incident> openFiring(String fingerprint) {
        return alerts.openIncidentFiring(fingerprint).flatMap(incidents::findForUpdate)
                .filter(i -> i.status() != IncidentStatus.RESOLVED);
    }

    /** The open incident of a grouping key, row-locked: the batch's own when it has one. */
    private Optional<Incident> openIncident(String groupingKey, TriageBatch batch) {
        Incident locked = batch.open.get(groupingKey);
        Optional<Incident> open = locked != null && locked.status() != IncidentStatus.RESOLVED ? Optional.of(locked)
                : incidents.findOpenForUpdate(groupingKey);
        open.ifPresent(i -> batch.open.put(groupingKey, i));
        return open;
    }

    private record Attached(UUID incidentId, boolean opened) {
    }

    private Attached attachFiring(AlertReceived alert, TriageBatch batch) {
        Instant now = clock.instant();
        String actor = alert.source();
        Severity alertSeverity = Severity.ofAlert(alert.labels(), settings.severityMapping(), settings.defaultSeverity());
        String groupingKey = groupingKey(alert);
        Optional<Incident> open = openIncident(groupingKey, batch);
        // The same alert already firing on another open incident (another path saw it first): join that one.
        boolean joined = open.isEmpty() && (open = openFiring(alert.fingerprint())).isPresent();
        boolean opened = open.isEmpty();
        Incident incident = open.orElseGet(() -> openIncident(alert, groupingKey, alertSeverity, now));
        if (!joined) {
            batch.open.put(groupingKey, incident);
        }
        boolean firstOfFingerprint = batch.storedFingerprints.add(alert.fingerprint());
        alerts.insert(incident.id(), alert.fingerprint(), alert.startsAt(), "firing", alertSeverity.name(),
                alert.labels(), alert.annotations(), alert.endsAt(), alert.generatorURL(), now, alert.externalURL());
        timeline.append(incident.id(), now, TimelineEntryTypes.ALERT_ATTACHED, actor,
                "Alert " + alertName(alert) + " firing (" + alertSeverity + ")",
                traced(alertDetails(alert, alertSeverity)));
        Severity before = incident.severity();
        boolean raised = !opened && incident.raiseSeverityTo(alertSeverity);
        if (raised) {
            incidents.update(incident);
            reschedule(incident);
            String reason = "alert " + alert.fingerprint() + " (" + alertName(alert) + ") is " + alertSeverity;
            timeline.append(incident.id(), now, TimelineEntryTypes.SEVERITY_CHANGED, "system",
                    "Severity raised from " + before + " to " + alertSeverity,
                    ordered("from", before.name(), "to", alertSeverity.name(), "reason", reason));
        }
        // A new incident cannot be flapping or have met the storm rule yet; an existing one's flags are read once.
        JdbcIncidentStore.Flags flags = opened ? null : batch.flags.computeIfAbsent(incident.id(), incidents::flagsOf);
        Optional<Severity> storm = opened || flags.stormRaised() ? Optional.empty() : applyStormRule(incident, now);
        boolean alreadyFlapping = !opened && flags.flappingSince() != null;
        // The first firing of a fingerprint is no state change: nothing to count.
        Optional<Integer> flapping = firstOfFingerprint ? Optional.empty()
                : applyFlappingRule(incident, alreadyFlapping, alert, now);
        if (storm.isPresent() || flapping.isPresent()) {
            batch.flags.remove(incident.id());
        }
        if (opened) {
            publish(new IncidentEvent.IncidentOpened(UUID.randomUUID(), now, summary(incident),
                    incident.previousIncidentId() == null ? null : incidents.keyOf(incident.previousIncidentId()).orElse(null)));
        }
        attach(batch, incident.id(), alert, AlertStatus.FIRING, now);
        if (flapping.isPresent() || raised || storm.isPresent()) {
            IncidentSummary summary = summary(incident);
            flapping.ifPresent(changes -> publish(batch, flappingStarted(summary, alert, changes, now)));
            if (raised) {
                publish(batch, new IncidentEvent.IncidentSeverityChanged(UUID.randomUUID(), now, summary,
                        before.name(), alertSeverity.name(), "alert " + alert.fingerprint() + " is " + alertSeverity));
            }
            storm.ifPresent(from -> publish(batch, new IncidentEvent.IncidentSeverityChanged(UUID.randomUUID(), now,
                    summary, from.name(), incident.severity().name(), stormReason())));
        }
        return new Attached(incident.id(), opened);
    }

    /**
     * The seed's storm rule: more than {@code storm.threshold} alerts attached within {@code storm.window}
     * raise the severity one level, once per incident.
     *
     * @return the severity before, when the rule raised it
     */
    private Optional<Severity> applyStormRule(Incident incident, Instant now) {
        IncidentSettings.Storm rule = settings.storm();
        if (incident.severity() == Severity.SEV1
                || alerts.attachedSince(incident.id(), now.minus(rule.window())) <= rule.threshold()
                || !incidents.markStormRaised(incident.id())) {
            return Optional.empty();
        }
        Severity before = incident.severity();
        incident.raiseSeverityTo(Severity.values()[before.ordinal() - 1]);
        incidents.update(incident);
        reschedule(incident);
        timeline.append(incident.id(), now, TimelineEntryTypes.SEVERITY_CHANGED, "system",
                "Severity raised from " + before + " to " + incident.severity() + ": " + stormReason(),
                ordered("from", before.name(), "to", incident.severity().name(), "reason", "storm",
                        "threshold", rule.threshold(), "windowSeconds", rule.window().toSeconds()));
        log.info("incident.storm incident={} from={} to={}", incident.key(), before, incident.severity());
        return Optional.of(before);
    }

    /**
     * The flapping rule ({@link IncidentSettings.Flapping}): counts the alert's state changes within the window
     * and marks an open incident flapping when they exceed the threshold, with an {@code incident.flapping_started}
     * entry (actor {@code system}).
     *
     * @param flapping whether the incident already flaps (the caller has read it)
     * @return the number of changes, when flapping started now
     */
    private Optional<Integer> applyFlappingRule(Incident incident, boolean flapping, AlertReceived alert, Instant now) {
        IncidentSettings.Flapping rule = settings.flapping();
        if (incident.status() == IncidentStatus.RESOLVED || flapping) {
            return Optional.empty();
        }
        int changes = alerts.stateChangesSince(alert.fingerprint(), now.minus(rule.window()));
        if (changes <= rule.threshold()) {
            return Optional.empty();
        }
        incidents.setFlappingSince(incident.id(), now);
        timeline.append(incident.id(), now, "incident.flapping_started", "system", "Flapping: alert " + alertName(alert)
                        + " changed state " + changes + " times within " + rule.window().toMinutes()
                        + " min; held open and notifications throttled until it is quiet for " + rule.window().toMinutes() + " min",
                ordered("fingerprint", alert.fingerprint(), "changes", changes, "threshold", rule.threshold(),
                        "windowSeconds", rule.window().toSeconds()));
        meters.counter("tocsin.incidents.flapping").increment();
        log.info("incident.flapping_started incident={} fingerprint={} changes={}", incident.key(), alert.fingerprint(), changes);
        return Optional.of(changes);
    }

    private IncidentEvent.IncidentFlappingStarted flappingStarted(IncidentSummary summary, AlertReceived alert, int changes,
                                                                   Instant now) {
        return new IncidentEvent.IncidentFlappingStarted(UUID.randomUUID(), now, summary, alert.fingerprint(), changes,
                settings.flapping().window().toSeconds());
    }

    /**
     * Ends flapping once no alert of the incident fired or resolved for a whole window (the last change at or
     * before {@code now - window}): an {@code incident.flapping_ended} entry and {@link IncidentEvent.IncidentFlappingEnded},
     * then, when every alert has resolved, the resolution that was held back (reason {@code flapping_ended}).
     *
     * @return whether flapping ended
     */
    @Transactional
    public boolean endFlappingIfQuiet(UUID id, Instant now) {
        Optional<Incident> locked = incidents.findForUpdate(id);
        if (locked.isEmpty() || locked.get().status() == IncidentStatus.RESOLVED) {
            return false;
        }
        Instant since = incidents.flagsOf(id).flappingSince();
        Duration window = settings.flapping().window();
        Instant lastChange = alerts.lastStateChange(id).orElse(since);
        if (since == null || lastChange.plus(window).isAfter(now)) {
            return false;
        }
        Incident incident = locked.get();
        incidents.setFlappingSince(id, null);
        timeline.append(id, now, "incident.flapping_ended", "system", "Flapping ended: no alert changed state for "
                        + window.toMinutes() + " min (flapping since " + since + ")",
                ordered("flappingSince", since.toString(), "lastChangeAt", lastChange.toString()));
        publish(new IncidentEvent.IncidentFlappingEnded(UUID.randomUUID(), now, summary(incident), since));
        log.info("incident.flapping_ended incident={} since={}", incident.key(), since);
        if (alerts.counts(id).firing() == 0) {
            close(incident, "system", now, "Incident " + incident.key() + " resolved: every alert resolved and flapping ended",
                    ordered("reason", "flapping_ended"));
            publish(new IncidentEvent.IncidentResolved(UUID.randomUUID(), now, summary(incident), "system"));
        }
        return true;
    }

    /** Open incidents that are flapping, for the scheduler. */
    @Transactional(readOnly = true)
    public List<UUID> flapping() {
        return incidents.openFlapping(200);
    }

    private String stormReason() {
        return "alert storm: more than " + settings.storm().threshold() + " alerts within "
                + settings.storm().window().toMinutes() + " min";
    }

    private Incident openIncident(AlertReceived alert, String groupingKey, Severity severity, Instant now) {
        Optional<Incident> previous = incidents.findLatest(groupingKey);
        Incident incident = Incident.open(incidents.nextNumber(), title(alert), severity, alert.labels().get("service"),
                groupingKey, alert.groupKey(), alert.receiver(), alert.source(), alert.externalURL(), now,
                previous.map(Incident::id).orElse(null));
        incidents.insert(incident);
        IncidentSettings.Target target = settings.targets().get(severity);
        incidents.scheduleEscalation(incident.id(), plus(now, target.acknowledge()), plus(now, target.resolve()));
        Map<String, Object> details = ordered("groupKey", alert.groupKey(), "groupingKey", groupingKey,
                "receiver", alert.receiver(), "severity", severity.name(), "source", alert.source());
        traced(details);
        previous.ifPresent(p -> {
            details.put("previousIncident", p.key());
            details.put("previousIncidentId", p.id().toString());
        });
        String follows = previous.map(p -> "; follows " + p.key()).orElse("");
        timeline.append(incident.id(), now, TimelineEntryTypes.INCIDENT_OPENED, alert.source(),
                "Incident " + incident.key() + " opened: " + incident.title() + " (" + severity + ")" + follows, details);
        inhibitIfCriticalOpen(incident, now);
        windows.activeAt(now).stream().filter(w -> w.matches(alert.labels())).findFirst()
                .ifPresent(w -> enterMaintenance(incident, w, now));
        meters.counter("tocsin.incidents.opened", "severity", severity.name()).increment();
        log.info("incident.opened incident={} severity={} groupingKey=\"{}\"", incident.key(), severity, groupingKey);
        return incident;
    }

    /**
     * Inhibition at incident level (seed: critical suppresses warning for the same service): a new SEV3/SEV4
     * incident of a service that has an open SEV1/SEV2 incident becomes its child. It is recorded as usual
     * but does not escalate, and consumers see {@code parentIncidentKey} and do not notify it separately.
     */
    private void inhibitIfCriticalOpen(Incident incident, Instant now) {
        if (incident.service() == null || incident.severity().isWorseThan(Severity.SEV3)) {
            return;
        }
        incidents.openCriticalOfService(incident.service(), incident.id()).ifPresent(parent -> {
            incidents.setParent(incident.id(), parent.id());
            incidents.stopAllTimers(incident.id());
            timeline.append(incident.id(), now, "incident.inhibited", "system", "Inhibited by " + parent.key()
                            + " (" + parent.severity() + " incident of " + incident.service() + "): recorded, not notified separately",
                    ordered("parentIncident", parent.key(), "parentIncidentId", parent.id().toString()));
            timeline.append(parent.id(), now, "child.linked", "system", "Linked " + incident.key() + " (" + incident.severity()
                    + ", " + incident.title() + ") as an inhibited child", ordered("childIncident", incident.key(),
                    "childIncidentId", incident.id().toString()));
            log.info("incident.inhibited incident={} parent={}", incident.key(), parent.key());
        });
    }

    /**
     * Applies the resolution of the firing episodes {@code episodes} (their {@code startsAt}, already marked resolved
     * by {@link JdbcAlertStore#resolveEpisodes}) of the resolved alert's fingerprint on one incident: the alert's own
     * identity, and any earlier episode Alertmanager replaced. Each gets an {@code alert.resolved} entry; one matched
     * by fingerprint rather than identity says so ({@code matchedBy: fingerprint}).
     */
    private void resolveAlert(AlertReceived alert, List<Instant> episodes, UUID incidentId, TriageBatch batch, Instant now) {
        Incident incident = locked(batch, incidentId);
        Instant endsAt = alert.endsAt() == null ? now : alert.endsAt();
        for (Instant startsAt : episodes) {
            Map<String, Object> details = ordered("fingerprint", alert.fingerprint(), "startsAt", startsAt.toString(),
                    "endsAt", endsAt.toString());
            if (Duration.between(startsAt, alert.startsAt()).abs().toNanos() >= 1_000) { // stored to the microsecond
                details.put("matchedBy", "fingerprint");
                details.put("notificationStartsAt", alert.startsAt().toString());
            }
            timeline.append(incident.id(), now, TimelineEntryTypes.ALERT_RESOLVED, alert.source(),
                    "Alert " + alertName(alert) + " resolved", traced(details));
        }
        batch.flags.remove(incidentId); // resolving may end flapping or close the incident
        boolean alreadyFlapping = incidents.flagsOf(incidentId).flappingSince() != null;
        Optional<Integer> flappingStarted = applyFlappingRule(incident, alreadyFlapping, alert, now);
        boolean allResolved = incident.status() != IncidentStatus.RESOLVED && alerts.counts(incidentId).firing() == 0;
        boolean holdOpen = allResolved && (alreadyFlapping || flappingStarted.isPresent());
        boolean autoResolve = allResolved && !holdOpen;
        if (holdOpen) {
            timeline.append(incident.id(), now, "incident.held_open", "system", "Every alert resolved; held open while "
                    + "flapping (resolves after " + settings.flapping().window().toMinutes() + " min without changes)", ordered());
        }
        if (autoResolve) {
            close(incident, alert.source(), now, "Incident " + incident.key() + " resolved: every alert resolved",
                    ordered("reason", "all_alerts_resolved"));
        }
        for (Instant startsAt : episodes) {
            attach(batch, incidentId, alert, startsAt, AlertStatus.RESOLVED, now);
        }
        if (flappingStarted.isPresent() || autoResolve) {
            IncidentSummary summary = summary(incident);
            flappingStarted.ifPresent(changes -> publish(batch, flappingStarted(summary, alert, changes, now)));
            if (autoResolve) {
                publish(batch, new IncidentEvent.IncidentResolved(UUID.randomUUID(), now, summary, alert.source()));
            }
        }
    }

    /** Actor of resolutions that reconciliation with Alertmanager decided. */
    public static final String RECONCILE_ACTOR = "system:reconcile";

    /**
     * Applies what an incident's Alertmanager answered about its firing alerts (issue 14, alertmanager#2370: a
     * restart without persistence forgets alerts and never sends their resolution). An alert Alertmanager still holds
     * clears its {@code missing_since}; one it no longer holds is marked missing, and once it has been missing for
     * {@code grace} it is resolved by {@value #RECONCILE_ACTOR} with an {@code alert.resolved} entry that says why
     * (ended at the time it was first found missing). When that leaves no alert firing, the incident resolves
     * ({@code reason: all_alerts_resolved}), unless it is flapping, which holds it open as usual.
     *
     * @param held whether the alert's own Alertmanager ({@link JdbcAlertStore.FiringAlert#externalUrl()}) holds it
     *             unresolved: {@code TRUE}, {@code FALSE}, or {@code null} when that Alertmanager did not answer (the
     *             alert is left as it is)
     * @return how many alerts it resolved
     */
    @Transactional
    public int reconcile(UUID incidentId, java.util.function.Function<JdbcAlertStore.FiringAlert, Boolean> held,
                         Duration grace, Instant now) {
        Optional<Incident> found = incidents.findForUpdate(incidentId);
        if (found.isEmpty() || found.get().status() == IncidentStatus.RESOLVED) {
            return 0;
        }
        Incident incident = found.get();
        TriageBatch batch = batches.get();
        batch.open.put(incident.groupingKey(), incident);
        int resolved = 0;
        java.util.Set<String> asked = new java.util.TreeSet<>();
        for (JdbcAlertStore.FiringAlert alert : alerts.firingAlerts(incidentId)) {
            Boolean present = held.apply(alert);
            if (present == null) {
                continue;
            }
            String alertmanager = alert.externalUrl();
            asked.add(alertmanager);
            if (present) {
                if (alert.missingSince() != null) {
                    alerts.setMissingSince(alert.fingerprint(), alert.startsAt(), null);
                }
                continue;
            }
            if (alert.missingSince() == null) {
                alerts.setMissingSince(alert.fingerprint(), alert.startsAt(), now);
                continue;
            }
            if (alert.missingSince().plus(grace).isAfter(now)) {
                continue;
            }
            alerts.markResolved(alert.fingerprint(), alert.startsAt(), alert.missingSince(), now);
            String name = alert.labels().getOrDefault("alertname", alert.fingerprint());
            timeline.append(incidentId, now, TimelineEntryTypes.ALERT_RESOLVED, RECONCILE_ACTOR, "Alert " + name
                            + " resolved: Alertmanager " + alertmanager + " no longer has it (missing since "
                            + alert.missingSince() + ", grace " + grace.toSeconds() + " s)",
                    ordered("fingerprint", alert.fingerprint(), "startsAt", alert.startsAt().toString(),
                            "endsAt", alert.missingSince().toString(), "reason", "gone_from_alertmanager",
                            "alertmanager", alertmanager, "missingSince", alert.missingSince().toString(),
                            "graceSeconds", grace.toSeconds()));
            attach(batch, incidentId, new IncidentEvent.AttachedAlert(alert.fingerprint(), alert.startsAt(),
                    AlertStatus.RESOLVED, alert.labels(), alert.annotations(), ""), now);
            meters.counter("tocsin.alerts.reconciled").increment();
            log.info("reconcile.alert_resolved incident={} fingerprint={} alertmanager={} missingSince={}",
                    incident.key(), alert.fingerprint(), alertmanager, alert.missingSince());
            resolved++;
        }
        if (resolved > 0 && alerts.counts(incidentId).firing() == 0) {
            if (incidents.flagsOf(incidentId).flappingSince() != null) {
                timeline.append(incidentId, now, "incident.held_open", RECONCILE_ACTOR, "Every alert resolved; held open "
                        + "while flapping (resolves after " + settings.flapping().window().toMinutes() + " min without changes)",
                        ordered());
            } else {
                close(incident, RECONCILE_ACTOR, now, "Incident " + incident.key() + " resolved: every alert resolved "
                        + "(Alertmanager " + String.join(", ", asked) + " no longer has them)", ordered("reason", "all_alerts_resolved"));
                publish(batch, new IncidentEvent.IncidentResolved(UUID.randomUUID(), now, summary(incident), RECONCILE_ACTOR));
            }
        }
        return resolved;
    }

    /**
     * Resolves a locked incident: status, stopped escalation and resolve timers, the {@code incident.resolved}
     * timeline entry (whose {@code details} carry the {@code reason}) and the time-to-resolve histogram. The
     * caller publishes {@link IncidentEvent.IncidentResolved}, after any event that must precede it.
     */
    private void close(Incident incident, String actor, Instant now, String summary, Map<String, Object> details) {
        incident.resolve(actor, now);
        incidents.update(incident);
        incidents.stopAllTimers(incident.id());
        incidents.setFlappingSince(incident.id(), null);
        timeline.append(incident.id(), now, TimelineEntryTypes.INCIDENT_RESOLVED, actor, summary, details);
        timeToResolve.record(Duration.between(incident.openedAt(), now));
        log.info("incident.resolved incident={} by={} reason={}", incident.key(), actor, details.get("reason"));
        endInhibitionOfChildren(incident, now);
    }

    /**
     * Inhibition ends with its source (Alertmanager's inhibit rules hold only while the source alert fires): when an
     * incident resolves, each of its open children moves to another open SEV1/SEV2 incident of the service if there
     * is one ({@code incident.inhibited} again), else it is released: {@code incident.released} on its timeline and
     * {@code child.released} on the parent's, its acknowledge and resolve targets counted from now (unless it is under
     * a maintenance window), and {@link IncidentEvent.IncidentInhibitionEnded}, after which it is notified and
     * escalates as its own incident.
     */
    private void endInhibitionOfChildren(Incident parent, Instant now) {
        for (UUID childId : incidents.openChildrenOf(parent.id())) {
            Incident child = incidents.findForUpdate(childId).orElseThrow();
            Optional<Incident> other = child.service() == null ? Optional.empty()
                    : incidents.openCriticalOfService(child.service(), child.id());
            if (other.isPresent()) {
                Incident next = other.get();
                incidents.setParent(childId, next.id());
                timeline.append(childId, now, "incident.inhibited", "system", "Still inhibited: " + parent.key()
                                + " resolved, " + next.key() + " (" + next.severity() + " incident of " + child.service() + ") is open",
                        ordered("parentIncident", next.key(), "parentIncidentId", next.id().toString(),
                                "previousParentIncident", parent.key()));
                timeline.append(next.id(), now, "child.linked", "system", "Linked " + child.key() + " (" + child.severity()
                        + ", " + child.title() + ") as an inhibited child, from " + parent.key(),
                        ordered("childIncident", child.key(), "childIncidentId", childId.toString()));
                continue;
            }
            incidents.setParent(childId, null);
            JdbcIncidentStore.Flags flags = incidents.flagsOf(childId);
            if (!flags.inMaintenance()) {
                IncidentSettings.Target target = settings.targets().get(child.severity());
                incidents.scheduleEscalation(childId, child.status() == IncidentStatus.TRIGGERED ? plus(now, target.acknowledge()) : null,
                        plus(now, target.resolve()));
            }
            timeline.append(childId, now, "incident.released", "system", "Released: " + parent.key() + " resolved; "
                            + (flags.inMaintenance() ? "still under a maintenance window" : "notified and escalated as its own incident"),
                    ordered("parentIncident", parent.key(), "parentIncidentId", parent.id().toString()));
            timeline.append(parent.id(), now, "child.released", "system", "Released inhibited child " + child.key()
                    + " (" + child.severity() + ", " + child.title() + ")", ordered("childIncident", child.key(),
                    "childIncidentId", childId.toString()));
            List<IncidentEvent.AttachedAlert> firing = alerts.firingAlerts(childId).stream()
                    .map(a -> new IncidentEvent.AttachedAlert(a.fingerprint(), a.startsAt(), AlertStatus.FIRING, a.labels(),
                            a.annotations(), null)).toList();
            publish(new IncidentEvent.IncidentInhibitionEnded(UUID.randomUUID(), now, summary(child), parent.key(), firing));
            log.info("incident.released incident={} parent={}", child.key(), parent.key());
        }
    }

    /**
     * A responder acknowledges.
     *
     * @param reference UUID or {@code INC-<n>}
     * @param actor     {@code slack:U123} or {@code api:<principal>}
     * @param note      optional note, recorded with the acknowledgement
     * @throws IncidentNotFound          for an unknown reference
     * @throws IllegalIncidentTransition unless the incident is TRIGGERED
     */
    @Transactional
    public Incident acknowledge(String reference, String actor, String note) {
        Incident incident = lock(reference);
        Instant now = clock.instant();
        incident.acknowledge(actor, now);
        incidents.update(incident);
        incidents.stopEscalating(incident.id());
        timeline.append(incident.id(), now, TimelineEntryTypes.INCIDENT_ACKNOWLEDGED, actor,
                "Acknowledged by " + actor, withNote(ordered(), note));
        timeToAcknowledge.record(Duration.between(incident.openedAt(), now));
        publish(new IncidentEvent.IncidentAcknowledged(UUID.randomUUID(), now, summary(incident), actor));
        log.info("incident.acknowledged incident={} by={}", incident.key(), actor);
        return incident;
    }

    /**
     * A responder resolves by hand.
     *
     * @throws IncidentNotFound          for an unknown reference
     * @throws IllegalIncidentTransition when it is already RESOLVED
     */
    @Transactional
    public Incident resolve(String reference, String actor, String note) {
        Incident incident = lock(reference);
        Instant now = clock.instant();
        close(incident, actor, now, "Resolved by " + actor, withNote(ordered("reason", "manual"), note));
        publish(new IncidentEvent.IncidentResolved(UUID.randomUUID(), now, summary(incident), actor));
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
        Incident incident = lock(reference);
        Instant now = clock.instant();
        timeline.append(incident.id(), now, TimelineEntryTypes.NOTE_ADDED, actor, note.strip(), ordered());
        publish(new IncidentEvent.TimelineNoteAdded(UUID.randomUUID(), now, summary(incident), actor, note.strip()));
        return incident;
    }

    /**
     * A heartbeat arrived: it is armed (or its last-seen time moves on) and an open silence incident
     * resolves (actor {@code system}).
     */
    @Transactional
    public void heartbeatArrived(IncidentSettings.Heartbeat heartbeat, Instant at) {
        incidents.heartbeatSeen(heartbeat.name(), at);
        Optional<Incident> silent = incidents.findOpenForUpdate(groupingKey(silenceAlert(heartbeat, at, at)));
        if (silent.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Incident incident = silent.get();
        alerts.markAllResolved(incident.id(), at, now);
        close(incident, "system", now, "Incident " + incident.key() + " resolved: heartbeat " + heartbeat.name() + " is back",
                ordered("reason", "heartbeat_returned", "heartbeat", heartbeat.name(), "seenAt", at.toString()));
        publish(new IncidentEvent.IncidentResolved(UUID.randomUUID(), now, summary(incident), "system"));
        log.info("heartbeat.returned name={} incident={}", heartbeat.name(), incident.key());
    }

    /**
     * Opens the SEV2 silence incident of an armed heartbeat not seen for longer than its interval at
     * {@code now}; nothing when it is not armed, not silent, or its incident is already open.
     *
     * @return whether an incident was opened
     */
    @Transactional
    public boolean checkHeartbeat(IncidentSettings.Heartbeat heartbeat, Instant now) {
        Optional<Instant> lastSeen = incidents.heartbeatLastSeen(heartbeat.name());
        if (lastSeen.isEmpty() || !lastSeen.get().plus(heartbeat.interval()).isBefore(now)) {
            return false;
        }
        AlertReceived silence = silenceAlert(heartbeat, lastSeen.get(), now);
        if (incidents.findOpenForUpdate(groupingKey(silence)).isPresent()) {
            return false;
        }
        attachFiring(silence, batches.get());
        log.warn("heartbeat.silent name={} lastSeen={}", heartbeat.name(), lastSeen.get());
        return true;
    }

    /**
     * Applies a maintenance window's start: every open incident not yet under a window with a firing alert the
     * window matches is put under it ({@code maintenance.started} entry, escalation paused,
     * {@link IncidentEvent.IncidentMaintenanceStarted}). Applied once per window; incidents opened later while it
     * is active are put under it at opening.
     *
     * @return how many incidents it covered now; 0 when already applied, unknown or expired
     */
    @Transactional
    public int applyMaintenanceStart(UUID windowId, Instant now) {
        Optional<MaintenanceWindow> found = windows.findForUpdate(windowId);
        if (found.isEmpty() || found.get().stateAt(now) != MaintenanceWindow.State.ACTIVE || !windows.markStartApplied(windowId)) {
            return 0;
        }
        MaintenanceWindow window = found.get();
        int covered = 0;
        for (UUID id : incidents.openNotInMaintenance()) {
            Optional<Incident> locked = incidents.findForUpdate(id);
            if (locked.isEmpty() || locked.get().status() == IncidentStatus.RESOLVED
                    || alerts.firingLabels(id).stream().noneMatch(window::matches)) {
                continue;
            }
            enterMaintenance(locked.get(), window, now);
            publish(new IncidentEvent.IncidentMaintenanceStarted(UUID.randomUUID(), now, summary(locked.get()),
                    window.id(), window.comment(), window.endsAt()));
            covered++;
        }
        log.info("maintenance.started window={} incidents={}", windowId, covered);
        return covered;
    }

    /**
     * Applies a maintenance window's end (its end time passed, or it was deleted early): each incident under it
     * gets a {@code maintenance.ended} entry and {@link IncidentEvent.IncidentMaintenanceEnded}; one still open
     * escalates again, its acknowledge and resolve targets counted from now. Applied once per window.
     *
     * @return how many incidents it released
     */
    @Transactional
    public int applyMaintenanceEnd(UUID windowId, Instant now) {
        Optional<MaintenanceWindow> found = windows.findForUpdate(windowId);
        if (found.isEmpty() || !windows.markEndApplied(windowId)) {
            return 0;
        }
        MaintenanceWindow window = found.get();
        int released = 0;
        for (UUID id : incidents.inMaintenanceWindow(windowId)) {
            Incident incident = incidents.findForUpdate(id).orElseThrow();
            incidents.setMaintenance(id, windowId, false);
            timeline.append(id, now, "maintenance.ended", "system", "Maintenance window ended"
                            + (window.endedEarlyBy() == null ? "" : " early by " + window.endedEarlyBy()) + ": " + window.comment()
                            + (incident.status() == IncidentStatus.RESOLVED ? "" : "; escalation and notifications resume"),
                    ordered("maintenanceWindowId", windowId.toString(), "endedEarlyBy", window.endedEarlyBy()));
            if (incident.status() != IncidentStatus.RESOLVED && incidents.flagsOf(id).parentKey() == null) {
                IncidentSettings.Target target = settings.targets().get(incident.severity());
                var state = incidents.escalationState(id).orElseThrow();
                incidents.scheduleEscalation(id, incident.status() == IncidentStatus.TRIGGERED ? plus(now, target.acknowledge()) : null,
                        state.resolveTargetMissed() ? null : plus(now, target.resolve()));
            }
            publish(new IncidentEvent.IncidentMaintenanceEnded(UUID.randomUUID(), now, summary(incident), windowId));
            released++;
        }
        log.info("maintenance.ended window={} incidents={}", windowId, released);
        return released;
    }

    /** Windows whose start ({@code starting=true}) or end is due at {@code now} and not yet applied. */
    @Transactional(readOnly = true)
    public List<UUID> maintenanceDue(Instant now, boolean starting) {
        return starting ? windows.startDue(now) : windows.endDue(now);
    }

    /** Puts a locked incident under a window: flag, paused timers, {@code maintenance.started} entry. */
    private void enterMaintenance(Incident incident, MaintenanceWindow window, Instant now) {
        incidents.setMaintenance(incident.id(), window.id(), true);
        incidents.stopAllTimers(incident.id());
        timeline.append(incident.id(), now, "maintenance.started", "system", "In maintenance window until " + window.endsAt()
                        + ": " + window.comment() + " (" + window.matchers().stream().map(Object::toString)
                        .collect(Collectors.joining(", ")) + "); recorded, not escalated or notified",
                ordered("maintenanceWindowId", window.id().toString(), "comment", window.comment(),
                        "matchers", window.matchers().stream().map(Object::toString).toList(),
                        "startsAt", window.startsAt().toString(), "endsAt", window.endsAt().toString(),
                        "createdBy", window.createdBy()));
        meters.counter("tocsin.incidents.in.maintenance").increment();
        log.info("incident.in_maintenance incident={} window={}", incident.key(), window.id());
    }

    /** The alert standing for a silent heartbeat: HeartbeatMissing, critical (SEV2), group {@code heartbeat:<name>}. */
    private static AlertReceived silenceAlert(IncidentSettings.Heartbeat heartbeat, Instant lastSeen, Instant now) {
        Map<String, String> labels = new TreeMap<>(Map.of("alertname", "HeartbeatMissing", "heartbeat", heartbeat.name(),
                "severity", "critical", "service", "tocsin"));
        return new AlertReceived(UUID.randomUUID(), now, io.tocsin.common.alerts.Fingerprints.of(labels), AlertStatus.FIRING,
                labels, Map.of("summary", heartbeat.title(), "description", "last seen " + lastSeen),
                lastSeen.plus(heartbeat.interval()), null, "", "heartbeat:" + heartbeat.name(), "tocsin", "", "system", now);
    }

    /**
     * Escalates one incident that is due at {@code now} (seed escalation matrix): still TRIGGERED and its
     * acknowledge deadline passed. The level rises by one (the last level repeats), an
     * {@code incident.escalated} entry (actor {@code system}) and an {@code IncidentEscalated} event are
     * written, and the next deadline is one acknowledge target later. Exactly at the deadline counts as due.
     *
     * @return whether it escalated (false when acknowledged or resolved meanwhile, or not due)
     */
    @Transactional
    public boolean escalateIfDue(UUID id, Instant now) {
        Optional<Incident> locked = incidents.findForUpdate(id);
        if (locked.isEmpty() || locked.get().status() != IncidentStatus.TRIGGERED) {
            return false;
        }
        Incident incident = locked.get();
        var state = incidents.escalationState(id).orElseThrow();
        if (state.nextEscalationAt() == null || state.nextEscalationAt().isAfter(now) || incidents.flagsOf(id).inMaintenance()) {
            return false;
        }
        Duration ackTarget = settings.targets().get(incident.severity()).acknowledge();
        int level = state.level() + 1;
        List<IncidentSettings.EscalationLevel> levels = settings.escalationLevels();
        IncidentSettings.EscalationLevel reached = levels.get(Math.min(level, levels.size()) - 1);
        Instant next = ackTarget == null ? null : state.nextEscalationAt().plus(ackTarget);
        incidents.escalated(id, level, next);
        long waited = Duration.between(incident.openedAt(), state.nextEscalationAt()).toMinutes();
        String reason = "not acknowledged within " + waited + " min (" + incident.severity() + " target "
                + (ackTarget == null ? "none" : ackTarget.toMinutes() + " min") + ")";
        Map<String, Object> details = ordered("level", level, "levelName", reached.name(), "target", reached.target(),
                "dueAt", state.nextEscalationAt().toString(), "nextEscalationAt", next == null ? null : next.toString());
        timeline.append(id, now, "incident.escalated", "system", "Escalated to level " + level + " (" + reached.name()
                + ": " + reached.target() + "): " + reason, details);
        publish(new IncidentEvent.IncidentEscalated(UUID.randomUUID(), now, summary(incident), level,
                reached.target(), reason));
        meters.counter("tocsin.incidents.escalated", "severity", incident.severity().name()).increment();
        log.info("incident.escalated incident={} level={} target={}", incident.key(), level, reached.target());
        return true;
    }

    /** Records once that an unresolved incident missed its resolve target. */
    @Transactional
    public boolean recordResolveBreachIfDue(UUID id, Instant now) {
        Optional<Incident> locked = incidents.findForUpdate(id);
        if (locked.isEmpty() || locked.get().status() == IncidentStatus.RESOLVED) {
            return false;
        }
        var state = incidents.escalationState(id).orElseThrow();
        if (state.resolveTargetMissed() || state.resolveDueAt() == null || state.resolveDueAt().isAfter(now)) {
            return false;
        }
        Incident incident = locked.get();
        incidents.resolveTargetMissed(id);
        Duration target = settings.targets().get(incident.severity()).resolve();
        timeline.append(id, now, "incident.resolve_target_missed", "system", "Resolve target missed: not resolved within "
                + target.toHours() + " h (" + incident.severity() + ")", ordered("dueAt", state.resolveDueAt().toString()));
        meters.counter("tocsin.incidents.resolve.target.missed", "severity", incident.severity().name()).increment();
        return true;
    }

    /** Incidents due for escalation ({@code escalation=true}) or for a resolve breach at {@code now}. */
    @Transactional(readOnly = true)
    public List<UUID> dueAt(Instant now, boolean escalation) {
        return escalation ? incidents.dueForEscalation(now, 200) : incidents.dueForResolveBreach(now, 200);
    }

    private void reschedule(Incident incident) {
        JdbcIncidentStore.Flags flags = incidents.flagsOf(incident.id());
        if (flags.parentKey() != null || flags.inMaintenance()) {
            return; // inhibited or in maintenance: no escalation of its own
        }
        var state = incidents.escalationState(incident.id()).orElseThrow();
        IncidentSettings.Target target = settings.targets().get(incident.severity());
        Instant ack = plus(incident.openedAt(), target.acknowledge());
        Instant resolve = plus(incident.openedAt(), target.resolve());
        Instant nextEscalation = state.level() == 0 && incident.status() == IncidentStatus.TRIGGERED
                ? earliest(state.nextEscalationAt(), ack) : state.nextEscalationAt();
        incidents.scheduleEscalation(incident.id(), nextEscalation,
                state.resolveTargetMissed() ? state.resolveDueAt() : earliest(state.resolveDueAt(), resolve));
    }

    private static Instant plus(Instant at, Duration d) {
        return d == null ? null : at.plus(d);
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    /**
     * Applies a backup verification verdict (seed runbook section 9): a failure opens or joins the
     * database's backup incident — alert {@code BackupVerificationFailed}, and {@code BackupTooOld} too when the age
     * check failed; service {@code backup}; severity warning (SEV3); groupKey {@code backup:<database>} — with the
     * failed checks on the timeline; a pass resolves that incident.
     * The verdict's alert has the labels of the shipped rule of the same name, so its fingerprint is that rule's
     * alert's: whichever path reports first opens the incident and the other joins it (ADR 0009).
     *
     * @return what happened: {@code opened|attached|resolved|nothing}
     */
    @Transactional
    public String recordBackupVerification(BackupVerificationCompleted v) {
        Instant now = clock.instant();
        settings.heartbeats().stream().filter(h -> "backup-verifier".equals(h.source())).findFirst()
                .ifPresent(h -> heartbeatArrived(h, v.occurredAt()));
        Map<String, String> labels = new TreeMap<>(Map.of("service", "backup", "database", v.database(), "severity", "warning"));
        String groupKey = "backup:" + v.database();
        List<BackupVerificationCompleted.Check> failed = v.checks().stream()
                .filter(c -> !c.passed()).toList();
        if (v.passed()) {
            labels.put("alertname", "BackupVerificationFailed");
            AlertReceived probe = backupAlert(v, labels, groupKey, AlertStatus.RESOLVED, failed);
            Map<String, String> tooOld = new TreeMap<>(labels);
            tooOld.put("alertname", "BackupTooOld");
            Optional<Incident> open = incidents.findOpenForUpdate(groupingKey(probe))
                    .or(() -> openFiring(probe.fingerprint()))
                    .or(() -> openFiring(io.tocsin.common.alerts.Fingerprints.of(tooOld)));
            if (open.isEmpty()) {
                return "nothing";
            }
            Incident incident = open.get();
            alerts.markAllResolved(incident.id(), v.occurredAt(), now);
            close(incident, "backup-verifier", now,
                    "Incident " + incident.key() + " resolved: backup verification of " + v.database() + " passed"
                            + (v.backupFile() == null ? "" : " (" + v.backupFile() + ")"),
                    ordered("reason", "backup_verification_passed", "verificationId", v.verificationId().toString()));
            publish(new IncidentEvent.IncidentResolved(UUID.randomUUID(), now, summary(incident), "backup-verifier"));
            return "resolved";
        }
        // A stale backup also fails the verification (its age is a check): both shipped rules will fire, so the verdict
        // reports both alerts, and each rule's alert joins this incident by fingerprint when it arrives (ADR 0009).
        boolean tooOld = failed.stream().anyMatch(c -> c.name().equals("backup_age"));
        List<String> alertnames = tooOld ? List.of("BackupTooOld", "BackupVerificationFailed") : List.of("BackupVerificationFailed");
        // When a rule's alert got here first (through Alertmanager, in its own group), the verdict's alerts join that
        // incident: they take its group key, so none of them opens a second one.
        String alertGroupKey = groupKey;
        if (settings.groupBy().isEmpty()) {
            for (String alertname : alertnames) {
                labels.put("alertname", alertname);
                Optional<Incident> existing = openFiring(io.tocsin.common.alerts.Fingerprints.of(labels));
                if (existing.isPresent()) {
                    alertGroupKey = existing.get().groupKey();
                    break;
                }
            }
        }
        TriageOutcome outcome = null;
        Incident incident = null;
        for (String alertname : alertnames) {
            labels.put("alertname", alertname);
            AlertReceived alert = backupAlert(v, labels, alertGroupKey, AlertStatus.FIRING, failed);
            Optional<Incident> firing = openFiring(alert.fingerprint());
            // Still failing: the alert fires already, so this verdict only adds its checks to the timeline.
            TriageOutcome triaged = firing.isPresent() ? TriageOutcome.ATTACHED : triage(alert);
            outcome = outcome == null ? triaged : outcome;
            if (incident == null) {
                incident = incidents.findOpenForUpdate(groupingKey(alert))
                        .or(() -> openFiring(alert.fingerprint())).orElseThrow();
            }
        }
        Map<String, Object> details = ordered("verificationId", v.verificationId().toString(), "database", v.database(),
                "backupFile", v.backupFile());
        details.put("failedChecks", failed.stream().map(c -> ordered("name", c.name(), "expected", c.expected(),
                "actual", c.actual())).toList());
        timeline.append(incident.id(), now, "backup.verification_failed", "backup-verifier",
                "Backup verification of " + v.database() + " failed: "
                        + failed.stream().map(BackupVerificationCompleted.Check::name).toList(), details);
        return outcome == TriageOutcome.OPENED ? "opened" : "attached";
    }

    private static AlertReceived backupAlert(BackupVerificationCompleted v, Map<String, String> labels,
                                             String groupKey, AlertStatus status,
                                             List<BackupVerificationCompleted.Check> failed) {
        String summary = "Backup verification failed for " + v.database() + ": "
                + String.join(", ", failed.stream().map(BackupVerificationCompleted.Check::name).toList());
        // One verdict may report two alerts: each gets its own event id, derived from the verdict's.
        UUID eventId = UUID.nameUUIDFromBytes((v.eventId() + "/" + labels.get("alertname")).getBytes(StandardCharsets.UTF_8));
        labels = new TreeMap<>(labels);
        return new AlertReceived(eventId, v.occurredAt(), io.tocsin.common.alerts.Fingerprints.of(labels), status, labels,
                Map.of("summary", summary), v.startedAt(), status == AlertStatus.RESOLVED ? v.occurredAt() : null, "", groupKey,
                "backup-verifier", "", "backup-verifier", v.occurredAt());
    }

    /**
     * One incident with its alerts.
     *
     * @throws IncidentNotFound for an unknown reference
     */
    @Transactional(readOnly = true)
    public IncidentDetails details(String reference) {
        Incident incident = find(reference);
        String previousKey = incident.previousIncidentId() == null ? null
                : incidents.keyOf(incident.previousIncidentId()).orElse(null);
        JdbcIncidentStore.Flags flags = incidents.flagsOf(incident.id());
        return new IncidentDetails(incident, alerts.alertsOf(incident.id()), previousKey, flags.parentKey(),
                flags.flappingSince(), flags.maintenanceWindowId(), flags.inMaintenance());
    }

    /** A page of incidents, newest first. */
    @Transactional(readOnly = true)
    public IncidentPage page(IncidentFilter filter) {
        JdbcIncidentStore.Page page = incidents.page(filter);
        return new IncidentPage(page.items(), page.total());
    }

    /**
     * Finds an incident by UUID or {@code INC-<n>}.
     *
     * @throws IncidentNotFound when there is none
     */
    @Transactional(readOnly = true)
    public Incident find(String reference) {
        return resolveReference(reference, false);
    }

    private Incident lock(String reference) {
        return resolveReference(reference, true);
    }

    private Incident resolveReference(String reference, boolean forUpdate) {
        if (reference == null) {
            throw new IncidentNotFound("null");
        }
        Matcher key = KEY.matcher(reference.strip());
        Optional<Incident> found;
        if (key.matches()) {
            found = incidents.findByNumber(Long.parseLong(key.group(1)));
            if (forUpdate) {
                found = found.flatMap(i -> incidents.findForUpdate(i.id()));
            }
        } else {
            UUID id;
            try {
                id = UUID.fromString(reference.strip());
            } catch (IllegalArgumentException e) {
                throw new IncidentNotFound(reference);
            }
            found = forUpdate ? incidents.findForUpdate(id) : incidents.find(id);
        }
        return found.orElseThrow(() -> new IncidentNotFound(reference));
    }

    private IncidentSummary summary(Incident i) {
        JdbcAlertStore.Counts counts = alerts.counts(i.id());
        JdbcIncidentStore.Flags flags = incidents.flagsOf(i.id());
        return new IncidentSummary(i.id(), i.key(), i.title(), i.status().name(), i.severity().name(), i.service(),
                i.groupKey(), counts.total(), counts.firing(), i.externalUrl(), i.openedAt(), flags.parentKey(),
                flags.flappingSince() != null, flags.inMaintenance());
    }

    private String groupingKey(AlertReceived alert) {
        if (settings.groupBy().isEmpty()) {
            return alert.groupKey();
        }
        Map<String, String> values = new TreeMap<>();
        for (String label : settings.groupBy()) {
            values.put(label, alert.labels().getOrDefault(label, ""));
        }
        return values.entrySet().stream().map(e -> e.getKey() + "=" + quote(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** The {@code summary} annotation, else "alertname on service", else the alertname. */
    static String title(AlertReceived alert) {
        String summary = alert.annotations().get("summary");
        if (summary != null && !summary.isBlank()) {
            return summary.strip();
        }
        String service = alert.labels().get("service");
        return service == null || service.isBlank() ? alertName(alert) : alertName(alert) + " on " + service;
    }

    private static String alertName(AlertReceived alert) {
        return alert.labels().getOrDefault("alertname", alert.fingerprint());
    }

    private static Map<String, Object> alertDetails(AlertReceived alert, Severity severity) {
        Map<String, Object> details = ordered("fingerprint", alert.fingerprint(), "startsAt", alert.startsAt().toString(),
                "severity", severity.name(), "labels", new TreeMap<>(alert.labels()));
        if (!alert.generatorURL().isEmpty()) {
            details.put("generatorURL", alert.generatorURL());
        }
        return details;
    }

    /**
     * Adds {@code traceId}, the W3C trace id of the span this change runs in (the webhook's trace, carried by the
     * Kafka record's {@code traceparent}), so an entry leads to the trace of the request that caused it.
     */
    /** Hands an event to the outbox with the current span's trace context (see {@link TracedIncidentEvent}). */
    private void publish(IncidentEvent event) {
        events.publishEvent(new TracedIncidentEvent(event, currentTraceparent()));
    }

    private String currentTraceparent() {
        return TraceContexts.current(tracer.getIfAvailable(), propagator.getIfAvailable());
    }

    /** An incident, row-locked: the batch's own copy when it has one, so that both see every change. */
    private Incident locked(TriageBatch batch, UUID incidentId) {
        return batch.open.values().stream().filter(i -> i.id().equals(incidentId)).findFirst()
                .or(() -> incidents.findForUpdate(incidentId)).orElseThrow(() -> new IncidentNotFound(incidentId.toString()));
    }

    /** Records that triage applied {@code alert} to an incident; announced by {@link #publishAttached}. */
    private void attach(TriageBatch batch, UUID incidentId, AlertReceived alert, AlertStatus status, Instant now) {
        attach(batch, incidentId, alert, alert.startsAt(), status, now);
    }

    /** As {@link #attach(TriageBatch, UUID, AlertReceived, AlertStatus, Instant)}, for the episode {@code startsAt}. */
    private void attach(TriageBatch batch, UUID incidentId, AlertReceived alert, Instant startsAt, AlertStatus status,
                        Instant now) {
        attach(batch, incidentId, new IncidentEvent.AttachedAlert(alert.fingerprint(), startsAt, status, alert.labels(),
                alert.annotations(), alert.generatorURL()), now);
    }

    /** Adds an alert to the incident's next {@link IncidentEvent.AlertsAttached} of this transaction. */
    private void attach(TriageBatch batch, UUID incidentId, IncidentEvent.AttachedAlert alert, Instant now) {
        PendingAlerts pending = batch.pending.computeIfAbsent(incidentId, id -> new PendingAlerts(currentTraceparent()));
        pending.alerts.add(alert);
        pending.at = now;
    }

    /** Publishes an event that triage caused, after the alerts of its incident that came before it. */
    private void publish(TriageBatch batch, IncidentEvent event) {
        publishAttached(batch, event.incident().id());
        publish(event);
    }

    /**
     * Publishes the alerts of an incident not yet announced, if any, as one {@link IncidentEvent.AlertsAttached} with
     * the incident's state now, continuing the trace of the first of them.
     */
    private void publishAttached(TriageBatch batch, UUID incidentId) {
        PendingAlerts pending = batch.pending.remove(incidentId);
        if (pending == null) {
            return;
        }
        Incident incident = locked(batch, incidentId);
        events.publishEvent(new TracedIncidentEvent(new IncidentEvent.AlertsAttached(UUID.randomUUID(), pending.at,
                summary(incident), pending.alerts), pending.traceparent));
    }

    private Map<String, Object> traced(Map<String, Object> details) {
        Tracer t = tracer.getIfAvailable();
        Span span = t == null ? null : t.currentSpan();
        if (span != null && span.context().traceId() != null && !span.context().traceId().isBlank()) {
            details.put("traceId", span.context().traceId());
        }
        return details;
    }

    private static Map<String, Object> withNote(Map<String, Object> details, String note) {
        if (note != null && !note.isBlank()) {
            details.put("note", note.strip());
        }
        return details;
    }

    /** A details map in insertion order, leaving out {@code null} values: key, value, key, value … */
    static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                map.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return map;
    }
}

package io.tocsin.incident.messaging;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tocsin.platform.jdbc.TransactionScoped;
import io.tocsin.contracts.messages.AlertStatus;
import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.IncidentSummary;
import io.tocsin.platform.observability.TraceContexts;
import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.AlertRepository;
import io.tocsin.incident.incident.AttachedAlert;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentChange;
import io.tocsin.incident.incident.IncidentChangeSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Where incident changes become wire events ({@code incidents.events.v1}): each {@link IncidentChange} maps to the
 * {@link IncidentEvent} of the same {@code eventId} with the incident's {@link IncidentSummary} as saved, and is handed
 * to the outbox (Spring Modulith's event publication registry) with the trace context of the span that recorded it
 * ({@link TracedIncidentEvent}); {@link IncidentEventPublisher} sends it after commit. A transaction's events are one
 * publication, {@link TracedIncidentEvents}, handed to the outbox just before it commits.
 *
 * <p>The alerts applied to an incident are gathered per transaction into one {@link IncidentEvent.AlertsAttached}
 * (ADR 0005), published before the incident's next other event, so the alerts come first, as they happened, and at the
 * latest just before the transaction commits. It continues the trace of the first of them.
 */
@Component
class OutboxIncidentChanges implements IncidentChangeSink {

    private final ApplicationEventPublisher events;
    private final AlertRepository alerts;
    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;
    private final TransactionScoped<Outgoing> outgoing = TransactionScoped.of(Outgoing::new).beforeCommit(this::publish);

    OutboxIncidentChanges(ApplicationEventPublisher events, AlertRepository alerts, ObjectProvider<Tracer> tracer,
                          ObjectProvider<Propagator> propagator) {
        this.events = events;
        this.alerts = alerts;
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /**
     * A transaction's events on their way to its one {@link TracedIncidentEvents} publication, and the alerts still
     * gathering into an {@link IncidentEvent.AlertsAttached} per incident.
     */
    private static final class Outgoing {

        private final Map<UUID, PendingAlerts> pending = new LinkedHashMap<>();
        private final List<TracedIncidentEvent> events = new ArrayList<>();
        /** Set once the publication was handed to the outbox; a change recorded later is published on its own. */
        private boolean published;
    }

    /** Alerts of one incident waiting for their {@link IncidentEvent.AlertsAttached}. */
    private static final class PendingAlerts {

        private final Incident incident;
        private final String traceparent;
        private final List<IncidentEvent.AttachedAlert> alerts = new ArrayList<>();
        private UUID eventId;
        private Instant at;

        private PendingAlerts(Incident incident, String traceparent) {
            this.incident = incident;
            this.traceparent = traceparent;
        }
    }

    @Override
    public void record(Incident incident, List<IncidentChange> changes) {
        Outgoing out = outgoing.get();
        for (IncidentChange change : changes) {
            if (change instanceof IncidentChange.AlertApplied applied) {
                PendingAlerts waiting = out.pending.computeIfAbsent(incident.id(), id -> new PendingAlerts(incident, traceparent()));
                if (waiting.eventId == null) {
                    waiting.eventId = applied.eventId();
                }
                waiting.alerts.add(wire(applied.alert()));
                waiting.at = applied.at();
                continue;
            }
            flush(out, incident.id());
            out.events.add(new TracedIncidentEvent(wire(change, summary(incident)), traceparent()));
        }
        if (out.published) { // recorded by another before-commit callback, after this transaction's publication
            publish(out);
        }
    }

    private void flush(Outgoing out, UUID incidentId) {
        PendingAlerts waiting = out.pending.remove(incidentId);
        if (waiting != null) {
            out.events.add(new TracedIncidentEvent(new IncidentEvent.AlertsAttached(waiting.eventId, waiting.at,
                    summary(waiting.incident), waiting.alerts), waiting.traceparent));
        }
    }

    /** Just before commit: the gathered alerts become their events, and all events one publication. */
    private void publish(Outgoing out) {
        List.copyOf(out.pending.keySet()).forEach(id -> flush(out, id));
        if (!out.events.isEmpty()) {
            events.publishEvent(new TracedIncidentEvents(out.events));
            out.events.clear();
        }
        out.published = true;
    }

    private IncidentSummary summary(Incident i) {
        AlertRepository.Counts counts = alerts.counts(i.id());
        return new IncidentSummary(i.id(), i.key(), i.title(), i.status().name(), i.severity().name(), i.service(),
                i.origin().groupKey(), counts.total(), counts.firing(), i.origin().externalUrl(), i.openedAt(), i.parentIncidentKey(),
                i.flappingSince() != null, i.inMaintenance());
    }

    /** The wire event of a change other than {@link IncidentChange.AlertApplied}. */
    private static IncidentEvent wire(IncidentChange change, IncidentSummary s) {
        return switch (change) {
            case IncidentChange.IncidentOpened c -> new IncidentEvent.IncidentOpened(c.eventId(), c.at(), s, c.previousIncidentKey(),
                    c.declaredBy());
            case IncidentChange.StatusUpdated c -> new IncidentEvent.IncidentStatusUpdated(c.eventId(), c.at(), s, c.by(),
                    c.status(), c.message(), c.impact(), c.workaround(), c.nextUpdateAt(), c.publicTitle());
            case IncidentChange.RoleAssigned c -> new IncidentEvent.IncidentRoleAssigned(c.eventId(), c.at(), s, c.by(), c.role(),
                    c.assignee());
            case IncidentChange.SeverityChanged c -> new IncidentEvent.IncidentSeverityChanged(c.eventId(), c.at(), s,
                    c.from().name(), c.to().name(), c.reason());
            case IncidentChange.IncidentAcknowledged c -> new IncidentEvent.IncidentAcknowledged(c.eventId(), c.at(), s, c.by());
            case IncidentChange.IncidentEscalated c -> new IncidentEvent.IncidentEscalated(c.eventId(), c.at(), s, c.level(),
                    c.target(), c.reason(), c.pages().stream().map(p -> new IncidentEvent.Page(p.target(), p.person(),
                            p.name(), p.slackUserId(), p.slackUserGroupId(), p.outcome())).toList());
            case IncidentChange.IncidentResolved c -> new IncidentEvent.IncidentResolved(c.eventId(), c.at(), s, c.by());
            case IncidentChange.NoteAdded c -> new IncidentEvent.TimelineNoteAdded(c.eventId(), c.at(), s, c.by(), c.note());
            case IncidentChange.ChangeLinked c -> new IncidentEvent.IncidentChangeLinked(c.eventId(), c.at(), s, c.changeId(),
                    c.summary(), c.source(), c.changedAt(), c.url());
            case IncidentChange.FlappingStarted c -> new IncidentEvent.IncidentFlappingStarted(c.eventId(), c.at(), s,
                    c.fingerprint(), c.changes(), c.windowSeconds());
            case IncidentChange.FlappingEnded c -> new IncidentEvent.IncidentFlappingEnded(c.eventId(), c.at(), s, c.flappingSince());
            case IncidentChange.MaintenanceStarted c -> new IncidentEvent.IncidentMaintenanceStarted(c.eventId(), c.at(), s,
                    c.windowId(), c.comment(), c.endsAt());
            case IncidentChange.MaintenanceEnded c -> new IncidentEvent.IncidentMaintenanceEnded(c.eventId(), c.at(), s, c.windowId());
            case IncidentChange.InhibitionEnded c -> new IncidentEvent.IncidentInhibitionEnded(c.eventId(), c.at(), s,
                    c.parentIncidentKey(), c.firingAlerts().stream().map(OutboxIncidentChanges::wire).toList());
            case IncidentChange.AlertApplied c -> throw new IllegalArgumentException("AlertApplied " + c.eventId()
                    + " is sent in an AlertsAttached");
        };
    }

    private static IncidentEvent.AttachedAlert wire(AttachedAlert a) {
        return new IncidentEvent.AttachedAlert(a.fingerprint(), a.startsAt(),
                a.status() == Alert.Status.FIRING ? AlertStatus.FIRING : AlertStatus.RESOLVED, a.labels(), a.annotations(),
                a.generatorUrl());
    }

    private String traceparent() {
        return TraceContexts.current(tracer.getIfAvailable(), propagator.getIfAvailable());
    }
}

package io.tocsin.contracts.messages;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Facts about an incident, published by incident-service on {@code incidents.events.v1} keyed by
 * incident id, after the database transaction that recorded them committed (outbox).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = IncidentEvent.IncidentOpened.class, name = MessageTypes.INCIDENT_OPENED),
        @JsonSubTypes.Type(value = IncidentEvent.AlertsAttached.class, name = MessageTypes.ALERTS_ATTACHED),
        @JsonSubTypes.Type(value = IncidentEvent.IncidentSeverityChanged.class, name = MessageTypes.INCIDENT_SEVERITY_CHANGED),
        @JsonSubTypes.Type(value = IncidentEvent.IncidentAcknowledged.class, name = MessageTypes.INCIDENT_ACKNOWLEDGED),
        @JsonSubTypes.Type(value = IncidentEvent.IncidentEscalated.class, name = MessageTypes.INCIDENT_ESCALATED),
        @JsonSubTypes.Type(value = IncidentEvent.IncidentResolved.class, name = MessageTypes.INCIDENT_RESOLVED),
        @JsonSubTypes.Type(value = IncidentEvent.TimelineNoteAdded.class, name = MessageTypes.TIMELINE_NOTE_ADDED),
        @JsonSubTypes.Type(value = IncidentEvent.IncidentFlappingStarted.class, name = MessageTypes.INCIDENT_FLAPPING_STARTED),
        @JsonSubTypes.Type(value = IncidentEvent.IncidentFlappingEnded.class, name = MessageTypes.INCIDENT_FLAPPING_ENDED),
        @JsonSubTypes.Type(value = IncidentEvent.IncidentMaintenanceStarted.class, name = MessageTypes.INCIDENT_MAINTENANCE_STARTED),
        @JsonSubTypes.Type(value = IncidentEvent.IncidentMaintenanceEnded.class, name = MessageTypes.INCIDENT_MAINTENANCE_ENDED),
        @JsonSubTypes.Type(value = IncidentEvent.IncidentInhibitionEnded.class, name = MessageTypes.INCIDENT_INHIBITION_ENDED),
        @JsonSubTypes.Type(value = IncidentEvent.IncidentChangeLinked.class, name = MessageTypes.INCIDENT_CHANGE_LINKED),
        @JsonSubTypes.Type(value = IncidentEvent.IncidentRoleAssigned.class, name = MessageTypes.INCIDENT_ROLE_ASSIGNED),
        @JsonSubTypes.Type(value = IncidentEvent.IncidentStatusUpdated.class, name = MessageTypes.INCIDENT_STATUS_UPDATED)
})
public sealed interface IncidentEvent extends TocsinMessage {

    /** The incident's state after this event. */
    IncidentSummary incident();

    @Override
    default String partitionKey() {
        return incident().id().toString();
    }

    /**
     * A new incident was opened for an alert, or declared by a person.
     *
     * @param previousIncidentKey the resolved incident of the same grouping key this one follows, or {@code null}
     * @param declaredBy          who declared it ({@code slack:U123}, {@code api:<name>}); {@code null} when an alert
     *                            opened it (then its {@code AlertsAttached} follows in the same transaction)
     */
    record IncidentOpened(UUID eventId, java.time.Instant occurredAt, IncidentSummary incident,
                          String previousIncidentKey, String declaredBy) implements IncidentEvent {

        /** Opened by an alert. */
        public IncidentOpened(UUID eventId, java.time.Instant occurredAt, IncidentSummary incident, String previousIncidentKey) {
            this(eventId, occurredAt, incident, previousIncidentKey, null);
        }
    }

    /**
     * A person wrote a customer update (seeds 002, 004); the status page, Statuspage and the thread show it.
     *
     * @param actor        who wrote it
     * @param status       {@code investigating}, {@code identified}, {@code monitoring} or {@code resolved}
     * @param message      what customers read
     * @param impact       who is affected and how; may be {@code null}
     * @param workaround   what customers can do meanwhile; may be {@code null}
     * @param nextUpdateAt when the next update is promised; may be {@code null}
     * @param publicTitle  the incident's public title from now on; {@code null} keeps it
     */
    record IncidentStatusUpdated(UUID eventId, java.time.Instant occurredAt, IncidentSummary incident, String actor,
                                 String status, String message, String impact, String workaround,
                                 java.time.Instant nextUpdateAt, String publicTitle) implements IncidentEvent {
    }

    /**
     * A person took an incident role (seed 004).
     *
     * @param actor    who assigned it
     * @param role     {@code lead} (incident lead) or {@code comms} (communications lead)
     * @param assignee {@code slack:U123} or a name
     */
    record IncidentRoleAssigned(UUID eventId, java.time.Instant occurredAt, IncidentSummary incident, String actor,
                                String role, String assignee) implements IncidentEvent {
    }

    /**
     * Alerts joined an incident, or attached alerts changed status: every alert that one triage transaction (a
     * consumer poll of {@code alerts.v1}) applied to this incident, in the order they arrived. One event per incident
     * and poll rather than one per alert keeps an alert storm from becoming a storm of events (docs/adr/0005). It
     * follows the incident's {@code IncidentOpened} and precedes any other event of the same transaction that its
     * alerts caused (a severity change, flapping, the resolution), so the alerts come first, as they happened.
     *
     * @param alerts the alerts, at least one; an alert appears at most once with a given status
     */
    record AlertsAttached(UUID eventId, java.time.Instant occurredAt, IncidentSummary incident,
                          List<AttachedAlert> alerts) implements IncidentEvent {

        public AlertsAttached {
            alerts = List.copyOf(alerts);
            if (alerts.isEmpty()) {
                throw new IllegalArgumentException("AlertsAttached " + eventId + " carries no alert");
            }
        }

        /** The first firing alert, whose labels route the incident's notifications; empty when all resolved. */
        public java.util.Optional<AttachedAlert> firstFiring() {
            return alerts.stream().filter(a -> a.alertStatus() == AlertStatus.FIRING).findFirst();
        }
    }

    /**
     * One alert of {@link AlertsAttached}, as Alertmanager reported it.
     *
     * @param fingerprint  Alertmanager's fingerprint (16 hex digits)
     * @param startsAt     when the alert started firing; with the fingerprint, the alert's identity
     * @param alertStatus  {@code firing} or {@code resolved}
     * @param labels       the alert's labels
     * @param annotations  the alert's annotations ({@code summary}, {@code description}, {@code runbook_url}, …)
     * @param generatorURL the Prometheus expression that fired it, or {@code null}
     */
    record AttachedAlert(String fingerprint, java.time.Instant startsAt, AlertStatus alertStatus,
                         Map<String, String> labels, Map<String, String> annotations, String generatorURL) {
    }

    /**
     * The incident's severity changed.
     *
     * @param from   previous severity, {@code SEV1}…{@code SEV4}
     * @param to     new severity
     * @param reason why, e.g. "alert 4eef62d58a841912 is critical"
     */
    record IncidentSeverityChanged(UUID eventId, java.time.Instant occurredAt, IncidentSummary incident,
                                   String from, String to, String reason) implements IncidentEvent {
    }

    /**
     * A responder acknowledged the incident.
     *
     * @param actor {@code slack:U123} or {@code api:<principal>}
     */
    record IncidentAcknowledged(UUID eventId, java.time.Instant occurredAt, IncidentSummary incident,
                                String actor) implements IncidentEvent {
    }

    /**
     * The incident was not acknowledged in time and escalated a level: a level of the on-call escalation policy that
     * applies to it, or of the built-in matrix (seed 000) when none does.
     *
     * @param level  the escalation level reached, 1-based
     * @param target who is paged at that level, as text ({@code schedule primary}, {@code #sre-oncall} …)
     * @param reason what target was missed
     * @param pages  the people and Slack user groups the level pages, resolved when it was reached (who was on call
     *               then); empty for the built-in matrix's channel labels and in messages from before on-call paging
     */
    record IncidentEscalated(UUID eventId, java.time.Instant occurredAt, IncidentSummary incident,
                             int level, String target, String reason, List<Page> pages) implements IncidentEvent {

        public IncidentEscalated {
            pages = pages == null ? List.of() : List.copyOf(pages);
        }
    }

    /**
     * One page of an escalation level: a person or a Slack user group to reach.
     *
     * @param target           the level's target it came from ({@code schedule primary}, {@code person cto},
     *                         {@code user group S0614TZR7})
     * @param person           the paged person's id in the on-call configuration; {@code null} for a user group or
     *                         when nobody was on call
     * @param name             the person's display name, or {@code null}
     * @param slackUserId      the person's Slack member id ({@code U…}), mentioned {@code <@U…>} and messaged
     *                         directly; {@code null} when the person has none
     * @param slackUserGroupId a Slack user group id ({@code S…}), mentioned {@code <!subteam^S…>}; {@code null} for a
     *                         person
     * @param outcome          {@code paged}, or {@code nobody on call} when the schedule had no one at that instant
     */
    record Page(String target, String person, String name, String slackUserId, String slackUserGroupId, String outcome) {
    }

    /**
     * The incident was resolved: by a responder, or automatically when every alert resolved.
     *
     * @param actor {@code alertmanager}, {@code slack:U123} or {@code api:<principal>}
     */
    record IncidentResolved(UUID eventId, java.time.Instant occurredAt, IncidentSummary incident,
                            String actor) implements IncidentEvent {
    }

    /**
     * A change to the incident's service (a deploy, reported on {@code changes.v1}) made shortly before it opened: shown
     * on the incident ("Recent deploy?", seed 004).
     *
     * @param changeId  the change's id (its {@code ChangeReceived} eventId)
     * @param summary   what changed
     * @param source    where it happened; may be empty
     * @param changedAt when
     * @param url       its first link; {@code null} when it has none
     */
    record IncidentChangeLinked(UUID eventId, java.time.Instant occurredAt, IncidentSummary incident, UUID changeId,
                                String summary, String source, java.time.Instant changedAt, String url)
            implements IncidentEvent {
    }

    /** A responder added a note to the timeline. */
    record TimelineNoteAdded(UUID eventId, java.time.Instant occurredAt, IncidentSummary incident,
                             String actor, String note) implements IncidentEvent {
    }

    /**
     * An alert of the incident changed state more often than the flapping rule allows (default, as in
     * Alerta: more than 2 changes in 30 minutes). The incident is held open instead of resolving and
     * reopening, and consumers throttle its notifications until {@link IncidentFlappingEnded}.
     *
     * @param fingerprint   the flapping alert
     * @param changes       its state changes within the window, this one included
     * @param windowSeconds the rule's window
     */
    record IncidentFlappingStarted(UUID eventId, java.time.Instant occurredAt, IncidentSummary incident,
                                   String fingerprint, int changes, long windowSeconds) implements IncidentEvent {
    }

    /**
     * The incident's alerts were quiet for a whole flapping window. When every alert had resolved, an
     * {@link IncidentResolved} follows.
     *
     * @param flappingSince when flapping started
     */
    record IncidentFlappingEnded(UUID eventId, java.time.Instant occurredAt, IncidentSummary incident,
                                 java.time.Instant flappingSince) implements IncidentEvent {
    }

    /**
     * The incident falls under a maintenance window: it is recorded, but does not escalate and is not
     * notified until {@link IncidentMaintenanceEnded}.
     *
     * @param maintenanceWindowId the window
     * @param comment             the window's comment, e.g. "database upgrade CHG-1234"
     * @param endsAt              when the window ends
     */
    record IncidentMaintenanceStarted(UUID eventId, java.time.Instant occurredAt, IncidentSummary incident,
                                      UUID maintenanceWindowId, String comment, java.time.Instant endsAt)
            implements IncidentEvent {
    }

    /**
     * The maintenance window of the incident ended (at its end time, or deleted early). An incident still
     * open now escalates and is notified as usual.
     */
    record IncidentMaintenanceEnded(UUID eventId, java.time.Instant occurredAt, IncidentSummary incident,
                                    UUID maintenanceWindowId) implements IncidentEvent {
    }

    /**
     * The incident was inhibited (a SEV3/SEV4 child of an open SEV1/SEV2 incident of its service) and is released:
     * its parent resolved and no other SEV1/SEV2 incident of the service is open, as Alertmanager's inhibition holds
     * only while its source alert fires. From now on it escalates and is notified as its own incident; work that
     * waited for the release (its runbooks) starts with {@code firingAlerts}.
     *
     * @param parentIncidentKey the resolved parent, {@code INC-<n>}
     * @param firingAlerts      the incident's alerts still firing, oldest first (labels for routing and runbooks)
     */
    record IncidentInhibitionEnded(UUID eventId, java.time.Instant occurredAt, IncidentSummary incident,
                                   String parentIncidentKey, List<AttachedAlert> firingAlerts) implements IncidentEvent {

        public IncidentInhibitionEnded {
            firingAlerts = firingAlerts == null ? List.of() : List.copyOf(firingAlerts);
        }
    }
}

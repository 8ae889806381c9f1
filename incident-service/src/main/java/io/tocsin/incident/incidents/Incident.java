package io.tocsin.incident.incidents;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An incident: the aggregate that guards its own status. Grouping, persistence and the timeline are
 * handled by {@link Incidents}; this class only decides which transitions are allowed.
 */
public final class Incident {

    private final UUID id;
    private final long number;
    private final String title;
    private IncidentStatus status;
    private Severity severity;
    private final String service;
    private final String groupingKey;
    private final String groupKey;
    private final String receiver;
    private final String source;
    private final String externalUrl;
    private final Instant openedAt;
    private Instant acknowledgedAt;
    private String acknowledgedBy;
    private Instant resolvedAt;
    private String resolvedBy;
    private final UUID previousIncidentId;

    /** Rebuilds an incident from its stored state; {@link #open} creates a new one. */
    public Incident(UUID id, long number, String title, IncidentStatus status, Severity severity, String service,
                    String groupingKey, String groupKey, String receiver, String source, String externalUrl,
                    Instant openedAt, Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt,
                    String resolvedBy, UUID previousIncidentId) {
        this.id = Objects.requireNonNull(id);
        this.number = number;
        this.title = title;
        this.status = status;
        this.severity = severity;
        this.service = service;
        this.groupingKey = groupingKey;
        this.groupKey = groupKey;
        this.receiver = receiver;
        this.source = source;
        this.externalUrl = externalUrl;
        this.openedAt = openedAt;
        this.acknowledgedAt = acknowledgedAt;
        this.acknowledgedBy = acknowledgedBy;
        this.resolvedAt = resolvedAt;
        this.resolvedBy = resolvedBy;
        this.previousIncidentId = previousIncidentId;
    }

    /** A new, TRIGGERED incident. */
    static Incident open(long number, String title, Severity severity, String service, String groupingKey,
                         String groupKey, String receiver, String source, String externalUrl, Instant at,
                         UUID previousIncidentId) {
        return new Incident(UUID.randomUUID(), number, title, IncidentStatus.TRIGGERED, severity, service,
                groupingKey, groupKey, receiver, source, externalUrl, at, null, null, null, null, previousIncidentId);
    }

    /**
     * A responder takes the incident.
     *
     * @throws IllegalIncidentTransition unless the incident is TRIGGERED
     */
    void acknowledge(String actor, Instant at) {
        if (status != IncidentStatus.TRIGGERED) {
            throw new IllegalIncidentTransition(key(), status, "acknowledge");
        }
        status = IncidentStatus.ACKNOWLEDGED;
        acknowledgedAt = at;
        acknowledgedBy = actor;
    }

    /**
     * Resolves the incident, by a responder or because every alert resolved.
     *
     * @throws IllegalIncidentTransition when it is already RESOLVED
     */
    void resolve(String actor, Instant at) {
        if (status == IncidentStatus.RESOLVED) {
            throw new IllegalIncidentTransition(key(), status, "resolve");
        }
        status = IncidentStatus.RESOLVED;
        resolvedAt = at;
        resolvedBy = actor;
    }

    /**
     * Raises the severity when {@code candidate} is worse; never lowers it (a resolved alert does not
     * make an incident less severe, and a responder's judgement is not undone by automation).
     *
     * @return whether the severity changed
     */
    boolean raiseSeverityTo(Severity candidate) {
        if (candidate.isWorseThan(severity)) {
            severity = candidate;
            return true;
        }
        return false;
    }

    /** {@code INC-<number>}. */
    public String key() {
        return "INC-" + number;
    }

    public UUID id() {
        return id;
    }

    public long number() {
        return number;
    }

    public String title() {
        return title;
    }

    public IncidentStatus status() {
        return status;
    }

    public Severity severity() {
        return severity;
    }

    public String service() {
        return service;
    }

    public String groupingKey() {
        return groupingKey;
    }

    public String groupKey() {
        return groupKey;
    }

    public String receiver() {
        return receiver;
    }

    public String source() {
        return source;
    }

    public String externalUrl() {
        return externalUrl;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Instant acknowledgedAt() {
        return acknowledgedAt;
    }

    public String acknowledgedBy() {
        return acknowledgedBy;
    }

    public Instant resolvedAt() {
        return resolvedAt;
    }

    public String resolvedBy() {
        return resolvedBy;
    }

    public UUID previousIncidentId() {
        return previousIncidentId;
    }
}

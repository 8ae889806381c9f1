package io.tocsin.incident.incident;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What happened to an incident, registered by the {@link Incident} aggregate as its transitions run and handed on by
 * {@link IncidentRepository#save} to the {@link IncidentChangeSink} (the outbox). Each change has its own
 * {@code eventId}, which the wire event it maps to keeps, so a change is sent under one id however often it is
 * resubmitted. Past-tense records (style.md, 2); none of them is a wire type.
 */
public sealed interface IncidentChange {

    /** A fact recorded about an incident that changes none of its state ({@link Incident#record}). */
    sealed interface Recorded extends IncidentChange permits NoteAdded, ChangeLinked, RoleAssigned, StatusUpdated {
    }

    /** Unique id, kept by the wire event. */
    UUID eventId();

    /** When it happened (the service's clock). */
    Instant at();

    /**
     * @param previousIncidentKey the resolved incident of the same grouping key this one follows, or {@code null}
     * @param declaredBy          the person who declared it; {@code null} when an alert opened it
     */
    record IncidentOpened(UUID eventId, Instant at, String previousIncidentKey, String declaredBy) implements IncidentChange {
    }

    /** A person wrote a customer update; see {@code IncidentEvent.IncidentStatusUpdated} for the fields. */
    record StatusUpdated(UUID eventId, Instant at, String status, String message, String impact, String workaround,
                         Instant nextUpdateAt, String publicTitle, String by) implements Recorded {
    }

    /**
     * @param role     {@code lead} or {@code comms}
     * @param assignee {@code slack:U123} or a name
     * @param by       who assigned it
     */
    record RoleAssigned(UUID eventId, Instant at, String role, String assignee, String by) implements Recorded {
    }

    /** An alert fired on the incident, or one of its firing episodes resolved. */
    record AlertApplied(UUID eventId, Instant at, AttachedAlert alert) implements IncidentChange {
    }

    /** @param reason why, e.g. {@code alert 0a1b… is SEV1} or the storm rule's text */
    record SeverityChanged(UUID eventId, Instant at, Severity from, Severity to, String reason) implements IncidentChange {
    }

    /** @param by {@code slack:U123}, {@code api:<principal>} */
    record IncidentAcknowledged(UUID eventId, Instant at, String by) implements IncidentChange {
    }

    /**
     * @param level  1-based level reached
     * @param target who is paged at that level
     * @param reason e.g. {@code not acknowledged within 15 min (SEV2 target 15 min)}
     * @param pages  the people and user groups paged
     */
    record IncidentEscalated(UUID eventId, Instant at, int level, String target, String reason, List<Page> pages)
            implements IncidentChange {
        public IncidentEscalated {
            pages = List.copyOf(pages);
        }
    }

    /** @param by a responder, {@code alertmanager}, {@code system}, {@code system:reconcile}, {@code backup-verifier} */
    record IncidentResolved(UUID eventId, Instant at, String by) implements IncidentChange {
    }

    record NoteAdded(UUID eventId, Instant at, String by, String note) implements Recorded {
    }

    /**
     * A change to the incident's service (a deploy) made shortly before it opened is shown on it.
     *
     * @param changeId  the change's id
     * @param summary   what changed
     * @param source    where; may be empty
     * @param changedAt when
     * @param url       its first link; {@code null} when it has none
     */
    record ChangeLinked(UUID eventId, Instant at, UUID changeId, String summary, String source, Instant changedAt, String url)
            implements Recorded {
    }

    /** @param changes the alert's state changes within {@code windowSeconds} */
    record FlappingStarted(UUID eventId, Instant at, String fingerprint, int changes, long windowSeconds)
            implements IncidentChange {
    }

    record FlappingEnded(UUID eventId, Instant at, Instant flappingSince) implements IncidentChange {
    }

    /** An announced incident fell under a maintenance window (one opened under it says so in its opening). */
    record MaintenanceStarted(UUID eventId, Instant at, UUID windowId, String comment, Instant endsAt)
            implements IncidentChange {
    }

    record MaintenanceEnded(UUID eventId, Instant at, UUID windowId) implements IncidentChange {
    }

    /** @param firingAlerts the incident's alerts still firing, oldest first */
    record InhibitionEnded(UUID eventId, Instant at, String parentIncidentKey, List<AttachedAlert> firingAlerts)
            implements IncidentChange {
        public InhibitionEnded {
            firingAlerts = List.copyOf(firingAlerts);
        }
    }
}

package io.tocsin.contracts.messages;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.UUID;

/**
 * Requests to change an incident, on {@code incidents.commands.v1} keyed by incident reference.
 * Sent by notifier (Slack buttons and slash commands) and by API clients. Remediation approvals are
 * consumed by remediation-worker.
 *
 * <p>{@code incident} is the incident's UUID or its key {@code INC-<n>}; {@code actor} is
 * {@code slack:U123} or {@code api:<principal>}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = IncidentCommand.AcknowledgeIncident.class, name = MessageTypes.ACKNOWLEDGE_INCIDENT),
        @JsonSubTypes.Type(value = IncidentCommand.ResolveIncident.class, name = MessageTypes.RESOLVE_INCIDENT),
        @JsonSubTypes.Type(value = IncidentCommand.AddTimelineNote.class, name = MessageTypes.ADD_TIMELINE_NOTE),
        @JsonSubTypes.Type(value = IncidentCommand.ChangeSeverity.class, name = MessageTypes.CHANGE_SEVERITY),
        @JsonSubTypes.Type(value = IncidentCommand.DeclareIncident.class, name = MessageTypes.DECLARE_INCIDENT),
        @JsonSubTypes.Type(value = IncidentCommand.AssignRole.class, name = MessageTypes.ASSIGN_ROLE),
        @JsonSubTypes.Type(value = IncidentCommand.PostStatusUpdate.class, name = MessageTypes.POST_STATUS_UPDATE),
        @JsonSubTypes.Type(value = IncidentCommand.ApproveRemediation.class, name = MessageTypes.APPROVE_REMEDIATION),
        @JsonSubTypes.Type(value = IncidentCommand.RejectRemediation.class, name = MessageTypes.REJECT_REMEDIATION)
})
public sealed interface IncidentCommand extends TocsinMessage {

    /** The incident's UUID or {@code INC-<n>} key. */
    String incident();

    /** Who asks: {@code slack:U123} or {@code api:<principal>}. */
    String actor();

    @Override
    default String partitionKey() {
        return incident();
    }

    /** Acknowledge: "I am on it". {@code note} is optional. */
    record AcknowledgeIncident(UUID eventId, Instant occurredAt, String incident, String actor, String note)
            implements IncidentCommand {
    }

    /** Resolve by hand. {@code note} is optional. */
    record ResolveIncident(UUID eventId, Instant occurredAt, String incident, String actor, String note)
            implements IncidentCommand {
    }

    /** Add a note to the timeline. {@code note} is required. */
    record AddTimelineNote(UUID eventId, Instant occurredAt, String incident, String actor, String note)
            implements IncidentCommand {
    }

    /**
     * A person sets the severity, up or down, as the blast radius becomes clear (seeds 002 and 004).
     *
     * @param severity {@code SEV1} … {@code SEV4}
     * @param reason   why, required: it is on the timeline
     */
    record ChangeSeverity(UUID eventId, Instant occurredAt, String incident, String actor, String severity, String reason)
            implements IncidentCommand {
    }

    /**
     * A person declares an incident no alert opened (seed 004: anyone may declare one): it opens with the given
     * severity and escalates as any other.
     *
     * @param incident    the new incident's UUID, chosen by the sender: a redelivered declaration opens nothing new
     * @param severity    {@code SEV1} … {@code SEV4}
     * @param title       what is wrong, required (at most 200 characters)
     * @param service     the affected service (escalation policies match it); may be {@code null}
     * @param description more context for the timeline; may be {@code null}
     */
    record DeclareIncident(UUID eventId, Instant occurredAt, String incident, String actor, String severity, String title,
                           String service, String description) implements IncidentCommand {
    }

    /**
     * Assigns an incident role (seed 004: incident lead, communications lead) to a person.
     *
     * @param role     {@code lead} or {@code comms}
     * @param assignee {@code slack:U123} or a name
     */
    record AssignRole(UUID eventId, Instant occurredAt, String incident, String actor, String role, String assignee)
            implements IncidentCommand {
    }

    /**
     * A person writes a customer update (seeds 002 and 004: status, impact, workaround, time of the next update),
     * published to the status page, the Statuspage mirror, the incident's thread and its timeline.
     *
     * @param status       {@code investigating}, {@code identified}, {@code monitoring} or {@code resolved}
     * @param message      what customers read, required
     * @param impact       who is affected and how; may be {@code null}
     * @param workaround   what customers can do meanwhile; may be {@code null}
     * @param nextUpdateAt when the next update is promised; may be {@code null}
     * @param publicTitle  the incident's title on the status page from now on; {@code null} keeps it
     */
    record PostStatusUpdate(UUID eventId, Instant occurredAt, String incident, String actor, String status, String message,
                            String impact, String workaround, Instant nextUpdateAt, String publicTitle)
            implements IncidentCommand {
    }

    /** Approve a remediation step waiting for approval ({@code executionId} from remediation-worker). */
    record ApproveRemediation(UUID eventId, Instant occurredAt, String incident, String actor, UUID executionId)
            implements IncidentCommand {
    }

    /** Reject a remediation step waiting for approval. */
    record RejectRemediation(UUID eventId, Instant occurredAt, String incident, String actor, UUID executionId,
                             String reason) implements IncidentCommand {
    }
}

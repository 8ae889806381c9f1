package io.tocsin.notify.slack.inbound;

import io.tocsin.platform.kafka.KafkaMessages;
import io.tocsin.contracts.messages.IncidentCommand;
import io.tocsin.notify.incidents.IncidentView;
import io.tocsin.notify.incidents.IncidentViews;
import io.tocsin.notify.slack.SlackText;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.stereotype.Component;

/**
 * What a responder asks of an incident from Slack (slash command or button), published to
 * {@code incidents.commands.v1} with actor {@code slack:<user id>}: incident-service applies it, and the result reaches
 * Slack through the incident's message. An unknown or resolved incident gets an explanation instead.
 */
@Component
class ResponderCommands {

    static final String COMMANDS_BINDING = "incidentCommands-out-0";
    private static final Logger log = LoggerFactory.getLogger(ResponderCommands.class);
    private static final String SOURCE = "/tocsin/notifier";
    private static final java.util.List<String> SEVERITIES = java.util.List.of("SEV1", "SEV2", "SEV3", "SEV4");

    private final IncidentViews views;
    private final StreamBridge bridge;
    private final Clock clock;

    ResponderCommands(IncidentViews views, StreamBridge bridge, Clock clock) {
        this.views = views;
        this.bridge = bridge;
        this.clock = clock;
    }

    /**
     * What to tell the user, and whether a command went out (then the incident's message shows the result).
     *
     * @param text      Slack mrkdwn, escaped where it quotes the user
     * @param published whether a command was published
     */
    record Reply(String text, boolean published) {
        static Reply explain(String text) {
            return new Reply(text, false);
        }
    }

    Reply acknowledge(String reference, String user, String note) {
        return onOpenIncident(reference, i -> "ACKNOWLEDGED".equals(i.status())
                ? Reply.explain(i.key() + " was already acknowledged by " + SlackText.actor(i.acknowledgedBy()) + ".")
                : publish(new IncidentCommand.AcknowledgeIncident(UUID.randomUUID(), clock.instant(),
                i.incidentId().toString(), "slack:" + user, note), "Acknowledging " + i.key() + " …"));
    }

    Reply resolve(String reference, String user, String note) {
        return onOpenIncident(reference, i -> publish(new IncidentCommand.ResolveIncident(UUID.randomUUID(),
                clock.instant(), i.incidentId().toString(), "slack:" + user, note), "Resolving " + i.key() + " …"));
    }

    /**
     * Adds a note to an incident's timeline ({@code AddTimelineNote}, the design's command), also to a resolved one
     * (what was learnt afterwards belongs to its story); it appears in the thread once incident-service recorded it.
     */
    Reply note(String reference, String user, String note) {
        Optional<IncidentView> found = find(reference);
        if (found.isEmpty()) {
            return Reply.explain("No incident " + SlackText.escape(reference) + ".");
        }
        IncidentView i = found.get();
        return publish(new IncidentCommand.AddTimelineNote(UUID.randomUUID(), clock.instant(), i.incidentId().toString(),
                "slack:" + user, note), "Adding your note to " + i.key() + " …");
    }

    /**
     * Sets the severity, up or down, with a reason ({@code ChangeSeverity}); incident-service records it with the user as
     * actor and the thread shows the change.
     */
    Reply severity(String reference, String user, String severity, String reason) {
        String sev = severity.toUpperCase(java.util.Locale.ROOT);
        if (!SEVERITIES.contains(sev)) {
            return Reply.explain("Severity must be SEV1, SEV2, SEV3 or SEV4, not " + SlackText.escape(severity) + ".");
        }
        return onOpenIncident(reference, i -> sev.equals(i.severity())
                ? Reply.explain(i.key() + " is already " + sev + ".")
                : publish(new IncidentCommand.ChangeSeverity(UUID.randomUUID(), clock.instant(), i.incidentId().toString(),
                "slack:" + user, sev, reason), "Setting " + i.key() + " to " + sev + " …"));
    }

    /**
     * Declares an incident no alert opened ({@code DeclareIncident}, its id chosen here): incident-service opens it with
     * the user as actor, and its root message follows in the channel its severity and service route to.
     *
     * @param service the affected service, or {@code null}
     */
    Reply declare(String user, String severity, String service, String title) {
        String sev = severity.toUpperCase(java.util.Locale.ROOT);
        if (!SEVERITIES.contains(sev)) {
            return Reply.explain("Severity must be SEV1, SEV2, SEV3 or SEV4, not " + SlackText.escape(severity) + ".");
        }
        if (title == null || title.isBlank()) {
            return Reply.explain("Say what is wrong: `/incident declare " + sev + " <title>`.");
        }
        if (title.strip().length() > 200) {
            return Reply.explain("Keep the title under 200 characters; add details with `/incident note` once it is open.");
        }
        return publish(new IncidentCommand.DeclareIncident(UUID.randomUUID(), clock.instant(), UUID.randomUUID().toString(),
                "slack:" + user, sev, title.strip(), service, null), "Declaring a " + sev + " incident"
                + (service == null ? "" : " on " + SlackText.escape(service)) + ": " + SlackText.escape(title.strip())
                + " … its message follows in the incident channel.");
    }

    /**
     * Gives an incident role ({@code lead}, {@code comms}) to a person ({@code AssignRole}); the thread says so once
     * incident-service recorded it.
     *
     * @param assignee {@code slack:U123} or a name
     */
    Reply assignRole(String reference, String user, String role, String assignee) {
        Optional<IncidentView> found = find(reference);
        if (found.isEmpty()) {
            return Reply.explain("No incident " + SlackText.escape(reference) + ".");
        }
        IncidentView i = found.get();
        return publish(new IncidentCommand.AssignRole(UUID.randomUUID(), clock.instant(), i.incidentId().toString(),
                "slack:" + user, role, assignee), "Making " + SlackText.actor(assignee) + " "
                + ("lead".equals(role) ? "incident lead" : "communications lead") + " of " + i.key() + " …");
    }

    /**
     * Publishes a customer update a person wrote ({@code PostStatusUpdate}); the status page, Statuspage and the thread
     * show it once incident-service recorded it.
     */
    Reply statusUpdate(String reference, String user, String status, String message, String impact, String workaround,
                       java.time.Instant nextUpdateAt, String title) {
        Optional<IncidentView> found = find(reference);
        if (found.isEmpty()) {
            return Reply.explain("No incident " + SlackText.escape(reference) + ".");
        }
        IncidentView i = found.get();
        return publish(new IncidentCommand.PostStatusUpdate(UUID.randomUUID(), clock.instant(), i.incidentId().toString(),
                "slack:" + user, status, message, impact, workaround, nextUpdateAt, title),
                "Publishing the " + status + " update of " + i.key() + " …");
    }

    /** Publishes a command; the user is told when the broker did not take it. */
    Reply publish(IncidentCommand command, String accepted) {
        try {
            if (bridge.send(COMMANDS_BINDING, KafkaMessages.of(command, SOURCE))) {
                return new Reply(accepted, true);
            }
        } catch (RuntimeException e) {
            log.warn("slack.command_not_published type={} incident={} reason=\"{}\"", command.getClass().getSimpleName(),
                    command.incident(), e.getMessage());
        }
        return Reply.explain("Tocsin could not take that right now; please try again in a moment.");
    }

    /** An incident by UUID or {@code INC-n}. */
    Optional<IncidentView> find(String reference) {
        try {
            return views.find(UUID.fromString(reference));
        } catch (IllegalArgumentException e) {
            return views.findByKey(reference);
        }
    }

    /** Runs {@code action} on an incident that exists and is not resolved; otherwise explains why not. */
    private Reply onOpenIncident(String reference, Function<IncidentView, Reply> action) {
        Optional<IncidentView> found = find(reference);
        if (found.isEmpty()) {
            return Reply.explain("No incident " + SlackText.escape(reference) + ".");
        }
        return found.get().isResolved() ? Reply.explain(found.get().key() + " is already resolved.") : action.apply(found.get());
    }
}

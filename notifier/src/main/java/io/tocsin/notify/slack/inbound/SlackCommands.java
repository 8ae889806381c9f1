package io.tocsin.notify.slack.inbound;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.notify.incidents.IncidentView;
import io.tocsin.notify.incidents.IncidentViews;
import io.tocsin.notify.oncall.WhoIsOnCall;
import io.tocsin.notify.slack.SlackMessages;
import io.tocsin.notify.slack.SlackText;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /slack/commands}: {@code /incident ack|resolve|note|sev|declare|lead|comms|update|status|list|oncall}, answered ephemerally within Slack's 3-second
 * budget. The request was verified by {@link SlackVerificationFilter}.
 */
@RestController
class SlackCommands {

    private static final List<String> VERBS = List.of("ack", "acknowledge", "resolve", "note", "sev", "status", "list", "oncall",
            "declare", "lead", "comms", "update");
    /** A user mention as Slack escapes it in command text: {@code <@U123|alice>} or {@code <@U123>}. */
    private static final java.util.regex.Pattern MENTION = java.util.regex.Pattern.compile("<@([UW][A-Z0-9]+)(\\|[^>]*)?>");

    private final ResponderCommands commands;
    private final IncidentViews views;
    private final MeterRegistry meters;
    private final WhoIsOnCall oncall;
    private final io.tocsin.notify.slack.SlackApi slack;

    SlackCommands(ResponderCommands commands, IncidentViews views, MeterRegistry meters, WhoIsOnCall oncall,
                  io.tocsin.notify.slack.SlackApi slack) {
        this.slack = slack;
        this.commands = commands;
        this.views = views;
        this.oncall = oncall;
        this.meters = meters;
        // At zero, and bounded: a label never takes free text a Slack user typed (style.md 15).
        VERBS.forEach(v -> meters.counter("tocsin.slack.inbound", "kind", "command", "verb", v));
        List.of("help", "other").forEach(v -> meters.counter("tocsin.slack.inbound", "kind", "command", "verb", v));
    }

    @PostMapping(path = "/slack/commands", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> command(@RequestAttribute(SlackVerificationFilter.FORM) Map<String, String> form) {
        String user = form.getOrDefault("user_id", "");
        String[] words = form.getOrDefault("text", "").strip().split("\\s+", 3);
        String verb = words[0].toLowerCase(Locale.ROOT);
        String note = words.length > 2 ? words[2] : null;
        String reply = switch (verb) {
            case "ack", "acknowledge" -> words.length < 2 ? usage() : commands.acknowledge(words[1], user, note).text();
            case "resolve" -> words.length < 2 ? usage() : commands.resolve(words[1], user, note).text();
            case "note" -> note == null || note.isBlank() ? usage() : commands.note(words[1], user, note).text();
            case "sev" -> severity(words, user);
            case "status" -> words.length < 2 ? usage() : status(words[1]);
            case "list" -> list();
            case "oncall" -> oncall.answer(words.length < 2 ? null : words[1]);
            case "declare" -> declare(words, user);
            case "update" -> words.length < 2 ? usage() : update(words, user, form.get("trigger_id"));
            case "lead", "comms" -> words.length < 3 ? usage() : commands.assignRole(words[1], user, verb, assignee(words[2], user))
                    .text();
            default -> usage();
        };
        meters.counter("tocsin.slack.inbound", "kind", "command", "verb", VERBS.contains(verb) ? verb
                : verb.isEmpty() ? "help" : "other").increment();
        if (reply.isEmpty()) {
            return ResponseEntity.ok().build(); // a modal opened: nothing to say in the channel
        }
        return ResponseEntity.ok(Map.of("response_type", "ephemeral", "text", reply));
    }

    /** {@code sev INC-42 SEV1 <reason>}: the reason is required, as on the timeline. */
    private String severity(String[] words, String user) {
        if (words.length < 3) {
            return usage();
        }
        String[] rest = words[2].split("\\s+", 2);
        if (rest.length < 2 || rest[1].isBlank()) {
            return "Give a reason: `/incident sev " + SlackText.escape(words[1]) + " " + SlackText.escape(rest[0])
                    + " <why>` (it goes on the timeline).";
        }
        return commands.severity(words[1], user, rest[0], rest[1].strip()).text();
    }

    /**
     * {@code update INC-42} opens the customer update modal ({@link StatusUpdateModal}); {@code update INC-42
     * identified <what we know>} publishes at once.
     */
    private String update(String[] words, String user, String triggerId) {
        if (words.length > 2) {
            String[] rest = words[2].strip().split("\\s+", 2);
            String status = rest[0].toLowerCase(Locale.ROOT);
            if (!StatusUpdateModal.STATUSES.contains(status) || rest.length < 2) {
                return "Usage: `/incident update " + SlackText.escape(words[1]) + "` (a form), or `/incident update "
                        + SlackText.escape(words[1]) + " investigating|identified|monitoring|resolved <what customers should know>`";
            }
            return commands.statusUpdate(words[1], user, status, rest[1].strip(), null, null, null, null).text();
        }
        var incident = commands.find(words[1]);
        if (incident.isEmpty()) {
            return "No incident " + SlackText.escape(words[1]) + ".";
        }
        if (triggerId == null || !slack.openView(triggerId, StatusUpdateModal.view(incident.get(),
                views.publicPhase(incident.get())))) {
            return "Could not open the form; use `/incident update " + incident.get().key() + " <status> <text>`.";
        }
        return "";
    }

    /** {@code declare SEV2 [service=checkout] <title>}. */
    private String declare(String[] words, String user) {
        if (words.length < 3) {
            return "Usage: `/incident declare SEV2 [service=<name>] <what is wrong>`";
        }
        String rest = words[2].strip();
        String service = null;
        if (rest.startsWith("service=")) {
            String[] split = rest.split("\\s+", 2);
            service = split[0].substring("service=".length());
            rest = split.length > 1 ? split[1] : "";
        }
        return commands.declare(user, words[1], service == null || service.isBlank() ? null : service, rest).text();
    }

    /**
     * Who a role goes to: a mentioned user ({@code <@U123|alice>}, as Slack escapes mentions) → {@code slack:U123};
     * {@code me} → the user who asked; anything else as written (a name).
     */
    static String assignee(String text, String user) {
        java.util.regex.Matcher m = MENTION.matcher(text.strip());
        if (m.lookingAt()) {
            return "slack:" + m.group(1);
        }
        String name = text.strip().split("\\s+")[0];
        return name.equalsIgnoreCase("me") ? "slack:" + user : name.startsWith("@") ? name.substring(1) : name;
    }

    private String status(String reference) {
        return commands.find(reference).map(i -> "*" + i.key() + "* [" + i.severity() + "] " + SlackText.escape(i.title())
                        + " — " + SlackMessages.phase(i)
                        + (i.acknowledgedBy() == null ? "" : " (acknowledged by " + SlackText.actor(i.acknowledgedBy()) + ")")
                        + " · " + i.firingCount() + " firing of " + i.alertCount())
                .orElse("No incident " + SlackText.escape(reference) + ".");
    }

    private String list() {
        List<IncidentView> open = views.open();
        if (open.isEmpty()) {
            return "No open incidents.";
        }
        return open.stream().limit(20).map(i -> "• *" + i.key() + "* [" + i.severity() + "] " + SlackText.escape(i.title())
                + " — " + SlackMessages.phase(i)).collect(Collectors.joining("\n"));
    }

    private static String usage() {
        return "Usage: `/incident ack INC-42 [note]`, `/incident resolve INC-42 [note]`, `/incident note INC-42 text`, "
                + "`/incident sev INC-42 SEV1 reason`, `/incident declare SEV2 [service=<name>] <title>`, "
                + "`/incident lead INC-42 @someone`, `/incident comms INC-42 @someone`, "
                + "`/incident update INC-42 [status text]` (customer update), `/incident status INC-42`, "
                + "`/incident list`, `/incident oncall [service]`";
    }
}

package io.tocsin.notify.slack.inbound;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.common.json.TocsinJson;
import io.tocsin.common.kafka.KafkaMessages;
import io.tocsin.common.messages.IncidentCommand;
import io.tocsin.notify.incidents.IncidentView;
import io.tocsin.notify.incidents.IncidentViews;
import io.tocsin.notify.slack.SlackMessages;
import io.tocsin.notify.slack.SlackSettings;
import io.tocsin.notify.slack.SlackText;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /slack/interactions} (Block Kit buttons: Acknowledge, Resolve, Approve / Reject a
 * remediation) and {@code POST /slack/commands} ({@code /incident ack|resolve|status|list}).
 *
 * <p>Every request must carry a valid Slack signature no older than 5 minutes and not seen before;
 * otherwise 401 and nothing happens. Within Slack's 3-second budget the command is published to
 * {@code incidents.commands.v1} (actor {@code slack:<user id>}) and acknowledged; the outcome reaches
 * Slack through the incident's message updates. An unknown or resolved incident gets an ephemeral
 * explanation instead.
 */
@RestController
class SlackController {

    private final io.tocsin.notify.approvals.ApprovalRequests approvals;
    private final io.tocsin.notify.slack.SlackApi slackApi;

    private static final List<String> COMMAND_VERBS = List.of("ack", "acknowledge", "resolve", "status", "list");
    private static final List<String> INTERACTION_VERBS = List.of(SlackMessages.ACKNOWLEDGE, SlackMessages.RESOLVE,
            SlackMessages.APPROVE_REMEDIATION, SlackMessages.REJECT_REMEDIATION);

    private static final Logger log = LoggerFactory.getLogger(SlackController.class);
    static final String COMMANDS_BINDING = "incidentCommands-out-0";
    private static final String SOURCE = "/tocsin/notifier";

    private final SlackSignatureVerifier verifier;
    private final IncidentViews views;
    private final StreamBridge bridge;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final MeterRegistry meters;
    private final SlackSettings settings;
    private final HttpClient http = HttpClient.newHttpClient();

    SlackController(SlackSettings settings, IncidentViews views, StreamBridge bridge, JdbcClient jdbc, Clock clock,
                    MeterRegistry meters, io.tocsin.notify.approvals.ApprovalRequests approvals,
                    io.tocsin.notify.slack.SlackApi slackApi) {
        this.approvals = approvals;
        this.slackApi = slackApi;
        this.settings = settings;
        this.verifier = new SlackSignatureVerifier(settings.signingSecret(), settings.signatureTolerance(), clock);
        this.views = views;
        this.bridge = bridge;
        this.jdbc = jdbc;
        this.clock = clock;
        this.meters = meters;
        // At zero, and bounded: a label never takes free text a Slack user typed (style.md 15).
        COMMAND_VERBS.forEach(v -> meters.counter("tocsin.slack.inbound", "kind", "command", "verb", v));
        List.of("help", "other").forEach(v -> meters.counter("tocsin.slack.inbound", "kind", "command", "verb", v));
        INTERACTION_VERBS.forEach(v -> meters.counter("tocsin.slack.inbound", "kind", "interaction", "verb", v));
        meters.counter("tocsin.slack.inbound", "kind", "interaction", "verb", "other");
        meters.counter("tocsin.slack.inbound", "kind", "rejected", "verb", "none");
    }

    @PostMapping(path = "/slack/commands", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> command(HttpServletRequest request) throws IOException {
        Map<String, String> form = verified(request);
        String user = form.getOrDefault("user_id", "");
        String[] words = form.getOrDefault("text", "").strip().split("\\s+", 3);
        String verb = words[0].toLowerCase(java.util.Locale.ROOT);
        String reply = switch (verb) {
            case "ack", "acknowledge" -> words.length < 2 ? usage() : acknowledge(words[1], user, words.length > 2 ? words[2] : null).text();
            case "resolve" -> words.length < 2 ? usage() : resolve(words[1], user, words.length > 2 ? words[2] : null).text();
            case "status" -> words.length < 2 ? usage() : status(words[1]);
            case "list" -> list();
            default -> usage();
        };
        meters.counter("tocsin.slack.inbound", "kind", "command", "verb", COMMAND_VERBS.contains(verb) ? verb
                : verb.isEmpty() ? "help" : "other").increment();
        return ResponseEntity.ok(Map.of("response_type", "ephemeral", "text", reply));
    }

    @PostMapping("/slack/interactions")
    ResponseEntity<Void> interaction(HttpServletRequest request) throws IOException {
        Map<String, String> form = verified(request);
        JsonNode payload = TocsinJson.mapper().readTree(form.getOrDefault("payload", "{}"));
        if (!"block_actions".equals(payload.path("type").asString())) {
            return ResponseEntity.ok().build();
        }
        String user = payload.path("user").path("id").asString();
        String responseUrl = payload.path("response_url").asString(null);
        for (JsonNode action : payload.path("actions")) {
            String actionId = action.path("action_id").asString();
            String value = action.path("value").asString();
            Reply reply = switch (actionId) {
                case SlackMessages.ACKNOWLEDGE -> acknowledge(value, user, null);
                case SlackMessages.RESOLVE -> resolve(value, user, null);
                case SlackMessages.APPROVE_REMEDIATION, SlackMessages.REJECT_REMEDIATION -> remediation(actionId, value, user);
                default -> null;
            };
            meters.counter("tocsin.slack.inbound", "kind", "interaction", "verb",
                    INTERACTION_VERBS.contains(actionId) ? actionId : "other").increment();
            // A published command shows up through the incident's message; anything else needs explaining.
            if (reply != null && !reply.published() && responseUrl != null) {
                respondEphemeral(responseUrl, reply.text());
            }
        }
        return ResponseEntity.ok().build();
    }

    @ExceptionHandler(SlackSignatureVerifier.RejectedRequest.class)
    ResponseEntity<Map<String, String>> rejected(SlackSignatureVerifier.RejectedRequest e) {
        meters.counter("tocsin.slack.inbound", "kind", "rejected", "verb", "none").increment();
        log.warn("slack.request_rejected reason=\"{}\"", e.getMessage());
        return ResponseEntity.status(401).body(Map.of("error", "unauthorized", "message", e.getMessage()));
    }

    /** Old signatures cannot be replayed anyway (timestamp window); forget them. */
    @Scheduled(fixedDelay = 60_000)
    void forgetOldSignatures() {
        jdbc.sql("DELETE FROM slack_request WHERE seen_at < ?")
                .param(Timestamp.from(clock.instant().minus(settings.signatureTolerance().multipliedBy(2)))).update();
    }

    private Map<String, String> verified(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readNBytes(1024 * 1024);
        String signature = request.getHeader("X-Slack-Signature");
        verifier.verify(request.getHeader("X-Slack-Request-Timestamp"), signature, body);
        int fresh = jdbc.sql("INSERT INTO slack_request (signature, seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(signature.strip(), Timestamp.from(clock.instant())).update();
        if (fresh == 0) {
            throw new SlackSignatureVerifier.RejectedRequest("request was already received (replay)");
        }
        return form(new String(body, StandardCharsets.UTF_8));
    }

    /** What to tell the user, and whether a command went out (then the incident's message shows the result). */
    private record Reply(String text, boolean published) {
        static Reply explain(String text) {
            return new Reply(text, false);
        }
    }

    private Reply acknowledge(String reference, String user, String note) {
        return onOpenIncident(reference, i -> "ACKNOWLEDGED".equals(i.status())
                ? Reply.explain(i.key() + " was already acknowledged by " + SlackText.actor(i.acknowledgedBy()) + ".")
                : publish(new IncidentCommand.AcknowledgeIncident(UUID.randomUUID(), clock.instant(),
                i.incidentId().toString(), "slack:" + user, note), "Acknowledging " + i.key() + " …"));
    }

    private Reply resolve(String reference, String user, String note) {
        return onOpenIncident(reference, i -> publish(new IncidentCommand.ResolveIncident(UUID.randomUUID(),
                clock.instant(), i.incidentId().toString(), "slack:" + user, note), "Resolving " + i.key() + " …"));
    }

    /** Runs {@code action} on an incident that exists and is not resolved; otherwise explains why not. */
    private Reply onOpenIncident(String reference, java.util.function.Function<IncidentView, Reply> action) {
        Optional<IncidentView> found = find(reference);
        if (found.isEmpty()) {
            return Reply.explain("No incident " + SlackText.escape(reference) + ".");
        }
        return found.get().isResolved() ? Reply.explain(found.get().key() + " is already resolved.") : action.apply(found.get());
    }

    private Reply remediation(String actionId, String value, String user) {
        String[] parts = value.split(":", 2);
        if (parts.length != 2) {
            return Reply.explain("That remediation button is malformed.");
        }
        try {
            UUID execution = UUID.fromString(parts[1]);
            if (approvals.check(execution, user, clock.instant(), slackApi::usergroupMembers)
                    instanceof io.tocsin.notify.approvals.ApprovalRequests.Verdict.Refused refused) {
                log.info("slack.approval_refused execution={} user={}", execution, user);
                return Reply.explain(refused.message());
            }
            IncidentCommand command = SlackMessages.APPROVE_REMEDIATION.equals(actionId)
                    ? new IncidentCommand.ApproveRemediation(UUID.randomUUID(), clock.instant(), parts[0], "slack:" + user, execution)
                    : new IncidentCommand.RejectRemediation(UUID.randomUUID(), clock.instant(), parts[0], "slack:" + user,
                    execution, "rejected in Slack");
            return publish(command, "Acknowledging your decision …");
        } catch (IllegalArgumentException e) {
            return Reply.explain("That remediation button is malformed.");
        }
    }

    private String status(String reference) {
        return find(reference).map(i -> "*" + i.key() + "* [" + i.severity() + "] " + SlackText.escape(i.title()) + " — "
                        + SlackMessages.phase(i)
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
        return "Usage: `/incident ack INC-42 [note]`, `/incident resolve INC-42 [note]`, `/incident status INC-42`, `/incident list`";
    }

    private Optional<IncidentView> find(String reference) {
        try {
            return views.find(UUID.fromString(reference));
        } catch (IllegalArgumentException e) {
            return views.findByKey(reference);
        }
    }

    private Reply publish(IncidentCommand command, String accepted) {
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

    private void respondEphemeral(String responseUrl, String text) {
        if (!responseUrl.startsWith("https://") && !responseUrl.startsWith("http://")) {
            return;
        }
        String body = TocsinJson.mapper().writeValueAsString(Map.of("response_type", "ephemeral",
                "replace_original", false, "text", text));
        http.sendAsync(HttpRequest.newBuilder(URI.create(responseUrl)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .exceptionally(e -> {
                    log.warn("slack.response_url_failed reason=\"{}\"", e.getMessage());
                    return null;
                });
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }
}

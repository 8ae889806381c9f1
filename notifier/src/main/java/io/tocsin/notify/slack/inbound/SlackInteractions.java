package io.tocsin.notify.slack.inbound;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.IncidentCommand;
import io.tocsin.notify.approvals.ApprovalRequests;
import io.tocsin.notify.slack.SlackApi;
import io.tocsin.notify.slack.SlackMessages;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /slack/interactions}: Block Kit buttons (Acknowledge, Resolve, Approve / Reject a remediation step) and
 * the submitted customer update modal ({@link StatusUpdateModal}, {@code view_submission}). A
 * published command shows in the incident's message; anything else is explained to the user who clicked through the
 * interaction's {@code response_url} ({@link SlackApi#respond}). The request was verified by
 * {@link SlackVerificationFilter}.
 */
@RestController
class SlackInteractions {

    private static final Logger log = LoggerFactory.getLogger(SlackInteractions.class);
    private static final List<String> VERBS = List.of(SlackMessages.ACKNOWLEDGE, SlackMessages.RESOLVE,
            SlackMessages.APPROVE_REMEDIATION, SlackMessages.REJECT_REMEDIATION);

    private final ResponderCommands commands;
    private final ApprovalRequests approvals;
    private final SlackApi slack;
    private final Clock clock;
    private final MeterRegistry meters;

    SlackInteractions(ResponderCommands commands, ApprovalRequests approvals, SlackApi slack, Clock clock,
                      MeterRegistry meters) {
        this.commands = commands;
        this.approvals = approvals;
        this.slack = slack;
        this.clock = clock;
        this.meters = meters;
        VERBS.forEach(v -> meters.counter("tocsin.slack.inbound", "kind", "interaction", "verb", v));
        meters.counter("tocsin.slack.inbound", "kind", "interaction", "verb", StatusUpdateModal.CALLBACK_ID);
        meters.counter("tocsin.slack.inbound", "kind", "interaction", "verb", "other");
    }

    @PostMapping("/slack/interactions")
    ResponseEntity<?> interaction(@RequestAttribute(SlackVerificationFilter.FORM) Map<String, String> form) {
        JsonNode payload = TocsinJson.mapper().readTree(form.getOrDefault("payload", "{}"));
        if ("view_submission".equals(payload.path("type").asString())
                && StatusUpdateModal.CALLBACK_ID.equals(payload.path("view").path("callback_id").asString())) {
            return statusUpdate(payload);
        }
        if (!"block_actions".equals(payload.path("type").asString())) {
            return ResponseEntity.ok().build();
        }
        String user = payload.path("user").path("id").asString();
        String responseUrl = payload.path("response_url").asString(null);
        for (JsonNode action : payload.path("actions")) {
            String actionId = action.path("action_id").asString();
            String value = action.path("value").asString();
            ResponderCommands.Reply reply = switch (actionId) {
                case SlackMessages.ACKNOWLEDGE -> commands.acknowledge(value, user, null);
                case SlackMessages.RESOLVE -> commands.resolve(value, user, null);
                case SlackMessages.APPROVE_REMEDIATION, SlackMessages.REJECT_REMEDIATION -> remediation(actionId, value, user);
                default -> null;
            };
            meters.counter("tocsin.slack.inbound", "kind", "interaction", "verb",
                    VERBS.contains(actionId) ? actionId : "other").increment();
            if (reply != null && !reply.published() && responseUrl != null) {
                slack.respond(responseUrl, reply.text());
            }
        }
        return ResponseEntity.ok().build();
    }

    /**
     * The customer update modal submitted: published as {@code PostStatusUpdate}, and the modal closes; a missing field
     * is shown next to it ({@code response_action: errors}) and nothing is published.
     */
    private ResponseEntity<?> statusUpdate(JsonNode payload) {
        meters.counter("tocsin.slack.inbound", "kind", "interaction", "verb", StatusUpdateModal.CALLBACK_ID).increment();
        StatusUpdateModal.Submission s = StatusUpdateModal.read(payload.path("view"), clock.instant());
        if (!s.errors().isEmpty()) {
            return ResponseEntity.ok(Map.of("response_action", "errors", "errors", s.errors()));
        }
        ResponderCommands.Reply reply = commands.statusUpdate(s.incident(), payload.path("user").path("id").asString(),
                s.status(), s.message(), s.impact(), s.workaround(), s.nextUpdateAt(), s.title());
        if (!reply.published()) {
            return ResponseEntity.ok(Map.of("response_action", "errors", "errors", Map.of("message", reply.text())));
        }
        return ResponseEntity.ok().build();
    }

    /** An approval decision: only an allowed approver's is published ({@link ApprovalRequests#check}). */
    private ResponderCommands.Reply remediation(String actionId, String value, String user) {
        String[] parts = value.split(":", 2);
        if (parts.length != 2) {
            return ResponderCommands.Reply.explain("That remediation button is malformed.");
        }
        try {
            UUID execution = UUID.fromString(parts[1]);
            if (approvals.check(execution, user, clock.instant(), slack::usergroupMembers)
                    instanceof ApprovalRequests.Verdict.Refused refused) {
                log.info("slack.approval_refused execution={} user={}", execution, user);
                return ResponderCommands.Reply.explain(refused.message());
            }
            IncidentCommand command = SlackMessages.APPROVE_REMEDIATION.equals(actionId)
                    ? new IncidentCommand.ApproveRemediation(UUID.randomUUID(), clock.instant(), parts[0], "slack:" + user, execution)
                    : new IncidentCommand.RejectRemediation(UUID.randomUUID(), clock.instant(), parts[0], "slack:" + user,
                    execution, "rejected in Slack");
            return commands.publish(command, "Acknowledging your decision …");
        } catch (IllegalArgumentException e) {
            return ResponderCommands.Reply.explain("That remediation button is malformed.");
        }
    }
}

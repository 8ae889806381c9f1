package io.tocsin.notify.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.notify.incidents.IncidentView;
import io.tocsin.notify.incidents.IncidentViews;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders an incident's root message in Block Kit after the seed runbook's "Initial incident
 * notification" template: severity, one-line summary, start time, status, service, alerts, links and the
 * Acknowledge / Resolve buttons (gone once resolved). Thread replies are plain mrkdwn lines.
 */
public final class SlackMessages {

    /** {@code action_id} of the Acknowledge button; its {@code value} is the incident id. */
    public static final String ACKNOWLEDGE = "incident_acknowledge";
    /** {@code action_id} of the Resolve button; its {@code value} is the incident id. */
    public static final String RESOLVE = "incident_resolve";

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private SlackMessages() {
    }

    /** Notification text (fallback and screen readers): {@code 🚨 [SEV2] INC-7 PG down — investigating}. */
    public static String fallbackText(IncidentView i) {
        return icon(i) + " [" + i.severity() + "] " + i.key() + " " + SlackText.escape(i.title()) + " — " + phase(i);
    }

    /** The root message's blocks. */
    public static List<LayoutBlock> blocks(IncidentView i) {
        return blocks(i, List.of(), Map.of());
    }

    /**
     * The root message's blocks, with who holds its roles (incident lead, communications lead: seed 004) and the recent
     * changes of its service (deploys shortly before it opened, newest first, at most three): "Recent deploy?" answered
     * in the message responders read first. A declared incident shows who declared it instead of alert counts.
     */
    public static List<LayoutBlock> blocks(IncidentView i, List<IncidentViews.RecentChange> changes,
                                           Map<String, IncidentViews.RoleHolder> roles) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(icon(i) + " *[" + i.severity() + "] " + SlackText.escape(i.key())
                + "* " + SlackText.escape(i.title())))));
        List<TextObject> fields = new ArrayList<>();
        fields.add(markdownText("*Status*\n" + phase(i)));
        fields.add(markdownText("*Severity*\n" + i.severity()));
        fields.add(markdownText("*Service*\n" + (i.service() == null ? "—" : SlackText.escape(i.service()))));
        fields.add(i.isDeclared() && i.alertCount() == 0 ? markdownText("*Declared by*\n" + SlackText.actor(i.declaredBy()))
                : markdownText("*Alerts*\n" + i.firingCount() + " firing of " + i.alertCount()));
        fields.add(markdownText("*Started*\n" + UTC.format(i.openedAt())));
        if (i.acknowledgedBy() != null) {
            fields.add(markdownText("*On-call*\n" + SlackText.actor(i.acknowledgedBy())));
        }
        if (roles.containsKey("lead")) {
            fields.add(markdownText("*Incident lead*\n" + SlackText.actor(roles.get("lead").assignee())));
        }
        if (roles.containsKey("comms")) {
            fields.add(markdownText("*Comms lead*\n" + SlackText.actor(roles.get("comms").assignee())));
        }
        blocks.add(section(s -> s.fields(fields)));
        if (!changes.isEmpty()) {
            StringBuilder text = new StringBuilder("*Recent changes*");
            for (IncidentViews.RecentChange change : changes.subList(0, Math.min(3, changes.size()))) {
                long minutes = Math.max(0, java.time.Duration.between(change.changedAt(), i.openedAt()).toMinutes());
                String what = SlackText.escape(change.summary());
                text.append("\n• ").append(change.url() == null ? what : SlackText.link(change.url(), change.summary()))
                        .append(change.source().isBlank() ? "" : " (" + SlackText.escape(change.source()) + ")")
                        .append(change.changedAt().isAfter(i.openedAt()) ? ", after it opened" : ", " + minutes + " min before");
            }
            blocks.add(section(s -> s.text(markdownText(text.toString()))));
        }
        List<String> links = links(i);
        if (!links.isEmpty()) {
            blocks.add(context(c -> c.elements(List.of(markdownText(String.join("  ·  ", links))))));
        }
        if (!i.isResolved()) {
            List<BlockElement> buttons = new ArrayList<>();
            if ("TRIGGERED".equals(i.status())) {
                buttons.add(button(b -> b.text(plainText("Acknowledge")).actionId(ACKNOWLEDGE)
                        .value(i.incidentId().toString()).style("primary")));
            }
            buttons.add(button(b -> b.text(plainText("Resolve")).actionId(RESOLVE)
                    .value(i.incidentId().toString()).style("danger")));
            blocks.add(actions(a -> a.blockId("incident_actions").elements(buttons)));
        }
        return blocks;
    }

    /** The alert's source (Prometheus graph), runbook and Alertmanager links, as mrkdwn. */
    private static List<String> links(IncidentView i) {
        List<String> links = new ArrayList<>();
        if (i.generatorUrl() != null) {
            links.add(SlackText.link(i.generatorUrl(), "Source"));
        }
        if (i.runbookUrl() != null) {
            links.add(SlackText.link(i.runbookUrl(), "Runbook"));
        }
        if (i.externalUrl() != null && !i.externalUrl().isBlank()) {
            links.add(SlackText.link(i.externalUrl(), "Alertmanager"));
        }
        return links;
    }

    /** {@code action_id} of a remediation approval button; its {@code value} is {@code incidentId:executionId}. */
    public static final String APPROVE_REMEDIATION = "remediation_approve";
    /** {@code action_id} of a remediation rejection button. */
    public static final String REJECT_REMEDIATION = "remediation_reject";

    /** A thread reply asking a responder to approve or reject a remediation step. */
    public static List<LayoutBlock> approvalRequest(String text, java.util.UUID incidentId, java.util.UUID executionId) {
        String value = incidentId + ":" + executionId;
        return List.of(section(s -> s.text(markdownText(text))),
                actions(a -> a.blockId("remediation_" + executionId).elements(List.of(
                        button(b -> b.text(plainText("Approve")).actionId(APPROVE_REMEDIATION).value(value).style("primary")),
                        button(b -> b.text(plainText("Reject")).actionId(REJECT_REMEDIATION).value(value).style("danger"))))));
    }

    /**
     * The thread reply of an escalation (issue 18): level, target and reason, then a real mention of everyone the level
     * paged ({@code <@U…>}, {@code <!subteam^S…>}) so Slack notifies them, and who could not be paged. A level without
     * pages (the built-in matrix) mentions {@code legacyMention} ({@code tocsin.slack.escalation-mention}) when set.
     */
    public static String escalation(IncidentEvent.IncidentEscalated e, String legacyMention) {
        StringBuilder text = new StringBuilder("⏫ Escalated to level " + e.level() + " (" + SlackText.escape(e.target())
                + "): " + SlackText.escape(e.reason()));
        List<String> mentions = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (IncidentEvent.Page p : e.pages()) {
            if (p.slackUserGroupId() != null) {
                mentions.add("<!subteam^" + p.slackUserGroupId() + ">");
            } else if (p.slackUserId() != null) {
                mentions.add("<@" + p.slackUserId() + ">");
            } else if (p.person() != null) {
                mentions.add(SlackText.escape(p.name() != null ? p.name() : p.person()));
            } else {
                missed.add(SlackText.escape(p.target()));
            }
        }
        if (!mentions.isEmpty()) {
            text.append("\nPaging ").append(String.join(" ", mentions));
        }
        if (!missed.isEmpty()) {
            text.append("\nNobody on call in ").append(String.join(", ", missed));
        }
        if (e.pages().isEmpty() && legacyMention != null) {
            text.append(" ").append(legacyMention);
        }
        return text.toString();
    }

    /** The direct message's text to one paged person: which incident, which level, where to answer. */
    public static String pageText(IncidentView i, IncidentEvent.IncidentEscalated e, String channel) {
        return "📟 You are paged for *[" + i.severity() + "] " + SlackText.escape(i.key()) + "* "
                + SlackText.escape(i.title()) + " (escalation level " + e.level() + "). It is not acknowledged yet: "
                + "acknowledge here, or follow it in " + SlackText.escape(channel) + ".";
    }

    /**
     * A page's direct message: its text, the incident's links (its Slack thread, the alert's source, runbook and
     * Alertmanager) and the Acknowledge button.
     *
     * @param incident  the incident as the notifier knows it, or {@code null}
     * @param threadUrl the permalink of the incident's thread, or {@code null} before its root message is posted
     */
    public static List<LayoutBlock> page(String text, java.util.UUID incidentId, IncidentView incident, String threadUrl) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(text))));
        List<String> links = new ArrayList<>();
        if (threadUrl != null) {
            links.add(SlackText.link(threadUrl, "Incident thread"));
        }
        if (incident != null) {
            links.addAll(links(incident));
        }
        if (!links.isEmpty()) {
            blocks.add(context(c -> c.elements(List.of(markdownText(String.join("  ·  ", links))))));
        }
        blocks.add(actions(a -> a.blockId("page_actions").elements(List.of(
                button(b -> b.text(plainText("Acknowledge")).actionId(ACKNOWLEDGE).value(incidentId.toString())
                        .style("primary"))))));
        return blocks;
    }

    /** The seed runbook's "Resolution" template as a thread reply. */
    public static String resolution(IncidentView i, String actor, Instant endedAt) {
        long minutes = Math.max(0, Duration.between(i.openedAt(), endedAt).toMinutes());
        return "✅ [" + i.severity() + "] Resolved by " + SlackText.actor(actor) + "\nStarted: " + UTC.format(i.openedAt())
                + "\nEnded: " + UTC.format(endedAt) + "\nDuration: " + minutes + " minutes";
    }

    /** The customer-facing phase (seed runbook: investigating, identified, monitoring, resolved). */
    public static String phase(IncidentView i) {
        return switch (i.status()) {
            case "ACKNOWLEDGED" -> "identified";
            case "RESOLVED" -> "resolved";
            default -> "investigating";
        };
    }

    private static String icon(IncidentView i) {
        return switch (i.status()) {
            case "RESOLVED" -> "✅";
            case "ACKNOWLEDGED" -> "🟡";
            default -> "🚨";
        };
    }
}

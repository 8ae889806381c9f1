package io.tocsin.incident.console;

import io.tocsin.incident.timeline.TimelineEntry;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of an incident's timeline the incident page shows apart, read from the entries' details
 * ({@code TimelineDetails.PageSent}, {@code TimelineDetails.RemediationStep}): who was paged, and what remediation did.
 *
 * @param pages       every {@code page.sent}, oldest first
 * @param remediation every {@code remediation.*} entry, oldest first
 */
record IncidentSections(List<Page> pages, List<Remediation> remediation) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One page.
     *
     * @param who     the person's name (or id), else the Slack user group, else the target
     * @param outcome e.g. {@code queued}, {@code sent}, {@code failed: …}
     */
    record Page(Instant at, Object level, String who, String target, String channel, String outcome) {
    }

    /**
     * One remediation step's entry.
     *
     * @param event  {@code started}, {@code succeeded}, {@code failed}, {@code awaiting_approval}, …
     * @param output the step's report as JSON, or its error
     */
    record Remediation(Instant at, String event, String runbook, Object step, String action, boolean dryRun,
                       String actor, String output) {
    }

    static IncidentSections of(List<TimelineEntry> entries) {
        List<Page> pages = entries.stream().filter(e -> TimelineEntryType.PAGE_SENT.type().equals(e.type()))
                .map(e -> {
                    Map<String, Object> d = e.details() == null ? Map.of() : e.details();
                    String who = firstOf(d.get("name"), d.get("person"), d.get("slackUserGroupId"), d.get("target"));
                    return new Page(e.at(), d.get("level"), who, text(d.get("target")), text(d.get("channel")),
                            text(d.get("outcome")));
                }).toList();
        List<Remediation> remediation = entries.stream().filter(e -> e.type().startsWith("remediation."))
                .map(e -> {
                    Map<String, Object> d = e.details() == null ? Map.of() : e.details();
                    String output = d.get("error") != null ? "error: " + d.get("error")
                            : d.get("report") != null ? JSON.writeValueAsString(d.get("report"))
                            : text(d.get("reason"));
                    return new Remediation(e.at(), e.type().substring("remediation.".length()), text(d.get("runbook")),
                            d.get("step"), text(d.get("action")), Boolean.TRUE.equals(d.get("dryRun")), e.actor(), output);
                }).toList();
        return new IncidentSections(pages, remediation);
    }

    private static String firstOf(Object... values) {
        for (Object v : values) {
            if (v != null && !String.valueOf(v).isBlank()) {
                return String.valueOf(v);
            }
        }
        return "";
    }

    private static String text(Object v) {
        return Objects.toString(v, "");
    }
}

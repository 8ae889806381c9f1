package io.tocsin.incident.audit;

import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentDetails;
import io.tocsin.incident.timeline.TimelineEntry;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TreeSet;

/**
 * A Markdown post-mortem draft after the seed runbook's template (Incident Response §5): front matter,
 * summary, UTC timeline from the incident's own entries, impact, root cause, what went well / poorly,
 * where we got lucky, action items, detection and process improvements. Facts Tocsin knows are filled
 * in; judgement is left for people.
 */
public final class PostMortems {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private PostMortems() {
    }

    public static String draft(IncidentDetails details, List<TimelineEntry> entries) {
        Incident i = details.incident();
        String duration = i.resolvedAt() == null ? "<ongoing>"
                : String.valueOf(Duration.between(i.openedAt(), i.resolvedAt()).toMinutes());
        TreeSet<String> responders = new TreeSet<>();
        for (TimelineEntry e : entries) {
            if (e.actor().startsWith("slack:") || e.actor().startsWith("api:") || e.actor().startsWith("console:")) {
                responders.add(e.actor());
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("---\n")
                .append("title: Post-mortem — ").append(oneLine(i.title())).append(" (").append(i.key()).append(")\n")
                .append("date: ").append(DATE.format(i.openedAt())).append('\n')
                .append("severity: ").append(i.severity()).append('\n')
                .append("duration: ").append(duration).append('\n')
                .append("authors: [<names>]\n")
                .append("tags: [postmortem]\n")
                .append("---\n\n");
        md.append("## Summary\n\n")
                .append(i.key()).append(" (").append(i.severity()).append(") — ").append(oneLine(i.title()))
                .append(i.service() == null ? "" : ", service " + i.service()).append(". Opened ")
                .append(TIME.format(i.openedAt())).append(" UTC")
                .append(i.acknowledgedAt() == null ? "" : ", acknowledged " + TIME.format(i.acknowledgedAt()) + " UTC by "
                        + i.acknowledgedBy())
                .append(i.resolvedAt() == null ? ", not resolved yet" : ", resolved " + TIME.format(i.resolvedAt()) + " UTC by "
                        + i.resolvedBy() + " after " + duration + " minutes")
                .append(". ").append(details.alerts().size()).append(" alert(s).\n\n")
                .append("<One paragraph: what broke, who was affected, how long, how it was fixed.>\n\n");
        md.append("## Timeline (UTC)\n\n");
        for (TimelineEntry e : entries) {
            md.append("- ").append(TIME.format(e.at())).append(" — ").append(oneLine(e.summary()))
                    .append(" (").append(e.actor()).append(")\n");
        }
        md.append("\n## Impact\n\n")
                .append("- Users affected: <count or %>\n")
                .append("- Features affected: ").append(i.service() == null ? "<list>" : i.service() + ", <list>").append('\n')
                .append("- Money affected: <if payments>\n")
                .append("- Data loss: <yes/no — describe>\n\n");
        md.append("## Root cause\n\n<Honest, blameless. Distinguish trigger vs underlying cause.>\n\n");
        md.append("## What went well\n\n- ...\n\n## What went poorly\n\n- ...\n\n## Where we got lucky\n\n- ...\n\n");
        md.append("## Action items\n\n| # | Item | Owner | Due | Ticket |\n|---|------|-------|-----|--------|\n| 1 | | | | |\n\n");
        md.append("## Detection improvements\n\nWhat new alert / dashboard would have caught this earlier?\n\n");
        md.append("## Process improvements\n\nWhat runbook / docs need updating?\n\n");
        md.append("---\nResponders on the timeline: ").append(responders.isEmpty() ? "none" : String.join(", ", responders))
                .append(". Timeline verified by hash chain; see GET /api/v1/incidents/").append(i.key())
                .append("/timeline/verification.\n");
        return md.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }
}

package io.tocsin.incident.console;

import io.tocsin.incident.audit.PostMortems;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentDetails;
import io.tocsin.incident.incident.IncidentQueries;
import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineCsv;
import io.tocsin.incident.timeline.TimelineEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * What an auditor takes away from an incident page, with the console's session (AUDITOR and above): the timeline as
 * JSON (the API's shape) or CSV ({@link TimelineCsv}), and the post-mortem draft as Markdown ({@link PostMortems}) or
 * rendered ({@code /postmortem}).
 */
@Controller
@RequestMapping("/console/incidents/{key}")
class ConsoleExports {

    private final IncidentQueries incidents;
    private final Timeline timeline;

    ConsoleExports(IncidentQueries incidents, Timeline timeline) {
        this.incidents = incidents;
        this.timeline = timeline;
    }

    @GetMapping(path = "/timeline.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<TimelineEntry>> json(@PathVariable String key) {
        Incident incident = incidents.find(key);
        return ResponseEntity.ok().header("Content-Disposition", attachment(incident, "-timeline.json"))
                .body(timeline.entries(incident.id()));
    }

    @GetMapping(path = "/timeline.csv")
    ResponseEntity<String> csv(@PathVariable String key) {
        Incident incident = incidents.find(key);
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header("Content-Disposition", attachment(incident, "-timeline.csv"))
                .body(TimelineCsv.of(timeline.entries(incident.id())));
    }

    @GetMapping(path = "/postmortem.md")
    ResponseEntity<String> postmortem(@PathVariable String key) {
        IncidentDetails details = incidents.details(key);
        return ResponseEntity.ok().contentType(new MediaType("text", "markdown", StandardCharsets.UTF_8))
                .header("Content-Disposition", attachment(details.incident(), "-postmortem.md"))
                .body(PostMortems.draft(details, timeline.entries(details.incident().id())));
    }

    /** The post-mortem draft read in the console (Markdown rendered, its HTML escaped: {@link Markdown}). */
    @GetMapping(path = "/postmortem")
    String postmortemPage(@PathVariable String key, org.springframework.ui.Model model) {
        IncidentDetails details = incidents.details(key);
        model.addAttribute("key", details.incident().key());
        Markdown.Document draft = Markdown.split(PostMortems.draft(details, timeline.entries(details.incident().id())));
        model.addAttribute("meta", draft.frontMatter());
        model.addAttribute("html", Markdown.toHtml(draft.body()));
        return "console/postmortem";
    }

    private static String attachment(Incident incident, String suffix) {
        return "attachment; filename=\"" + incident.key() + suffix + "\"";
    }
}

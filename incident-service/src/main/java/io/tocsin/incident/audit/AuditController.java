package io.tocsin.incident.audit;

import io.tocsin.incident.escalation.EscalationPolicy;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentDetails;
import io.tocsin.incident.incident.IncidentFilter;
import io.tocsin.incident.incident.IncidentQueries;
import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Auditor endpoints (role AUDITOR):
 * <ul>
 *   <li>{@code GET /api/v1/audit/verify?from=&to=}: recomputes the hash chain of every incident with entries in
 *   the period; {@code {"status":"intact","incidentsChecked","entriesChecked"}} or the first broken link
 *   {@code {"status":"broken","incident","incidentId","sequence","reason","expected","actual",…}};</li>
 *   <li>{@code GET /api/v1/reports/response-times?from=&to=&groupBy=severity|service|acknowledger|schedule}:
 *   {@link ResponseTimes} as JSON, or CSV with {@code Accept: text/csv}; {@code acknowledger} groups by who
 *   acknowledged (a Slack user as their on-call person), {@code schedule} by the schedule paged first (MTTA per person
 *   and per schedule, issue 18);</li>
 *   <li>{@code GET /api/v1/incidents/{id}/postmortem}: a Markdown draft ({@link PostMortems}).</li>
 * </ul>
 * {@code from} and {@code to} are RFC 3339; default the last 30 days.
 */
@RestController
class AuditController {

    private final IncidentQueries incidents;
    private final Timeline timeline;
    private final EscalationPolicy policy;
    private final Clock clock;
    private final io.tocsin.oncall.OnCallConfig oncall;
    private final ChainAudit chains;

    AuditController(IncidentQueries incidents, Timeline timeline, EscalationPolicy policy, Clock clock,
                    io.tocsin.oncall.OnCallConfig oncall, ChainAudit chains) {
        this.oncall = oncall;
        this.chains = chains;
        this.incidents = incidents;
        this.timeline = timeline;
        this.policy = policy;
        this.clock = clock;
    }

    @GetMapping(path = "/api/v1/audit/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> verify(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Instant end = instant("to", to, clock.instant());
        Instant start = instant("from", from, end.minus(java.time.Duration.ofDays(30)));
        ChainAudit.Result r = chains.verify(start, end);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", r.intact() ? "intact" : "broken");
        if (!r.intact()) {
            body.put("incident", r.incident());
            body.put("incidentId", r.incidentId());
            body.put("sequence", r.sequence());
            body.put("reason", r.reason());
            body.put("expected", r.expected());
            body.put("actual", r.actual());
            body.put("incidentsChecked", r.incidentsChecked());
        } else {
            body.put("incidentsChecked", r.incidentsChecked());
            body.put("entriesChecked", r.entriesChecked());
        }
        body.put("from", start);
        body.put("to", end);
        return ResponseEntity.ok(body);
    }

    @GetMapping(path = "/api/v1/reports/response-times", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> responseTimes(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                      @RequestParam(defaultValue = "severity") String groupBy) {
        Report r = report(from, to, groupBy);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", r.from());
        body.put("to", r.to());
        body.put("groupBy", groupBy);
        body.put("groups", r.groups());
        return body;
    }

    @GetMapping(path = "/api/v1/reports/response-times", produces = "text/csv")
    ResponseEntity<String> responseTimesCsv(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                            @RequestParam(defaultValue = "severity") String groupBy) throws IOException {
        Report r = report(from, to, groupBy);
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(ResponseTimes.CSV_HEADER).get())) {
            for (List<Object> row : ResponseTimes.csvRows(r.groups())) {
                csv.printRecord(row);
            }
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .body(out.toString());
    }

    @GetMapping(path = "/api/v1/incidents/{id}/postmortem", produces = "text/markdown")
    ResponseEntity<String> postmortem(@PathVariable String id) {
        IncidentDetails details = incidents.details(id);
        String md = PostMortems.draft(details, timeline.entries(details.incident().id()));
        return ResponseEntity.ok().contentType(new MediaType("text", "markdown", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "inline; filename=\"" + details.incident().key() + "-postmortem.md\"")
                .body(md);
    }

    private record Report(Instant from, Instant to, List<ResponseTimes.Group> groups) {
    }

    private Report report(String from, String to, String groupBy) {
        if (!List.of("severity", "service", "acknowledger", "schedule").contains(groupBy)) {
            throw new IllegalArgumentException("groupBy: must be severity, service, acknowledger or schedule, was '"
                    + groupBy + "'");
        }
        Instant end = instant("to", to, clock.instant());
        Instant start = instant("from", from, end.minus(java.time.Duration.ofDays(30)));
        List<Incident> all = new ArrayList<>();
        int page = 0;
        while (true) {
            var chunk = incidents.page(new IncidentFilter(null, null, null, start, end, page++, 500));
            all.addAll(chunk.items());
            if (chunk.items().size() < 500) {
                break;
            }
        }
        Instant asOf = end.isBefore(clock.instant()) ? end : clock.instant();
        java.util.function.Function<Incident, String> key = switch (groupBy) {
            case "acknowledger" -> i -> acknowledger(i.acknowledgedBy());
            case "schedule" -> {
                Map<UUID, String> firstPaged = timeline.firstDetail(all.stream().map(Incident::id).toList(),
                        TimelineEntryType.PAGE_SENT, "target");
                yield i -> schedule(firstPaged.get(i.id()));
            }
            default -> null;
        };
        return new Report(start, end, key == null ? ResponseTimes.compute(all, groupBy, policy.targets(), asOf)
                : ResponseTimes.compute(all, key, policy.targets(), asOf));
    }

    /** A Slack actor as the on-call person it is ({@code Alice Example (alice)}); other actors as recorded. */
    private String acknowledger(String actor) {
        if (actor == null) {
            return "(not acknowledged)";
        }
        if (actor.startsWith("slack:")) {
            return oncall.bySlackId(actor.substring("slack:".length())).map(p -> p.name() + " (" + p.id() + ")").orElse(actor);
        }
        return actor;
    }

    /** {@code schedule primary/backup} → {@code primary}; no schedule paged first → {@code (none)}. */
    private static String schedule(String target) {
        if (target == null || !target.startsWith("schedule ")) {
            return "(none)";
        }
        String name = target.substring("schedule ".length());
        int layer = name.indexOf('/');
        return layer < 0 ? name : name.substring(0, layer);
    }

    private static Instant instant(String name, String value, Instant fallback) {
        Instant parsed = io.tocsin.incident.api.ApiTimes.instant(name, value);
        return parsed == null ? fallback : parsed;
    }
}

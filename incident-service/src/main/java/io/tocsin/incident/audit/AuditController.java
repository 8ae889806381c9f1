package io.tocsin.incident.audit;

import io.tocsin.incident.escalation.EscalationPolicy;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentDetails;
import io.tocsin.incident.incident.IncidentFilter;
import io.tocsin.incident.incident.IncidentQueries;
import io.tocsin.incident.timeline.ChainVerification;
import io.tocsin.incident.timeline.Timeline;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
 *   <li>{@code GET /api/v1/reports/response-times?from=&to=&groupBy=severity|service}: {@link ResponseTimes} as
 *   JSON, or CSV with {@code Accept: text/csv};</li>
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

    AuditController(IncidentQueries incidents, Timeline timeline, EscalationPolicy policy, Clock clock) {
        this.incidents = incidents;
        this.timeline = timeline;
        this.policy = policy;
        this.clock = clock;
    }

    @GetMapping(path = "/api/v1/audit/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> verify(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Instant end = instant("to", to, clock.instant());
        Instant start = instant("from", from, end.minus(java.time.Duration.ofDays(30)));
        int incidentsChecked = 0;
        int entriesChecked = 0;
        for (UUID id : timeline.incidentsWithEntriesBetween(start, end)) {
            ChainVerification v = timeline.verify(id);
            incidentsChecked++;
            entriesChecked += v.entries();
            if (!v.valid()) {
                Map<String, Object> broken = new LinkedHashMap<>();
                broken.put("status", "broken");
                broken.put("incident", incidents.find(id.toString()).key());
                broken.put("incidentId", id);
                broken.put("sequence", v.brokenSequence());
                broken.put("reason", v.reason());
                broken.put("expected", v.expected());
                broken.put("actual", v.actual());
                broken.put("incidentsChecked", incidentsChecked);
                broken.put("from", start);
                broken.put("to", end);
                return ResponseEntity.ok(broken);
            }
        }
        Map<String, Object> intact = new LinkedHashMap<>();
        intact.put("status", "intact");
        intact.put("incidentsChecked", incidentsChecked);
        intact.put("entriesChecked", entriesChecked);
        intact.put("from", start);
        intact.put("to", end);
        return ResponseEntity.ok(intact);
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
        if (!groupBy.equals("severity") && !groupBy.equals("service")) {
            throw new IllegalArgumentException("groupBy: must be severity or service, was '" + groupBy + "'");
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
        return new Report(start, end, ResponseTimes.compute(all, groupBy, policy.targets(), asOf));
    }

    private static Instant instant(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": must be an RFC 3339 timestamp, was '" + value + "'");
        }
    }
}

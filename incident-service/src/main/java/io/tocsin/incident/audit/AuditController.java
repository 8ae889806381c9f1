package io.tocsin.incident.audit;

import io.tocsin.incident.incident.IncidentDetails;
import io.tocsin.incident.incident.IncidentQueries;
import io.tocsin.incident.timeline.Timeline;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *   <li>{@code GET /api/v1/audit/reads?from=&to=&principal=&refreshes=false&before=&limit=100}: who read what
 *   ({@link ReadAccesses}), newest first: {@code {"from","to","reads":[{"id","at","principal","path","query","status",
 *   "refresh"}],"nextBefore"}} — {@code nextBefore} (the next page's {@code before}) is null on the last page;
 *   {@code refreshes=true} includes the console list's automatic refreshes; {@code limit} 1 … 500 else 400;</li>
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
    private final Clock clock;
    private final ChainAudit chains;
    private final ResponseTimeReports reports;
    private final ReadAccesses readAccesses;

    AuditController(IncidentQueries incidents, Timeline timeline, Clock clock, ChainAudit chains,
                    ResponseTimeReports reports, ReadAccesses readAccesses) {
        this.readAccesses = readAccesses;
        this.incidents = incidents;
        this.timeline = timeline;
        this.clock = clock;
        this.chains = chains;
        this.reports = reports;
    }

    @GetMapping(path = "/api/v1/audit/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> verify(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        io.tocsin.incident.api.ApiTimes.Period period = io.tocsin.incident.api.ApiTimes.period(from, to, clock.instant());
        Instant start = period.start();
        Instant end = period.end();
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

    @GetMapping(path = "/api/v1/audit/reads", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> reads(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                              @RequestParam(required = false) String principal,
                              @RequestParam(defaultValue = "false") boolean refreshes,
                              @RequestParam(required = false) Long before, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > ReadAccesses.MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + ReadAccesses.MAX_PAGE);
        }
        io.tocsin.incident.api.ApiTimes.Period period = io.tocsin.incident.api.ApiTimes.period(from, to, clock.instant());
        java.util.List<ReadAccesses.Read> page = readAccesses.list(period.start(), period.end(), principal, refreshes, before, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", period.start());
        body.put("to", period.end());
        body.put("reads", page);
        body.put("nextBefore", page.size() == limit ? page.getLast().id() : null);
        return body;
    }

    @GetMapping(path = "/api/v1/reports/response-times", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> responseTimes(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                      @RequestParam(defaultValue = "severity") String groupBy) {
        ResponseTimeReports.Report r = report(from, to, groupBy);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", r.from());
        body.put("to", r.to());
        body.put("groupBy", groupBy);
        body.put("groups", r.groups());
        return body;
    }

    @GetMapping(path = "/api/v1/reports/response-times", produces = "text/csv")
    ResponseEntity<String> responseTimesCsv(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                            @RequestParam(defaultValue = "severity") String groupBy) {
        ResponseTimeReports.Report r = report(from, to, groupBy);
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .body(ResponseTimes.csv(r.groups()));
    }

    @GetMapping(path = "/api/v1/incidents/{id}/postmortem", produces = "text/markdown")
    ResponseEntity<String> postmortem(@PathVariable String id) {
        IncidentDetails details = incidents.details(id);
        String md = PostMortems.draft(details, timeline.entries(details.incident().id()));
        return ResponseEntity.ok().contentType(new MediaType("text", "markdown", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "inline; filename=\"" + details.incident().key() + "-postmortem.md\"")
                .body(md);
    }

    private ResponseTimeReports.Report report(String from, String to, String groupBy) {
        io.tocsin.incident.api.ApiTimes.Period period = io.tocsin.incident.api.ApiTimes.period(from, to, clock.instant());
        return reports.of(period.start(), period.end(), groupBy);
    }
}

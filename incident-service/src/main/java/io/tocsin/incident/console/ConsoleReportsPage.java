package io.tocsin.incident.console;

import io.tocsin.incident.audit.ResponseTimeReports;
import io.tocsin.incident.audit.ResponseTimes;
import io.tocsin.incident.escalation.EscalationPolicy;
import io.tocsin.incident.escalation.EscalationSettings;
import io.tocsin.incident.incident.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code GET /console/reports?weeks=&groupBy=} (AUDITOR and above): MTTA and MTTR of the incidents opened in the last
 * {@code weeks} weeks (1–52, default 8), grouped by severity, service, acknowledger or schedule
 * ({@link ResponseTimeReports}, as {@code GET /api/v1/reports/response-times}): a table of the whole period, and per
 * week the median time to acknowledge and to resolve as server-drawn SVG charts ({@link LineChart}) with seed 000's
 * targets drawn in when grouped by severity. {@code /console/reports/response-times.csv} is the table as CSV.
 */
@Controller
class ConsoleReportsPage {

    private static final DateTimeFormatter WEEK = DateTimeFormatter.ofPattern("MMM d").withZone(ZoneOffset.UTC);
    private final ResponseTimeReports reports;
    private final EscalationPolicy policy;
    private final Clock clock;

    ConsoleReportsPage(ResponseTimeReports reports, EscalationPolicy policy, Clock clock) {
        this.reports = reports;
        this.policy = policy;
        this.clock = clock;
    }

    @GetMapping("/console/reports")
    String reports(@RequestParam(defaultValue = "8") String weeks, @RequestParam(defaultValue = "severity") String groupBy,
                   Model model) {
        model.addAttribute("weeks", weeks);
        model.addAttribute("groupBy", groupBy);
        model.addAttribute("groupings", ResponseTimeReports.GROUP_BY);
        List<String> problems = new ArrayList<>();
        int w = weeks(weeks, problems);
        if (!ResponseTimeReports.GROUP_BY.contains(groupBy)) {
            problems.add("groupBy must be one of " + ResponseTimeReports.GROUP_BY + ", was '" + groupBy + "'");
        }
        model.addAttribute("problems", problems);
        if (!problems.isEmpty()) {
            return "console/reports";
        }
        Instant to = clock.instant();
        Instant from = to.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(7L * w - 1));
        model.addAttribute("report", reports.of(from, to, groupBy));
        List<ResponseTimeReports.Report> byWeek = reports.overTime(from, to, Duration.ofDays(7), groupBy);
        List<String> periods = byWeek.stream().map(r -> "wk of " + WEEK.format(r.from())).toList();
        model.addAttribute("mtta", chart("Median time to acknowledge (MTTA p50) per week", periods, byWeek,
                g -> g.mtta().p50(), "severity".equals(groupBy), EscalationSettings.Target::acknowledge, "acknowledge"));
        model.addAttribute("mttr", chart("Median time to resolve (MTTR p50) per week", periods, byWeek,
                g -> g.mttr().p50(), "severity".equals(groupBy), EscalationSettings.Target::resolve, "resolve"));
        return "console/reports";
    }

    /** The whole period's table as CSV, the API's columns ({@code ResponseTimes}). */
    @GetMapping("/console/reports/response-times.csv")
    ResponseEntity<String> csv(@RequestParam(defaultValue = "8") String weeks,
                               @RequestParam(defaultValue = "severity") String groupBy) {
        List<String> problems = new ArrayList<>();
        int w = weeks(weeks, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0));
        }
        Instant to = clock.instant();
        Instant from = to.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(7L * w - 1));
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"response-times.csv\"")
                .body(ResponseTimes.csv(reports.of(from, to, groupBy).groups()));
    }

    private LineChart chart(String title, List<String> periods, List<ResponseTimeReports.Report> byWeek,
                            Function<ResponseTimes.Group, Long> figure, boolean severities,
                            Function<EscalationSettings.Target, Duration> target, String verb) {
        Map<String, List<Long>> values = new TreeMap<>();
        Map<String, List<String>> notes = new TreeMap<>();
        for (int i = 0; i < byWeek.size(); i++) {
            for (ResponseTimes.Group g : byWeek.get(i).groups()) {
                int at = i;
                values.computeIfAbsent(g.group(), k -> nulls(byWeek.size())).set(at, figure.apply(g));
                notes.computeIfAbsent(g.group(), k -> nulls(byWeek.size())).set(at, " (" + g.incidents() + " incidents)");
            }
        }
        Map<String, Map.Entry<String, Long>> targets = new LinkedHashMap<>();
        if (severities) {
            for (Severity s : Severity.values()) {
                EscalationSettings.Target t = policy.targets().get(s);
                Duration d = t == null ? null : target.apply(t);
                if (d != null && values.containsKey(s.name())) {
                    targets.put(s.name() + " target to " + verb + ": " + LineChart.duration(d.toSeconds()),
                            Map.entry(s.name(), d.toSeconds()));
                }
            }
        }
        return LineChart.of(title, periods, values, notes, targets);
    }

    private static <T> List<T> nulls(int n) {
        List<T> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(null);
        }
        return list;
    }

    private static int weeks(String weeks, List<String> problems) {
        try {
            int w = Integer.parseInt(weeks.strip());
            if (w >= 1 && w <= 52) {
                return w;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        problems.add("weeks must be a whole number from 1 to 52, was '" + weeks + "'");
        return 8;
    }
}

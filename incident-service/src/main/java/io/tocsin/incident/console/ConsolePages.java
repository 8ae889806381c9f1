package io.tocsin.incident.console;

import io.tocsin.incident.api.ApiTimes;
import io.tocsin.incident.incident.IncidentDetails;
import io.tocsin.incident.incident.IncidentFilter;
import io.tocsin.incident.incident.IncidentPage;
import io.tocsin.incident.incident.IncidentQueries;
import io.tocsin.incident.incident.IncidentStatus;
import io.tocsin.incident.incident.Severity;
import io.tocsin.incident.timeline.ChainVerification;
import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineEntry;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's pages (issue 20), server-rendered with Thymeleaf and usable without JavaScript:
 * {@code /console/incidents} (filters by status, severity, service and opening time; newest first, 50 a page; its rows
 * refreshed every 15 s from {@code /console/incidents/rows} where JavaScript runs),
 * {@code /console/incidents/{key}} (summary, alerts with their links, the timeline with actors and trace ids, the
 * chain's verification and how to pin its head, and the responder's actions), {@code /console/login} and
 * {@code /console/denied}. Reads go through {@link IncidentQueries} and {@link Timeline}, as the REST API's do.
 */
@Controller
@RequestMapping("/console")
class ConsolePages {

    /** Alerts and timeline entries shown per page of an incident. */
    static final int PER_PAGE = 200;
    private final IncidentQueries incidents;
    private final Timeline timeline;
    private final ConsoleSettings settings;
    private final Clock clock;

    ConsolePages(IncidentQueries incidents, Timeline timeline, ConsoleSettings settings, Clock clock) {
        this.incidents = incidents;
        this.timeline = timeline;
        this.settings = settings;
        this.clock = clock;
    }

    @GetMapping({"", "/"})
    String home() {
        return "redirect:/console/incidents";
    }

    /** The sign-in page: the provider's button, or how to get a one-time link. */
    @GetMapping("/login")
    String login(HttpServletRequest request, Model model) {
        model.addAttribute("oidc", settings.usesOidc());
        Object failure = request.getSession(false) == null ? null
                : request.getSession(false).getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        if (failure != null) {
            request.getSession(false).removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION); // shown once
        }
        if (request.getParameter("failed") != null) {
            model.addAttribute("failure", failure instanceof AuthenticationException e ? e.getMessage()
                    : "Sign-in failed.");
        }
        return "console/login";
    }

    /**
     * Reached only when the sign-in page asked for a link too soon after the last one (Spring Security's link filter
     * answers every other such POST, {@link LocalSignIn#resolve}): no new link.
     */
    @org.springframework.web.bind.annotation.PostMapping("/login/link")
    String linkTooSoon() {
        return "redirect:/console/login?linkTooSoon";
    }

    /** Where a one-time link leads: a form that signs in with its token (a POST, so link previews sign nobody in). */
    @GetMapping("/login/ott")
    String oneTimeLink(@RequestParam(defaultValue = "") String token, Model model) {
        model.addAttribute("token", token);
        return "console/login-ott";
    }

    /** Where a form arrives whose CSRF token is missing or stale (its session ended): sign in and send it again. */
    @RequestMapping("/expired")
    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.FORBIDDEN)
    String expired() {
        return "console/expired";
    }

    /** Where Spring Security forwards a request the person's role may not make, whatever its method. */
    @RequestMapping("/denied")
    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.FORBIDDEN)
    String denied() {
        return "console/denied";
    }

    /** The incident list; a filter value that does not parse is named on the page, and the list is unfiltered by it. */
    @GetMapping("/incidents")
    String list(@RequestParam(required = false) String status, @RequestParam(required = false) String severity,
                @RequestParam(required = false) String service, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page, Model model) {
        fill(status, severity, service, from, to, page, model);
        model.addAttribute("declareId", java.util.UUID.randomUUID()); // a double submit declares once
        return "console/incidents";
    }

    /** The list's rows alone, which the page fetches again every 15 s (htmx) so it stays live without a reload. */
    @GetMapping("/incidents/rows")
    String rows(@RequestParam(required = false) String status, @RequestParam(required = false) String severity,
                @RequestParam(required = false) String service, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page, Model model) {
        fill(status, severity, service, from, to, page, model);
        return "console/incidents :: rows";
    }

    private void fill(String status, String severity, String service, String from, String to, int page, Model model) {
        List<String> problems = new ArrayList<>();
        IncidentStatus statusFilter = parse(problems, "status", status, () -> IncidentStatus.valueOf(
                status.strip().toUpperCase(Locale.ROOT)), "one of " + Arrays.toString(IncidentStatus.values()));
        Severity severityFilter = parse(problems, "severity", severity, () -> Severity.parse(severity).orElseThrow(),
                "one of SEV1, SEV2, SEV3, SEV4");
        Instant fromFilter = time(problems, "from", from);
        Instant toFilter = time(problems, "to", to);
        IncidentFilter filter = new IncidentFilter(statusFilter, severityFilter,
                service == null || service.isBlank() ? null : service.strip(), fromFilter, toFilter, Math.max(0, page), 50);
        IncidentPage result = incidents.page(filter);
        long lastPage = Math.max(0, (result.total() - 1) / 50);
        int pageNumber = (int) Math.min(Math.max(0, page), lastPage);
        if (pageNumber != filter.page()) { // past the end: the last page
            result = incidents.page(new IncidentFilter(filter.status(), filter.severity(), filter.service(), filter.from(),
                    filter.to(), pageNumber, 50));
        }
        model.addAttribute("rows", result.items().stream().map(i -> IncidentRow.of(i, clock.instant())).toList());
        model.addAttribute("total", result.total());
        model.addAttribute("page", pageNumber);
        model.addAttribute("pages", Math.max(1, (result.total() + 49) / 50));
        model.addAttribute("problems", problems);
        model.addAttribute("filter", new Filter(blank(status), blank(severity), blank(service), blank(from), blank(to)));
    }

    /** The incident page; {@code alerts} and {@code entries} are 0-based pages of {@link #PER_PAGE}. */
    @GetMapping("/incidents/{key}")
    String incident(@PathVariable String key, @RequestParam(defaultValue = "0") int alerts,
                    @RequestParam(defaultValue = "-1") int entries, Model model) {
        IncidentDetails details = incidents.details(key);
        List<TimelineEntry> all = timeline.entries(details.incident().id());
        ChainVerification chain = Timeline.verify(all);
        int entryPages = Math.max(1, (all.size() + PER_PAGE - 1) / PER_PAGE);
        int entryPage = entries < 0 || entries >= entryPages ? entryPages - 1 : entries; // the newest page by default
        int alertPages = Math.max(1, (details.alerts().size() + PER_PAGE - 1) / PER_PAGE);
        int alertPage = Math.min(Math.max(0, alerts), alertPages - 1);
        model.addAttribute("incident", IncidentRow.of(details.incident(), clock.instant()));
        model.addAttribute("details", details);
        model.addAttribute("alerts", slice(details.alerts(), alertPage).stream().map(AlertRow::of).toList());
        model.addAttribute("alertPage", alertPage);
        model.addAttribute("alertPages", alertPages);
        model.addAttribute("entries", slice(all, entryPage));
        model.addAttribute("entryPage", entryPage);
        model.addAttribute("entryPages", entryPages);
        model.addAttribute("entryCount", all.size());
        model.addAttribute("chain", chain);
        model.addAttribute("sections", IncidentSections.of(all));
        model.addAttribute("severities", Severity.values());
        return "console/incident";
    }

    private static <T> List<T> slice(List<T> all, int page) {
        int from = Math.min(all.size(), page * PER_PAGE);
        return all.subList(from, Math.min(all.size(), from + PER_PAGE));
    }

    private static <T> T parse(List<String> problems, String name, String value, java.util.function.Supplier<T> parser,
                               String expected) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return parser.get();
        } catch (RuntimeException e) {
            problems.add(name + " must be " + expected + ", was '" + value + "'");
            return null;
        }
    }

    /** The API's one RFC 3339 parser ({@link ApiTimes}); a value it refuses is named in {@code problems}. */
    private static Instant time(List<String> problems, String name, String value) {
        try {
            return ApiTimes.instant(name, value);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static String blank(String s) {
        return s == null ? "" : s;
    }

    /** The filter form's values, as entered. */
    record Filter(String status, String severity, String service, String from, String to) {
    }
}

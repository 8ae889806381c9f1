package io.tocsin.incident.console;

import io.tocsin.incident.api.ApiTimes;
import io.tocsin.incident.audit.ReadAccesses;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code GET /console/audit/reads?principal=&from=&to=&refreshes=&before=} (AUDITOR and above): who read which API
 * resource or console page, when, with what answer ({@link ReadAccesses}, as {@code GET /api/v1/audit/reads}), newest
 * first, 100 a page ("Older reads" passes {@code before}). The console list's automatic refreshes are hidden unless
 * {@code refreshes=true}. {@code from} and {@code to} are RFC 3339, default the last 30 days; a value that does not
 * parse is named on the page and nothing is listed. This page's own reads are recorded too.
 */
@Controller
class ConsoleReadsPage {

    static final int PAGE = 100;

    private final ReadAccesses reads;
    private final Clock clock;

    ConsoleReadsPage(ReadAccesses reads, Clock clock) {
        this.reads = reads;
        this.clock = clock;
    }

    @GetMapping("/console/audit/reads")
    String reads(@RequestParam(required = false) String principal, @RequestParam(required = false) String from,
                 @RequestParam(required = false) String to, @RequestParam(defaultValue = "false") boolean refreshes,
                 @RequestParam(required = false) Long before, Model model) {
        model.addAttribute("principal", principal == null ? "" : principal);
        model.addAttribute("from", from == null ? "" : from);
        model.addAttribute("to", to == null ? "" : to);
        model.addAttribute("refreshes", refreshes);
        List<ReadAccesses.Read> page = List.of();
        try {
            ApiTimes.Period period = ApiTimes.period(from, to, clock.instant());
            page = reads.list(period.start(), period.end(), principal, refreshes, before, PAGE);
        } catch (IllegalArgumentException e) { // the API's RFC 3339 parser names the parameter
            model.addAttribute("problem", e.getMessage());
        }
        model.addAttribute("reads", page);
        model.addAttribute("olderUrl", page.size() < PAGE ? null : UriComponentsBuilder.fromPath("/console/audit/reads")
                .queryParam("principal", principal == null ? "" : principal).queryParam("from", from == null ? "" : from)
                .queryParam("to", to == null ? "" : to).queryParam("refreshes", refreshes)
                .queryParam("before", page.getLast().id()).encode().build().toUriString());
        return "console/reads";
    }
}

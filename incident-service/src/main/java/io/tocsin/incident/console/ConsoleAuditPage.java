package io.tocsin.incident.console;

import io.tocsin.incident.api.ApiTimes;
import io.tocsin.incident.audit.ChainAudit;
import java.time.Clock;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code GET /console/audit?from=&to=} (AUDITOR and above): recomputes every hash chain with entries in the period
 * ({@link ChainAudit}, as {@code GET /api/v1/audit/verify}) and shows whether all are intact, or the first broken link.
 * {@code from} and {@code to} are RFC 3339; default the last 30 days; a value that does not parse is named on the page
 * and nothing is checked.
 */
@Controller
class ConsoleAuditPage {

    private final ChainAudit chains;
    private final Clock clock;

    ConsoleAuditPage(ChainAudit chains, Clock clock) {
        this.chains = chains;
        this.clock = clock;
    }

    @GetMapping("/console/audit")
    String audit(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model) {
        model.addAttribute("from", from == null ? "" : from);
        model.addAttribute("to", to == null ? "" : to);
        if (from == null && to == null) {
            return "console/audit"; // the form only: an audit of everything runs when asked
        }
        try {
            ApiTimes.Period period = ApiTimes.period(from, to, clock.instant());
            if (!period.start().isBefore(period.end())) {
                model.addAttribute("problem", "from must be before to");
            } else {
                model.addAttribute("result", chains.verify(period.start(), period.end()));
            }
        } catch (IllegalArgumentException e) { // the API's RFC 3339 parser names the parameter
            model.addAttribute("problem", e.getMessage());
        }
        return "console/audit";
    }
}

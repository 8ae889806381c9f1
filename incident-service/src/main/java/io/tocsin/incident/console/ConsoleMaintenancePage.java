package io.tocsin.incident.console;

import io.tocsin.contracts.alerts.LabelMatcher;
import io.tocsin.incident.api.ApiTimes;
import io.tocsin.incident.maintenance.MaintenanceWindow;
import io.tocsin.incident.maintenance.MaintenanceWindows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Maintenance windows in the console ({@link MaintenanceWindows}, as {@code /api/v1/maintenance-windows}):
 * {@code GET /console/maintenance} lists them (AUDITOR and above); {@code POST /console/maintenance} creates one and
 * {@code POST /console/maintenance/{id}/end} ends one now (ADMIN, as the API). Matchers are written as in Alertmanager
 * and Prometheus, one per line ({@code service="checkout"}, {@code env=~"prod.*"}); times are RFC 3339, an empty start
 * meaning now. A refused form comes back with its values and the reason; the creator is {@code console:<name>}.
 */
@Controller
class ConsoleMaintenancePage {

    private final MaintenanceWindows windows;

    ConsoleMaintenancePage(MaintenanceWindows windows) {
        this.windows = windows;
    }

    @GetMapping("/console/maintenance")
    String list(Model model) {
        Instant now = windows.now();
        model.addAttribute("windows", windows.list().stream().map(w -> new Row(w, state(w, now))).toList());
        return "console/maintenance";
    }

    /** A window and its state now: {@code pending}, {@code active} or {@code expired}. */
    record Row(MaintenanceWindow window, String state) {
        public String matchers() {
            return String.join(", ", window.matchers().stream().map(m -> m.name() + (m.isEqual() ? "=" : "!")
                    + (m.isRegex() ? "~" : m.isEqual() ? "" : "=") + "\"" + m.value() + "\"").toList());
        }
    }

    @PostMapping("/console/maintenance")
    String create(@RequestParam(defaultValue = "") String matchers, @RequestParam(defaultValue = "") String startsAt,
                  @RequestParam(defaultValue = "") String endsAt, @RequestParam(defaultValue = "") String comment,
                  Authentication auth, RedirectAttributes flash) {
        try {
            MaintenanceWindow w = windows.create(matchers(matchers), time("startsAt", startsAt), time("endsAt", endsAt),
                    comment, ConsoleActions.actor(auth));
            flash.addFlashAttribute("message", "Window created: " + w.comment());
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage());
            flash.addFlashAttribute("form", new Form(matchers, startsAt, endsAt, comment));
        }
        return "redirect:/console/maintenance";
    }

    @PostMapping("/console/maintenance/{id}/end")
    String end(@PathVariable UUID id, Authentication auth, RedirectAttributes flash) {
        if (windows.end(id, ConsoleActions.actor(auth)).isPresent()) {
            flash.addFlashAttribute("message", "Window ended.");
        } else {
            flash.addFlashAttribute("error", "No window " + id + ".");
        }
        return "redirect:/console/maintenance";
    }

    /**
     * The create form's values, given back when it was refused: a flash attribute, kept in the session (in PostgreSQL,
     * {@link ConsoleSessions}) until the redirect's page reads it, so serialisable.
     */
    record Form(String matchers, String startsAt, String endsAt, String comment) implements java.io.Serializable {
    }

    private static List<MaintenanceWindow.Matcher> matchers(String text) {
        List<MaintenanceWindow.Matcher> out = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            LabelMatcher m = LabelMatcher.parse(line.strip().replaceAll(",$", ""));
            out.add(new MaintenanceWindow.Matcher(m.label(), m.value(), m.op().contains("~"), m.op().startsWith("=")));
        }
        return out;
    }

    private static Instant time(String name, String value) {
        return ApiTimes.instant(name, value); // the API's one RFC 3339 parser; null when blank
    }

    private static String state(MaintenanceWindow w, Instant now) {
        return now.isBefore(w.startsAt()) ? "pending" : now.isBefore(w.endsAt()) ? "active" : "expired";
    }
}

package io.tocsin.incident.console;

import io.tocsin.incident.oncall.OnCallOverrides;
import io.tocsin.oncall.Schedule;
import io.tocsin.oncall.Shift;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /console/oncall} (AUDITOR and above): who is on call now in each schedule of {@code TOCSIN_ONCALL_CONFIG}
 * with the overrides added through the API ({@link OnCallOverrides}): whom a page reaches, every layer's person, and
 * who is next — as {@code GET /api/v1/oncall}.
 */
@Controller
class ConsoleOnCallPage {

    private final OnCallOverrides schedules;
    private final Clock clock;

    ConsoleOnCallPage(OnCallOverrides schedules, Clock clock) {
        this.schedules = schedules;
        this.clock = clock;
    }

    /**
     * One schedule now.
     *
     * @param paged  whom paging the schedule reaches now, or {@code null} when nobody covers
     * @param layers each layer's shift now
     * @param next   who takes over when the paged shift ends, or {@code null}
     */
    record ScheduleNow(String name, String timeZone, Shift paged, List<Shift> layers, Shift next) {
    }

    @GetMapping("/console/oncall")
    String oncall(Model model) {
        Instant now = clock.instant();
        model.addAttribute("schedules", schedules.get().schedules().values().stream()
                .sorted(Comparator.comparing(Schedule::name))
                .map(s -> new ScheduleNow(s.name(), s.zone().getId(), s.paged(now).orElse(null), s.onCall(now),
                        s.next(now).orElse(null)))
                .toList());
        model.addAttribute("now", now);
        return "console/oncall";
    }
}

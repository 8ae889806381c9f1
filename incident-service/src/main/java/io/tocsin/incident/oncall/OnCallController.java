package io.tocsin.incident.oncall;

import io.tocsin.oncall.OnCallConfig;
import io.tocsin.oncall.Person;
import io.tocsin.oncall.Schedule;
import io.tocsin.oncall.Shift;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who is on call (AUDITOR and up): {@code GET /api/v1/oncall[?at=RFC 3339]} for every schedule, {@code GET
 * /api/v1/oncall/{schedule}[?at=…]} for one. Each schedule: {@code {"schedule","timeZone","at","layers":[shift…],
 * "paged": shift|null,"next": shift|null}}, a shift being {@code {"layer","person":{"id","name","slackUserId"},"start",
 * "end","override"}}; {@code paged} is whom paging the schedule reaches at that instant (its first covering layer),
 * {@code next} who takes over when that shift ends. Unknown schedule: 404; a bad {@code at}: 400. Shifts as iCalendar
 * (RFC 5545) feeds: {@code /api/v1/oncall/{schedule}/calendar.ics}, {@code /api/v1/oncall/people/{id}/calendar.ics}.
 */
@RestController
class OnCallController {

    private final OnCallOverrides withOverrides;
    private final Clock clock;

    OnCallController(OnCallOverrides withOverrides, Clock clock) {
        this.withOverrides = withOverrides;
        this.clock = clock;
    }

    @GetMapping(path = "/api/v1/oncall", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> all(@RequestParam(required = false) String at) {
        Instant when = at(at);
        OnCallConfig config = withOverrides.get();
        List<Map<String, Object>> schedules = config.schedules().values().stream()
                .sorted(Comparator.comparing(Schedule::name)).map(s -> view(s, when)).toList();
        return Map.of("at", when.toString(), "schedules", schedules);
    }

    @GetMapping(path = "/api/v1/oncall/{schedule}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> one(@PathVariable String schedule, @RequestParam(required = false) String at) {
        Instant when = at(at);
        return withOverrides.get().schedule(schedule).map(s -> ResponseEntity.ok(view(s, when)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found",
                        "message", "schedule: no schedule named '" + schedule + "'")));
    }

    /**
     * A schedule's shifts as an iCalendar feed ({@code text/calendar}): every layer's shifts from {@code from} (RFC
     * 3339; default 7 days ago) to {@code days} after it (default 97: a week back, 90 days ahead; at most 365). Calendar apps that cannot send a header subscribe with
     * {@code ?access_token=<AUDITOR token>} (accepted on {@code .ics} feeds only).
     */
    @GetMapping(path = "/api/v1/oncall/{schedule}/calendar.ics")
    ResponseEntity<String> scheduleCalendar(@PathVariable String schedule, @RequestParam(required = false) String from,
                                            @RequestParam(required = false) String days) {
        Instant[] range = range(from, days);
        return withOverrides.get().schedule(schedule).map(s -> calendar("On call: " + s.name(), s.shifts(range[0], range[1]).stream()
                        .map(shift -> new OnCallCalendar.Entry(s.name(), shift)).toList(), false))
                .orElseGet(() -> notFound("schedule: no schedule named '" + schedule + "'"));
    }

    /** One person's shifts in every schedule as an iCalendar feed; as {@link #scheduleCalendar}. */
    @GetMapping(path = "/api/v1/oncall/people/{person}/calendar.ics")
    ResponseEntity<String> personCalendar(@PathVariable String person, @RequestParam(required = false) String from,
                                          @RequestParam(required = false) String days) {
        OnCallConfig config = withOverrides.get();
        Person who = config.people().get(person);
        if (who == null) {
            return notFound("person: no person with id '" + person + "'");
        }
        Instant[] range = range(from, days);
        List<OnCallCalendar.Entry> entries = config.schedules().values().stream()
                .sorted(Comparator.comparing(Schedule::name))
                .flatMap(s -> s.shifts(range[0], range[1]).stream().filter(shift -> shift.person().id().equals(person))
                        .map(shift -> new OnCallCalendar.Entry(s.name(), shift)))
                .sorted(Comparator.comparing(e -> e.shift().start()))
                .toList();
        return calendar("On call: " + who.name(), entries, true);
    }

    private static ResponseEntity<String> calendar(String name, List<OnCallCalendar.Entry> entries, boolean byPerson) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/calendar;charset=UTF-8"))
                .header("Content-Disposition", "inline; filename=\"oncall.ics\"")
                .body(OnCallCalendar.render(name, entries, byPerson));
    }

    private static ResponseEntity<String> notFound(String message) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                .body("{\"error\":\"not_found\",\"message\":" + io.tocsin.contracts.json.TocsinJson.mapper()
                        .writeValueAsString(message) + "}");
    }

    private Instant[] range(String from, String days) {
        int ahead = 97;
        if (days != null && !days.isBlank()) {
            try {
                ahead = Integer.parseInt(days.strip());
            } catch (NumberFormatException e) {
                ahead = -1;
            }
            if (ahead < 1 || ahead > 365) {
                throw new IllegalArgumentException("days: must be a whole number from 1 to 365, was '" + days + "'");
            }
        }
        Instant start = from == null || from.isBlank()
                ? clock.instant().truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(java.time.Duration.ofDays(7))
                : instant("from", from);
        return new Instant[] {start, start.plus(java.time.Duration.ofDays(ahead))};
    }

    private static Map<String, Object> view(Schedule s, Instant at) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("schedule", s.name());
        v.put("timeZone", s.zone().getId());
        v.put("at", at.toString());
        v.put("layers", s.onCall(at).stream().map(OnCallController::shift).toList());
        v.put("paged", s.paged(at).map(OnCallController::shift).orElse(null));
        v.put("next", s.next(at).map(OnCallController::shift).orElse(null));
        return v;
    }

    private static Map<String, Object> shift(Shift shift) {
        Person p = shift.person();
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("id", p.id());
        person.put("name", p.name());
        person.put("slackUserId", p.slackUserId());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("layer", shift.layer());
        v.put("person", person);
        v.put("start", shift.start().toString());
        v.put("end", shift.end().toString());
        v.put("override", shift.override());
        return v;
    }

    private Instant at(String at) {
        return at == null || at.isBlank() ? clock.instant() : instant("at", at);
    }

    private static Instant instant(String parameter, String value) {
        return io.tocsin.incident.api.ApiTimes.instant(parameter, value);
    }
}

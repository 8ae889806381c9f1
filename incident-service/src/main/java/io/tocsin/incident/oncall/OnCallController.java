package io.tocsin.incident.oncall;

import io.tocsin.oncall.OnCallConfig;
import io.tocsin.oncall.Person;
import io.tocsin.oncall.Schedule;
import io.tocsin.oncall.Shift;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
 * {@code next} who takes over when that shift ends. Unknown schedule: 404; a bad {@code at}: 400.
 */
@RestController
class OnCallController {

    private final OnCallConfig config;
    private final Clock clock;

    OnCallController(OnCallConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @GetMapping(path = "/api/v1/oncall", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> all(@RequestParam(required = false) String at) {
        Instant when = at(at);
        List<Map<String, Object>> schedules = config.schedules().values().stream()
                .sorted(Comparator.comparing(Schedule::name)).map(s -> view(s, when)).toList();
        return Map.of("at", when.toString(), "schedules", schedules);
    }

    @GetMapping(path = "/api/v1/oncall/{schedule}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> one(@PathVariable String schedule, @RequestParam(required = false) String at) {
        Instant when = at(at);
        return config.schedule(schedule).map(s -> ResponseEntity.ok(view(s, when)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found",
                        "message", "schedule: no schedule named '" + schedule + "'")));
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
        if (at == null || at.isBlank()) {
            return clock.instant();
        }
        try {
            return OffsetDateTime.parse(at.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("at: must be an RFC 3339 timestamp, was '" + at + "'");
        }
    }
}

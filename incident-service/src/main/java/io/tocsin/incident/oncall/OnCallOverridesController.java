package io.tocsin.incident.oncall;

import io.tocsin.oncall.OnCallConfig;
import io.tocsin.oncall.ScheduleOverride;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Overrides of a schedule (issue 18): {@code GET /api/v1/oncall/{schedule}/overrides} (AUDITOR) lists the file's
 * ({@code "source":"config"}) and the API's live ones ({@code "source":"api"}, with {@code id}, {@code createdBy},
 * {@code createdAt}, {@code reason}); {@code POST} (ADMIN) with {@code {"person","from","to"[,"layer"][,"reason"]}}
 * (RFC 3339 times) adds one, {@code 201} with it; {@code DELETE …/overrides/{id}} (ADMIN) cancels an API one. Paging
 * and "who is on call" use them at once on every instance. Unknown schedule or override: 404; a bad field: 400 naming
 * it.
 */
@RestController
class OnCallOverridesController {

    private final OnCallOverrides overrides;
    private final OnCallConfig config;

    OnCallOverridesController(OnCallOverrides overrides, OnCallConfig config) {
        this.overrides = overrides;
        this.config = config;
    }

    /** The body of {@code POST}. */
    record OverrideRequest(String person, String layer, String from, String to, String reason) {
    }

    @GetMapping(path = "/api/v1/oncall/{schedule}/overrides", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> list(@PathVariable String schedule) {
        var s = config.schedule(schedule).orElseThrow(() -> new OnCallOverrides.UnknownSchedule(schedule));
        List<Map<String, Object>> items = new ArrayList<>();
        for (ScheduleOverride o : s.overrides()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("source", "config");
            v.put("layer", o.layer());
            v.put("person", o.person().id());
            v.put("from", o.from().toString());
            v.put("to", o.to().toString());
            items.add(v);
        }
        overrides.live(schedule).forEach(a -> items.add(json(a)));
        return Map.of("schedule", schedule, "overrides", items);
    }

    @PostMapping(path = "/api/v1/oncall/{schedule}/overrides", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> add(@PathVariable String schedule, @RequestBody OverrideRequest request,
                                            Authentication auth) {
        OnCallOverrides.Added added = overrides.add(schedule, request.layer(), request.person(), instant("from", request.from()),
                instant("to", request.to()), request.reason(), "api:" + auth.getName());
        return ResponseEntity.status(HttpStatus.CREATED).body(json(added));
    }

    @DeleteMapping(path = "/api/v1/oncall/{schedule}/overrides/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> cancel(@PathVariable String schedule, @PathVariable String id, Authentication auth) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return notFound("override: no live override " + id + " in schedule '" + schedule + "'");
        }
        return overrides.cancel(schedule, uuid, "api:" + auth.getName()).map(a -> ResponseEntity.ok(json(a)))
                .orElseGet(() -> notFound("override: no live override " + id + " in schedule '" + schedule + "'"));
    }

    @ExceptionHandler(OnCallOverrides.UnknownSchedule.class)
    ResponseEntity<Map<String, Object>> unknownSchedule(OnCallOverrides.UnknownSchedule e) {
        return notFound(e.getMessage());
    }

    private static ResponseEntity<Map<String, Object>> notFound(String message) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found", "message", message));
    }

    private static Map<String, Object> json(OnCallOverrides.Added a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("source", "api");
        v.put("id", a.id().toString());
        v.put("layer", a.layer());
        v.put("person", a.person().id());
        v.put("from", a.from().toString());
        v.put("to", a.to().toString());
        v.put("reason", a.reason());
        v.put("createdBy", a.createdBy());
        v.put("createdAt", a.createdAt().toString());
        if (a.cancelledAt() != null) {
            v.put("cancelledBy", a.cancelledBy());
            v.put("cancelledAt", a.cancelledAt().toString());
        }
        return v;
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": is required (RFC 3339)");
        }
        return io.tocsin.incident.api.ApiTimes.instant(field, value);
    }
}

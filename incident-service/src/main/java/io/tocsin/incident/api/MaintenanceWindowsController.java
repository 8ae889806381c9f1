package io.tocsin.incident.api;

import io.tocsin.incident.maintenance.MaintenanceWindow;
import io.tocsin.incident.maintenance.MaintenanceWindows;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Maintenance windows, ADMIN only (issue 6). A window has Alertmanager's silence shape: label matchers, a time
 * range, a comment. Matching alerts are recorded on incidents marked {@code in_maintenance}, which neither escalate
 * nor notify. {@code DELETE} ends a window now (like expiring a silence); windows are kept for the record. A window
 * with {@code "public": {"title", "components"}} is announced to customers: the status page lists it as scheduled
 * maintenance (seed 001).
 * Errors: 400 naming the field, 401, 403, 404.
 */
@RestController
@RequestMapping("/api/v1/maintenance-windows")
class MaintenanceWindowsController {

    private final MaintenanceWindows windows;

    MaintenanceWindowsController(MaintenanceWindows windows) {
        this.windows = windows;
    }

    /**
     * Body of {@code POST}.
     *
     * @param matchers at least one; {@code isRegex} defaults to false, {@code isEqual} to true
     * @param startsAt RFC 3339; omitted = now
     * @param endsAt   RFC 3339, after {@code startsAt} and in the future
     * @param comment  why, e.g. "PostgreSQL upgrade CHG-1234"
     * @param notice   JSON {@code "public"}: {@code {"title", "components"}} announces it to customers as scheduled
     *                 maintenance on the status page; omitted = internal
     */
    record WindowRequest(List<MatcherRequest> matchers, String startsAt, String endsAt, String comment,
                         @com.fasterxml.jackson.annotation.JsonProperty("public") NoticeRequest notice) {
    }

    /** The {@code public} part of a {@link WindowRequest}. */
    record NoticeRequest(String title, List<String> components) {
    }

    /** One matcher of a {@link WindowRequest}. */
    record MatcherRequest(String name, String value, Boolean isRegex, Boolean isEqual) {
    }

    /** The API shape of a window; {@code state} is {@code pending}, {@code active} or {@code expired}. */
    record WindowJson(UUID id, List<MaintenanceWindow.Matcher> matchers, Instant startsAt, Instant endsAt, String comment,
                      String createdBy, Instant createdAt, String endedEarlyBy, String state,
                      @com.fasterxml.jackson.annotation.JsonProperty("public") MaintenanceWindow.Notice notice) {

        static WindowJson of(MaintenanceWindow w, Instant now, MaintenanceWindow.Notice notice) {
            return new WindowJson(w.id(), w.matchers(), w.startsAt(), w.endsAt(), w.comment(), w.createdBy(), w.createdAt(),
                    w.endedEarlyBy(), w.stateAt(now).name().toLowerCase(Locale.ROOT), notice);
        }
    }

    private WindowJson json(MaintenanceWindow w, Instant now) {
        return WindowJson.of(w, now, windows.notice(w.id()).orElse(null));
    }

    /** Creates a window: 201 with the window and its {@code Location}. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<WindowJson> create(@RequestBody WindowRequest request, Authentication auth) {
        if (request == null) {
            throw new ApiErrors.BadRequest("body", "a JSON object with matchers, endsAt and comment is required");
        }
        List<MaintenanceWindow.Matcher> matchers = new ArrayList<>();
        if (request.matchers() != null) {
            for (int i = 0; i < request.matchers().size(); i++) {
                MatcherRequest m = request.matchers().get(i);
                if (m == null) {
                    throw new ApiErrors.BadRequest("matchers[" + i + "]", "must be an object with name and value");
                }
                try {
                    matchers.add(new MaintenanceWindow.Matcher(m.name(), m.value(), Boolean.TRUE.equals(m.isRegex()),
                            m.isEqual() == null || m.isEqual()));
                } catch (IllegalArgumentException e) {
                    throw new ApiErrors.BadRequest("matchers[" + i + "]", e.getMessage());
                }
            }
        }
        MaintenanceWindow.Notice notice = null;
        if (request.notice() != null) {
            try {
                notice = new MaintenanceWindow.Notice(request.notice().title(), request.notice().components());
            } catch (IllegalArgumentException e) {
                throw new ApiErrors.BadRequest("public", e.getMessage());
            }
        }
        MaintenanceWindow window = windows.create(matchers, IncidentsController.instant("startsAt", request.startsAt()),
                IncidentsController.instant("endsAt", request.endsAt()), request.comment(), "api:" + auth.getName(), notice);
        return ResponseEntity.created(URI.create("/api/v1/maintenance-windows/" + window.id()))
                .body(json(window, windows.now()));
    }

    /** Windows, newest start first; {@code state} filters ({@code pending|active|expired}). */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> list(@RequestParam(required = false) String state) {
        Instant now = windows.now();
        MaintenanceWindow.State wanted = state(state);
        List<WindowJson> items = windows.list().stream()
                .filter(w -> wanted == null || w.stateAt(now) == wanted)
                .map(w -> json(w, now)).toList();
        return Map.of("items", items);
    }

    /** One window; 404 when unknown. */
    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> get(@PathVariable String id) {
        return windows.find(uuid(id)).<ResponseEntity<?>>map(w -> ResponseEntity.ok(json(w, windows.now())))
                .orElseGet(() -> notFound(id));
    }

    /** Ends a window now: 200 with the ended window (again for one already expired); 404 when unknown. */
    @DeleteMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> end(@PathVariable String id, Authentication auth) {
        return windows.end(uuid(id), "api:" + auth.getName())
                .<ResponseEntity<?>>map(w -> ResponseEntity.ok(json(w, windows.now())))
                .orElseGet(() -> notFound(id));
    }

    private static ResponseEntity<Map<String, String>> notFound(String id) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Map.of("error", "not_found", "message", "no maintenance window " + id));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id.strip());
        } catch (IllegalArgumentException e) {
            throw new ApiErrors.BadRequest("id", "must be a UUID, was '" + id + "'");
        }
    }

    private static MaintenanceWindow.State state(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return MaintenanceWindow.State.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiErrors.BadRequest("state", "must be one of pending, active, expired");
        }
    }
}

package io.tocsin.incident.statusupdate;

import io.tocsin.incident.incident.Incident;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/incidents/{id}/status-updates} (RESPONDER): a customer update, body
 * {@code {"status","message"[,"impact"][,"workaround"][,"nextUpdateAt"][,"title"][,"by"]}} — {@code status} one of
 * investigating, identified, monitoring, resolved; {@code nextUpdateAt} RFC 3339, in the future; {@code title} the
 * public title from now on. {@code 201} with the update as recorded; a bad field → 400 naming it; unknown incident 404.
 * The timeline lists every update ({@code status.updated}).
 */
@RestController
class StatusUpdatesController {

    private final StatusUpdates updates;

    StatusUpdatesController(StatusUpdates updates) {
        this.updates = updates;
    }

    /** The body. */
    record StatusUpdateRequest(String status, String message, String impact, String workaround, String nextUpdateAt,
                               String title, String by) {
    }

    @PostMapping(path = "/api/v1/incidents/{id}/status-updates", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> post(@PathVariable String id, @RequestBody(required = false) StatusUpdateRequest body,
                                             Authentication auth) {
        if (body == null) {
            throw new IllegalArgumentException("body: {\"status\": …, \"message\": …} is required");
        }
        Instant next = io.tocsin.incident.api.ApiTimes.instant("nextUpdateAt", body.nextUpdateAt());
        String by = io.tocsin.incident.api.ApiActor.of(body.by(), auth);
        StatusUpdates.StatusUpdate update = new StatusUpdates.StatusUpdate(body.status(), body.message(), body.impact(),
                body.workaround(), next, body.title());
        Incident incident = updates.post(id, update, by);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("incident", incident.key());
        answer.put("status", update.status().strip().toLowerCase(java.util.Locale.ROOT));
        answer.put("message", update.message().strip());
        answer.put("impact", update.impact());
        answer.put("workaround", update.workaround());
        answer.put("nextUpdateAt", next == null ? null : next.toString());
        answer.put("title", update.publicTitle());
        answer.put("by", by);
        return ResponseEntity.created(URI.create("/api/v1/incidents/" + incident.key() + "/timeline")).body(answer);
    }
}

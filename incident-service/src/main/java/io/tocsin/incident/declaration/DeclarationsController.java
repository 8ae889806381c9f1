package io.tocsin.incident.declaration;

import io.tocsin.incident.incident.Incident;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/incidents} (RESPONDER): declares an incident no alert opened. Body
 * {@code {"title", "severity"[, "service"][, "description"][, "by"][, "id"]}}: {@code title} and {@code severity}
 * ({@code SEV1}…{@code SEV4}) required; {@code id}, a UUID the client chooses, makes a retried request answer the
 * incident it opened instead of opening another. {@code 201} with {@code Location: /api/v1/incidents/INC-<n>} and
 * {@code {"id","key","title","severity","status","service","openedAt","declaredBy"}}; a bad field → 400 naming it.
 * Actor {@code api:<by>} ({@code by} defaults to the token's principal).
 */
@RestController
class DeclarationsController {

    private final Declarations declarations;

    DeclarationsController(Declarations declarations) {
        this.declarations = declarations;
    }

    /** The body of {@code POST /api/v1/incidents}. */
    record DeclareRequest(String title, String severity, String service, String description, String by, String id) {
    }

    @PostMapping(path = "/api/v1/incidents", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> declare(@RequestBody(required = false) DeclareRequest body, Authentication auth) {
        if (body == null) {
            throw new IllegalArgumentException("body: {\"title\": …, \"severity\": \"SEV1\" … \"SEV4\"} is required");
        }
        UUID id;
        try {
            id = body.id() == null || body.id().isBlank() ? UUID.randomUUID() : UUID.fromString(body.id().strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("id: must be a UUID, was '" + body.id() + "'");
        }
        String by = io.tocsin.incident.api.ApiActor.of(body.by(), auth);
        Incident incident = declarations.declare(id, body.severity(), body.title(), body.service(), body.description(), by);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", incident.id().toString());
        answer.put("key", incident.key());
        answer.put("title", incident.title());
        answer.put("severity", incident.severity().name());
        answer.put("status", incident.status().name());
        answer.put("service", incident.service());
        answer.put("openedAt", incident.openedAt().toString());
        answer.put("declaredBy", by);
        return ResponseEntity.created(URI.create("/api/v1/incidents/" + incident.key())).body(answer);
    }
}

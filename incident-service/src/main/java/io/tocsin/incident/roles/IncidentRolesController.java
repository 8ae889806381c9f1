package io.tocsin.incident.roles;

import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentQueries;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An incident's roles (seed 004): {@code GET /api/v1/incidents/{id}/roles} (AUDITOR) →
 * {@code {"lead": {"assignee","assignedBy","assignedAt"}, "comms": …}} (roles nobody holds are left out);
 * {@code POST} (RESPONDER) {@code {"role": "lead"|"comms", "assignee": "slack:U123"|name[, "by"]}} assigns one and
 * answers the roles. Unknown incident 404, a bad field 400 naming it.
 */
@RestController
class IncidentRolesController {

    private final IncidentRoles roles;
    private final IncidentQueries queries;

    IncidentRolesController(IncidentRoles roles, IncidentQueries queries) {
        this.roles = roles;
        this.queries = queries;
    }

    /** The body of {@code POST}. */
    record AssignRequest(String role, String assignee, String by) {
    }

    @GetMapping(path = "/api/v1/incidents/{id}/roles", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> list(@PathVariable String id) {
        return json(roles.of(queries.find(id).id()));
    }

    @PostMapping(path = "/api/v1/incidents/{id}/roles", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> assign(@PathVariable String id, @RequestBody(required = false) AssignRequest body, Authentication auth) {
        if (body == null) {
            throw new IllegalArgumentException("body: {\"role\": \"lead\"|\"comms\", \"assignee\": …} is required");
        }
        Incident incident = roles.assign(id, body.role(), body.assignee(), io.tocsin.incident.api.ApiActor.of(body.by(), auth));
        return json(roles.of(incident.id()));
    }

    private static Map<String, Object> json(Map<String, IncidentRoles.Holder> holders) {
        Map<String, Object> out = new LinkedHashMap<>();
        holders.forEach((role, h) -> out.put(role, Map.of("assignee", h.assignee(), "assignedBy", h.assignedBy(),
                "assignedAt", h.assignedAt().toString())));
        return out;
    }
}

package io.tocsin.remediation.execution;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/executions?incident=<uuid|INC-n>}: every step Tocsin planned or ran for an
 * incident, with parameters, status, who approved, the report and errors — for auditors (role AUDITOR or above,
 * checked by {@link io.tocsin.remediation.ApiSecurity}; without a token, 401).
 */
@RestController
class ExecutionsController {

    private final Remediations remediations;

    ExecutionsController(Remediations remediations) {
        this.remediations = remediations;
    }

    @GetMapping(path = "/api/v1/executions", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> list(@RequestParam(required = false) String incident) {
        return ResponseEntity.ok(Map.of("items", remediations.ofIncident(incident)));
    }
}

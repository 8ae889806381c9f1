package io.tocsin.remediation.execution;

import io.tocsin.common.web.ConstantTimeTokens;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/executions?incident=<uuid|INC-n>}: every step Tocsin planned or ran for an
 * incident, with parameters, status, who approved, the report and errors — for auditors. Any token of
 * {@code TOCSIN_API_TOKENS} (any role) may read; without one, 401.
 */
@RestController
class ExecutionsController {

    private final Remediations remediations;
    private final ConstantTimeTokens tokens;

    ExecutionsController(Remediations remediations, @Value("${tocsin.api.tokens:}") List<String> pairs) {
        this.remediations = remediations;
        this.tokens = new ConstantTimeTokens(pairs.stream().map(String::strip).filter(p -> !p.isEmpty())
                .map(p -> (p.contains("=") ? p.substring(0, p.lastIndexOf('=')) : p).strip()).toList());
    }

    @GetMapping(path = "/api/v1/executions", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> list(@RequestParam(required = false) String incident,
                           @RequestHeader(name = "Authorization", required = false) String authorization) {
        if (!authorized(authorization)) {
            return ResponseEntity.status(401).header("WWW-Authenticate", "Bearer realm=\"tocsin\"")
                    .body(Map.of("error", "unauthorized", "message", "missing or invalid credentials: send Authorization: Bearer <token>"));
        }
        return ResponseEntity.ok(Map.of("items", remediations.ofIncident(incident)));
    }

    private boolean authorized(String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && tokens.matches(header.substring(7).strip());
    }
}

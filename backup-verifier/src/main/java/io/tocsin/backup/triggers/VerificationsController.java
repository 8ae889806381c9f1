package io.tocsin.backup.triggers;

import io.tocsin.backup.verification.Verifications;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The verification API (bearer tokens, {@code ApiSecurity}):
 * <ul>
 *   <li>{@code POST /api/v1/verifications} → {@code 202 {"id","database"}}, or {@code 409 {"error","message","running"}};</li>
 *   <li>{@code GET /api/v1/verifications/latest} → the latest report, or 404;</li>
 *   <li>{@code GET /api/v1/verifications?page=&size=} → {@code {"items","page","size","total"}}, newest first.</li>
 * </ul>
 */
@RestController
class VerificationsController {

    private final Verifications verifications;
    private final VerificationLauncher launcher;

    VerificationsController(Verifications verifications, VerificationLauncher launcher) {
        this.verifications = verifications;
        this.launcher = launcher;
    }

    /** Starts a verification now; the actor recorded is the API token's name ({@code api:<name>}). */
    @PostMapping("/api/v1/verifications")
    ResponseEntity<Map<String, Object>> verifyNow(Authentication auth) {
        UUID id = launcher.start("api:" + auth.getName());
        return ResponseEntity.accepted().header("Location", "/api/v1/verifications/latest")
                .body(Map.of("id", id, "database", verifications.database()));
    }

    @GetMapping("/api/v1/verifications/latest")
    ResponseEntity<?> latest() {
        return verifications.latest().<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(404).body(Map.of("error", "not_found", "message", "no verification has finished yet")));
    }

    @GetMapping("/api/v1/verifications")
    ResponseEntity<?> page(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        if (page < 0 || size < 1 || size > 200) {
            return ResponseEntity.badRequest().body(Map.of("error", "bad_request", "message", "page must be >= 0 and size 1..200"));
        }
        return ResponseEntity.ok(verifications.page(page, size));
    }

    @ExceptionHandler(Verifications.AlreadyRunning.class)
    ResponseEntity<Map<String, Object>> alreadyRunning(Verifications.AlreadyRunning e) {
        return ResponseEntity.status(409).body(Map.of("error", "already_running", "message", e.getMessage(),
                "running", String.valueOf(e.running())));
    }
}

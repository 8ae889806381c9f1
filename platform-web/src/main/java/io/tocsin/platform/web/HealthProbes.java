package io.tocsin.platform.web;

import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health} (liveness: the process runs) and {@code GET /health/ready} (readiness: its
 * database and Kafka answer), the seed runbook's standard endpoints, served on the application port
 * from the actuator's {@code liveness} and {@code readiness} health groups. 200 when UP, 503 otherwise.
 * Services {@code @Import} it; {@code management.endpoint.health.probes.enabled=true} is required.
 */
@RestController
public class HealthProbes {

    private final HealthEndpoint health;

    /** @param health the actuator's health endpoint */
    public HealthProbes(HealthEndpoint health) {
        this.health = health;
    }

    @GetMapping("/health")
    ResponseEntity<HealthDescriptor> liveness() {
        return respond(health.healthForPath("liveness"));
    }

    @GetMapping("/health/ready")
    ResponseEntity<HealthDescriptor> readiness() {
        return respond(health.healthForPath("readiness"));
    }

    private static ResponseEntity<HealthDescriptor> respond(HealthDescriptor descriptor) {
        if (descriptor == null) {
            return ResponseEntity.status(503).build();
        }
        return ResponseEntity.status(HttpCodeStatusMapper.DEFAULT.getStatusCode(descriptor.getStatus())).body(descriptor);
    }
}

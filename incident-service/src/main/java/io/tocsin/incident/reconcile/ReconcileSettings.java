package io.tocsin.incident.reconcile;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Reconciliation with Alertmanager, {@code tocsin.incident.reconcile.*}.
 *
 * @param enabled  on by default; it acts only where an incident's webhook gave an {@code externalURL} that answers
 * @param interval how often each open incident's firing alerts are compared with its Alertmanager (default 30 s)
 * @param grace    how long an alert must be missing from Alertmanager before it is resolved (default 5 min, Alertmanager's
 *                 own {@code resolve_timeout}), so a restarting Alertmanager that re-learns its alerts from Prometheus
 *                 within it changes nothing
 * @param timeout  how long one {@code GET /api/v2/alerts} may take before the Alertmanager counts as unreachable
 */
@Validated
@ConfigurationProperties("tocsin.incident.reconcile")
public record ReconcileSettings(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("30s") Duration interval,
        @NotNull @DefaultValue("5m") Duration grace,
        @NotNull @DefaultValue("5s") Duration timeout) {
}

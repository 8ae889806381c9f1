package io.tocsin.incident.triage.rules;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The flapping rule, {@code tocsin.incident.flapping.*}. A state change is an alert of the fingerprint resolving, or
 * firing again after an earlier firing; the first firing is not a change. More than {@code threshold} changes within
 * {@code window} mark the incident flapping: it is held open rather than resolved and reopened, and consumers throttle
 * its notifications. Flapping ends when no alert of the incident changed for a whole window; the incident then
 * resolves if every alert has. Default as in Alerta: more than 2 changes in 30 minutes.
 */
@ConfigurationProperties("tocsin.incident.flapping")
public record FlappingSettings(@DefaultValue("2") int threshold, @DefaultValue("30m") Duration window) {
}

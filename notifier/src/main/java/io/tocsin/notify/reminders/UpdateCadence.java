package io.tocsin.notify.reminders;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often customers hear about a public incident, {@code tocsin.status-page.update-cadence.*}.
 *
 * @param bySeverity the longest time without a customer update per severity (default SEV1 and SEV2 15 min, seeds 002
 *                   and 004); a severity not listed gets no reminder
 * @param scan       how often open incidents are checked (default 1 min)
 */
@ConfigurationProperties("tocsin.status-page.update-cadence")
public record UpdateCadence(Map<String, Duration> bySeverity, @DefaultValue("1m") Duration scan) {

    public UpdateCadence {
        bySeverity = bySeverity == null || bySeverity.isEmpty()
                ? Map.of("SEV1", Duration.ofMinutes(15), "SEV2", Duration.ofMinutes(15)) : Map.copyOf(bySeverity);
    }
}

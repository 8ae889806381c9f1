package io.tocsin.incident;

import io.tocsin.incident.incidents.Severity;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * incident-service configuration, {@code tocsin.incident.*}.
 *
 * @param groupBy         labels whose values form the grouping key; empty (default) groups by Alertmanager's
 *                        {@code groupKey}, one open incident per group
 * @param severityMapping {@code severity} label value (lower case) → incident severity; design.md default
 *                        {@code critical → SEV2, warning → SEV3, info → SEV4}
 * @param defaultSeverity severity of an alert with no {@code incident_severity} and an unmapped or missing
 *                        {@code severity} label
 */
@Validated
@ConfigurationProperties("tocsin.incident")
public record IncidentSettings(
        @DefaultValue List<String> groupBy,
        Map<String, Severity> severityMapping,
        @NotNull @DefaultValue("SEV3") Severity defaultSeverity) {

    /** Fills in the design's default severity mapping when none is configured. */
    public IncidentSettings {
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        severityMapping = severityMapping == null || severityMapping.isEmpty()
                ? Map.of("critical", Severity.SEV2, "warning", Severity.SEV3, "info", Severity.SEV4)
                : Map.copyOf(severityMapping);
    }
}

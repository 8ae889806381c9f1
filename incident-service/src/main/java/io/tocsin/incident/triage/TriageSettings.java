package io.tocsin.incident.triage;

import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.Severity;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How triage groups alerts and rates their severity, {@code tocsin.incident.*}.
 *
 * @param groupBy         labels whose values form the grouping key ({@code TOCSIN_INCIDENT_GROUP_BY}); empty (default)
 *                        groups by Alertmanager's {@code groupKey}, one open incident per group
 * @param severityMapping {@code severity} label value (lower case) → incident severity; design.md default
 *                        {@code critical → SEV2, error → SEV2 (PagerDuty), warning → SEV3, info → SEV4}
 * @param defaultSeverity severity of an alert with no {@code incident_severity} and an unmapped or missing
 *                        {@code severity} label
 */
@Validated
@ConfigurationProperties("tocsin.incident")
public record TriageSettings(@DefaultValue List<String> groupBy, Map<String, Severity> severityMapping,
                             @NotNull @DefaultValue("SEV3") Severity defaultSeverity) {

    /** Fills in the design's default severity mapping when none is configured. */
    public TriageSettings {
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        severityMapping = severityMapping == null || severityMapping.isEmpty()
                // error: PagerDuty's Events API v2 severity between critical and warning, high urgency there as critical
                ? Map.of("critical", Severity.SEV2, "error", Severity.SEV2, "warning", Severity.SEV3, "info", Severity.SEV4)
                : Map.copyOf(severityMapping);
        defaultSeverity = defaultSeverity == null ? Severity.SEV3 : defaultSeverity;
    }

    /** The severity of an alert ({@link Severity#ofAlert}) under this mapping. */
    public Severity severityOf(Alert alert) {
        return Severity.ofAlert(alert.labels(), severityMapping, defaultSeverity);
    }
}

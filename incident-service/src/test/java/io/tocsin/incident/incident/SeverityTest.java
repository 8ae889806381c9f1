package io.tocsin.incident.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Severity from alert labels, design.md's default mapping. */
class SeverityTest {

    private static final Map<String, Severity> MAPPING =
            Map.of("critical", Severity.SEV2, "warning", Severity.SEV3, "info", Severity.SEV4);

    @Test
    void mapsSeverityLabelByDefaultTable() {
        assertThat(Severity.ofAlert(Map.of("severity", "critical"), MAPPING, Severity.SEV3)).isEqualTo(Severity.SEV2);
        assertThat(Severity.ofAlert(Map.of("severity", "Warning"), MAPPING, Severity.SEV3)).isEqualTo(Severity.SEV3);
        assertThat(Severity.ofAlert(Map.of("severity", "info"), MAPPING, Severity.SEV3)).isEqualTo(Severity.SEV4);
    }

    @Test
    void incidentSeverityLabelOverrides() {
        assertThat(Severity.ofAlert(Map.of("severity", "warning", "incident_severity", "SEV1"), MAPPING, Severity.SEV3))
                .isEqualTo(Severity.SEV1);
        assertThat(Severity.ofAlert(Map.of("severity", "critical", "incident_severity", "p4"), MAPPING, Severity.SEV3))
                .isEqualTo(Severity.SEV4);
    }

    @Test
    void unknownOrMissingFallsBack() {
        assertThat(Severity.ofAlert(Map.of("severity", "page"), MAPPING, Severity.SEV3)).isEqualTo(Severity.SEV3);
        assertThat(Severity.ofAlert(Map.of("incident_severity", "SEV9"), MAPPING, Severity.SEV4)).isEqualTo(Severity.SEV4);
        assertThat(Severity.ofAlert(Map.of(), MAPPING, Severity.SEV3)).isEqualTo(Severity.SEV3);
    }

    @Test
    void sev1IsWorst() {
        assertThat(Severity.SEV1.isWorseThan(Severity.SEV2)).isTrue();
        assertThat(Severity.worst(Severity.SEV3, Severity.SEV2)).isEqualTo(Severity.SEV2);
    }
}

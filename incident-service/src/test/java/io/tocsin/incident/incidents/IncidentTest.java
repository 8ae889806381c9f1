package io.tocsin.incident.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The incident aggregate allows only TRIGGERED → ACKNOWLEDGED → RESOLVED (and TRIGGERED → RESOLVED). */
class IncidentTest {

    private static final Instant T0 = Instant.parse("2026-11-21T05:00:00Z");

    private static Incident triggered() {
        return Incident.open(7, "PG down", Severity.SEV3, "postgres", "g", "g", "r", "alertmanager", "", T0, null);
    }

    @Test
    void acknowledgeRecordsWhoAndWhen() {
        Incident incident = triggered();
        incident.acknowledge("slack:U123", T0.plusSeconds(60));
        assertThat(incident.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(incident.acknowledgedBy()).isEqualTo("slack:U123");
        assertThat(incident.acknowledgedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void rejectsAcknowledgingResolvedIncidentNamingItsStatus() {
        Incident incident = triggered();
        incident.resolve("alertmanager", T0.plusSeconds(5));
        assertThatThrownBy(() -> incident.acknowledge("api:alice", T0.plusSeconds(6)))
                .isInstanceOfSatisfying(IllegalIncidentTransition.class, e -> {
                    assertThat(e.status()).isEqualTo(IncidentStatus.RESOLVED);
                    assertThat(e.action()).isEqualTo("acknowledge");
                })
                .hasMessage("cannot acknowledge INC-7: it is RESOLVED");
        assertThat(incident.acknowledgedBy()).isNull();
    }

    @Test
    void rejectsSecondAcknowledgementAndSecondResolution() {
        Incident incident = triggered();
        incident.acknowledge("api:alice", T0);
        assertThatThrownBy(() -> incident.acknowledge("api:bob", T0)).isInstanceOf(IllegalIncidentTransition.class);
        assertThat(incident.acknowledgedBy()).isEqualTo("api:alice");
        incident.resolve("api:alice", T0);
        assertThatThrownBy(() -> incident.resolve("api:bob", T0)).isInstanceOf(IllegalIncidentTransition.class);
        assertThat(incident.resolvedBy()).isEqualTo("api:alice");
    }

    @Test
    void severityOnlyRises() {
        Incident incident = triggered();
        assertThat(incident.raiseSeverityTo(Severity.SEV4)).isFalse();
        assertThat(incident.raiseSeverityTo(Severity.SEV2)).isTrue();
        assertThat(incident.raiseSeverityTo(Severity.SEV3)).isFalse();
        assertThat(incident.severity()).isEqualTo(Severity.SEV2);
    }
}

package io.tocsin.incident.audit;

import io.tocsin.incident.incident.IncidentOrigin;
import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.incident.escalation.EscalationSettings;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentState;
import io.tocsin.incident.incident.IncidentStatus;
import io.tocsin.incident.incident.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The response-time report equals figures computed by hand. */
class ResponseTimesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Map<Severity, EscalationSettings.Target> TARGETS =
            EscalationSettings.defaults().targets();

    private static Incident incident(Severity severity, String service, Long ackAfter, Long resolveAfter) {
        return Incident.rebuild(new IncidentState(new IncidentOrigin(UUID.randomUUID(), 1, "t",
                service, "g", "g", "r", "alertmanager", "", T0, null, null),
                resolveAfter == null ? IncidentStatus.TRIGGERED : IncidentStatus.RESOLVED, severity,
                ackAfter == null ? null : T0.plusSeconds(ackAfter), ackAfter == null ? null : "api:a",
                resolveAfter == null ? null : T0.plusSeconds(resolveAfter), resolveAfter == null ? null : "api:a",
                null, null, null, null, false, false, null));
    }

    @Test
    void computesMeanNearestRankPercentilesAndTargetsBySeverity() {
        List<Incident> incidents = List.of(
                // SEV2: ack target 15 min (900 s), resolve 4 h (14400 s)
                incident(Severity.SEV2, "api", 60L, 3600L),
                incident(Severity.SEV2, "api", 300L, 7200L),
                incident(Severity.SEV2, "db", 1200L, 20000L),   // ack late, resolve late
                incident(Severity.SEV2, "db", null, 600L),      // auto-resolved without ack: not in ack target
                incident(Severity.SEV2, "db", null, null),      // open, unacknowledged past both targets at asOf
                // SEV4: no targets
                incident(Severity.SEV4, "web", 100L, 200L));
        Instant asOf = T0.plusSeconds(30_000);

        List<ResponseTimes.Group> groups = ResponseTimes.compute(incidents, "severity", TARGETS, asOf);

        ResponseTimes.Group sev2 = groups.get(0);
        assertThat(sev2.group()).isEqualTo("SEV2");
        assertThat(sev2.incidents()).isEqualTo(5);
        assertThat(sev2.acknowledged()).isEqualTo(3);
        assertThat(sev2.resolved()).isEqualTo(4);
        // MTTA over 60, 300, 1200: mean 520, p50 = 2nd = 300, p90 = ceil(2.7) = 3rd = 1200
        assertThat(sev2.mtta()).isEqualTo(new ResponseTimes.Stats(520.0, 300L, 1200L));
        // MTTR over 600, 3600, 7200, 20000: mean 7850, p50 = 2nd = 3600, p90 = ceil(3.6) = 4th = 20000
        assertThat(sev2.mttr()).isEqualTo(new ResponseTimes.Stats(7850.0, 3600L, 20000L));
        assertThat(sev2.ackTargetMet()).isEqualTo(2);
        assertThat(sev2.ackTargetMissed()).isEqualTo(2);     // late ack + open unacknowledged
        assertThat(sev2.resolveTargetMet()).isEqualTo(3);    // 3600, 7200, 600
        assertThat(sev2.resolveTargetMissed()).isEqualTo(2); // 20000 + still open past 4 h

        ResponseTimes.Group sev4 = groups.get(1);
        assertThat(sev4.group()).isEqualTo("SEV4");
        assertThat(sev4.ackTargetMet()).isNull();
        assertThat(sev4.resolveTargetMissed()).isNull();

        assertThat(ResponseTimes.compute(incidents, "service", TARGETS, asOf)).extracting(ResponseTimes.Group::group)
                .containsExactly("api", "db", "web");
    }
}

package io.tocsin.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The example README and docker-compose point at ({@code deploy/oncall/oncall.example.yml}) loads, and says what its
 * comments say: seed 000's matrix with seed 004's primary/backup roster, SEV3 in business hours (seed 002).
 */
class ShippedExampleTest {

    private static final OnCallConfig EXAMPLE = OnCallConfig.fromLocation(
            Path.of("..", "deploy", "oncall", "oncall.example.yml").toString());

    @Test
    void primaryAndBackupHandOverOnMondayMorningBerlinTime() {
        Schedule sre = EXAMPLE.schedule("sre").orElseThrow();
        Instant mondayBefore = Instant.parse("2026-12-07T07:59:00Z"); // 08:59 in Berlin
        Instant mondayAfter = Instant.parse("2026-12-07T08:00:00Z");
        assertThat(sre.onCall("primary", mondayBefore).orElseThrow().person().id()).isEqualTo("ana");
        assertThat(sre.onCall("primary", mondayAfter).orElseThrow().person().id()).isEqualTo("ben");
        assertThat(sre.onCall("backup", mondayAfter).orElseThrow().person().id()).isEqualTo("ana");
        assertThat(sre.paged(Instant.parse("2026-12-25T12:00:00Z")).orElseThrow().person().id()).as("override")
                .isEqualTo("chen");
    }

    @Test
    void sev1ReachesLeadershipWithinFifteenMinutesAndSev3WaitsForBusinessHours() {
        EscalationPolicy sev1 = EXAMPLE.policyFor(Map.of("service", "api"), "SEV1").orElseThrow();
        assertThat(sev1.levels().stream().map(EscalationPolicy.Level::delay).reduce(Duration.ZERO, Duration::plus))
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(sev1.levels().getLast().targets()).extracting(t -> ((PageTarget.OnePerson) t).person().id())
                .containsExactly("cto", "ceo");
        assertThat(EXAMPLE.policyFor(Map.of("service", "api"), "SEV2").orElseThrow().repeat()).isEqualTo(1);
        assertThat(EXAMPLE.policyFor(Map.of("service", "api"), "SEV3").orElseThrow().waitForCoverage()).isTrue();
        assertThat(EXAMPLE.schedule("leads").orElseThrow().paged(Instant.parse("2026-12-05T12:00:00Z"))).as("Saturday")
                .isEmpty();
        assertThat(EXAMPLE.policyFor(Map.of("service", "api"), "SEV4")).isEmpty();
    }
}

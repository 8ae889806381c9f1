package io.tocsin.incident.escalation;

import io.tocsin.incident.incident.IncidentOrigin;
import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Seed 000's escalation matrix: targets per severity, one level per acknowledge target, the last level repeating. */
class EscalationPolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");
    private final EscalationPolicy policy = new EscalationPolicy(EscalationSettings.defaults());

    @Test
    void targetsFollowTheSeedMatrix() {
        assertThat(policy.escalationDue(T0, Severity.SEV1, Map.of(), 0)).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(policy.resolveBy(T0, Severity.SEV1)).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(policy.escalationDue(T0, Severity.SEV2, Map.of(), 0)).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(policy.resolveBy(T0, Severity.SEV2)).isEqualTo(T0.plus(Duration.ofHours(4)));
        assertThat(policy.escalationDue(T0, Severity.SEV3, Map.of(), 0)).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(policy.resolveBy(T0, Severity.SEV3)).isEqualTo(T0.plus(Duration.ofHours(24)));
        assertThat(policy.escalationDue(T0, Severity.SEV4, Map.of(), 0)).as("SEV4 has no targets").isNull();
        assertThat(policy.resolveBy(T0, Severity.SEV4)).isNull();
    }

    @Test
    void configuredTargetsReplaceOnlyTheirSeverity() {
        EscalationPolicy custom = new EscalationPolicy(new EscalationSettings(
                Map.of(Severity.SEV2, new EscalationSettings.Target(Duration.ofMinutes(2), Duration.ofHours(1))), null));
        assertThat(custom.escalationDue(T0, Severity.SEV2, Map.of(), 0)).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(custom.escalationDue(T0, Severity.SEV1, Map.of(), 0)).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void eachStepCallsTheNextLevelOneTargetLaterAndTheLastLevelRepeats() {
        Incident incident = Incident.open(new IncidentOrigin(UUID.randomUUID(), 1, "t", "api", "g", "g", "r", "alertmanager", "",
                T0, null, null), Severity.SEV2, null, policy);
        List<String> targets = new java.util.ArrayList<>();
        Instant due = incident.escalation().nextEscalationAt();
        for (int i = 0; i < 4; i++) {
            EscalationPolicy.Step step = policy.next(incident, due);
            assertThat(step.level()).isEqualTo(i + 1);
            assertThat(step.next()).isEqualTo(due.plus(Duration.ofMinutes(15)));
            targets.add(step.target());
            incident.escalate(due, step.target(), step.reason(), step.next(), step.pages());
            due = step.next();
        }
        assertThat(targets).containsExactly("#sre-oncall", "@team-leads", "@engineering-lead", "@engineering-lead");
        assertThat(policy.next(incident, due).reason()).isEqualTo("not acknowledged within 75 min (SEV2 target 15 min)");
    }
}

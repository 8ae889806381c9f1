package io.tocsin.incident.triage.rules;

import static io.tocsin.incident.triage.rules.RuleFixtures.T0;
import static io.tocsin.incident.triage.rules.RuleFixtures.firing;
import static io.tocsin.incident.triage.rules.RuleFixtures.incident;
import static io.tocsin.incident.triage.rules.RuleFixtures.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentChange;
import io.tocsin.incident.incident.Severity;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** As in Alerta: more than 2 state changes of an alert within 30 minutes make its incident flapping. */
class FlappingRuleTest {

    private final AtomicInteger changes = new AtomicInteger();
    private final AtomicInteger counted = new AtomicInteger();
    private final RuleFixtures.RecordedEntries entries = new RuleFixtures.RecordedEntries();
    private final FlappingRule rule = new FlappingRule(new FlappingSettings(2, Duration.ofMinutes(30)),
            (fingerprint, since) -> changes.get(), entries, counted::incrementAndGet);
    private final Alert alert = firing("00000000000000c1", Map.of("alertname", "Flappy"));
    private final Instant at = T0.plusSeconds(600);

    @Test
    void twoChangesAreNoFlappingTheThirdMarksTheIncident() {
        Incident incident = incident(1, Severity.SEV3, "api");
        changes.set(2);
        rule.resolved(new TriageRule.Resolution(incident, resolved(alert), List.of(T0), at));
        assertThat(incident.flappingSince()).isNull();

        changes.set(3);
        rule.fired(new TriageRule.Firing(incident, alert, false, false, at));
        assertThat(incident.flappingSince()).isEqualTo(at);
        assertThat(entries.types()).containsExactly(TimelineEntryType.INCIDENT_FLAPPING_STARTED);
        assertThat(entries.entries.getFirst().summary()).startsWith("Flapping: alert Flappy changed state 3 times within 30 min");
        assertThat(incident.pullChanges()).singleElement().isInstanceOfSatisfying(IncidentChange.FlappingStarted.class,
                c -> assertThat(c.changes()).isEqualTo(3));
        assertThat(counted).hasValue(1);
    }

    @Test
    void theFirstFiringOfAFingerprintIsNoChange() {
        Incident incident = incident(2, Severity.SEV3, "api");
        changes.set(99);
        rule.fired(new TriageRule.Firing(incident, alert, true, true, at));
        assertThat(incident.flappingSince()).isNull();
    }

    @Test
    void aFlappingOrResolvedIncidentIsNotMarkedAgain() {
        Incident flapping = incident(3, Severity.SEV3, "api");
        flapping.startFlapping(alert.fingerprint(), 3, Duration.ofMinutes(30), T0);
        Incident resolvedIncident = incident(4, Severity.SEV3, "api");
        resolvedIncident.resolve("api:a", T0);
        changes.set(10);
        rule.fired(new TriageRule.Firing(flapping, alert, false, false, at));
        rule.resolved(new TriageRule.Resolution(resolvedIncident, resolved(alert), List.of(T0), at));
        assertThat(flapping.flappingSince()).isEqualTo(T0);
        assertThat(resolvedIncident.flappingSince()).isNull();
        assertThat(entries.entries).isEmpty();
    }
}

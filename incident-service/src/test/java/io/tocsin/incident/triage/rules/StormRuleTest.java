package io.tocsin.incident.triage.rules;

import static io.tocsin.incident.triage.rules.RuleFixtures.T0;
import static io.tocsin.incident.triage.rules.RuleFixtures.firing;
import static io.tocsin.incident.triage.rules.RuleFixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentChange;
import io.tocsin.incident.incident.Severity;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Seed 000: "escalate one sev higher if more than 10 reports inside 5 minutes", once per incident. */
class StormRuleTest {

    private final AtomicInteger attached = new AtomicInteger();
    private Instant countedSince;
    private final RuleFixtures.RecordedEntries entries = new RuleFixtures.RecordedEntries();
    private final StormRule rule = new StormRule(new StormSettings(10, Duration.ofMinutes(5)), (id, since) -> {
        countedSince = since;
        return attached.get();
    }, RuleFixtures.MATRIX, entries);

    private void fire(Incident incident, boolean opened) {
        rule.fired(new TriageRule.Firing(incident, firing("00000000000000b1", Map.of()), opened, false, T0.plusSeconds(120)));
    }

    @Test
    void tenAlertsInTheWindowAreNoStormTheEleventhRaisesOneLevel() {
        Incident incident = incident(1, Severity.SEV3, "api");
        attached.set(10);
        fire(incident, false);
        assertThat(incident.severity()).isEqualTo(Severity.SEV3);
        assertThat(countedSince).isEqualTo(T0.plusSeconds(120).minus(Duration.ofMinutes(5)));

        attached.set(11);
        fire(incident, false);
        assertThat(incident.severity()).isEqualTo(Severity.SEV2);
        assertThat(entries.types()).containsExactly(TimelineEntryType.SEVERITY_CHANGED);
        assertThat(entries.entries.getFirst().details()).containsEntry("reason", "storm").containsEntry("threshold", 10)
                .containsEntry("windowSeconds", 300L);
        assertThat(incident.pullChanges()).singleElement().isInstanceOfSatisfying(IncidentChange.SeverityChanged.class,
                c -> assertThat(c.reason()).isEqualTo("alert storm: more than 10 alerts within 5 min"));
    }

    @Test
    void raisesOncePerIncident() {
        Incident incident = incident(2, Severity.SEV3, "api");
        attached.set(50);
        fire(incident, false);
        fire(incident, false);
        assertThat(incident.severity()).isEqualTo(Severity.SEV2);
        assertThat(entries.entries).hasSize(1);
    }

    @Test
    void anIncidentOpenedNowOrAtSev1IsLeftAlone() {
        attached.set(50);
        Incident opened = incident(3, Severity.SEV3, "api");
        fire(opened, true);
        Incident sev1 = incident(4, Severity.SEV1, "api");
        fire(sev1, false);
        assertThat(opened.severity()).isEqualTo(Severity.SEV3);
        assertThat(sev1.severity()).isEqualTo(Severity.SEV1);
        assertThat(entries.entries).isEmpty();
    }
}

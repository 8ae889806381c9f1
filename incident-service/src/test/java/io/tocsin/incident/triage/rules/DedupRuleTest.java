package io.tocsin.incident.triage.rules;

import static io.tocsin.incident.triage.rules.RuleFixtures.firing;
import static io.tocsin.incident.triage.rules.RuleFixtures.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.triage.TriageBatch;
import io.tocsin.incident.triage.TriageOutcome;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Alert identity {@code fingerprint + startsAt}: repeats change nothing (design.md). */
class DedupRuleTest {

    private final DedupRule rule = new DedupRule();
    private final TriageBatch batch = new TriageBatch();
    private final Alert alert = firing("00000000000000a1", Map.of("alertname", "Dedup"));

    @Test
    void aNewEpisodeGoesOn() {
        assertThat(rule.admit(alert, batch)).isEmpty();
    }

    @Test
    void aRepeatedFiringNotificationIsADuplicate() {
        batch.remember(alert.identity(), UUID.randomUUID(), true);
        assertThat(rule.admit(alert, batch)).contains(TriageOutcome.DUPLICATE);
    }

    @Test
    void theFirstResolvedNotificationOfAFiringEpisodeGoesOnAndARepeatedOneIsADuplicate() {
        batch.remember(alert.identity(), UUID.randomUUID(), true);
        assertThat(rule.admit(resolved(alert), batch)).isEmpty();
        batch.remember(alert.identity(), UUID.randomUUID(), false);
        assertThat(rule.admit(resolved(alert), batch)).contains(TriageOutcome.DUPLICATE);
    }

    @Test
    void aFiringNotificationOfAResolvedEpisodeIsADuplicateToo() {
        batch.remember(alert.identity(), UUID.randomUUID(), false);
        assertThat(rule.admit(alert, batch)).as("Alertmanager re-sends a resolved alert as firing only with a new start")
                .contains(TriageOutcome.DUPLICATE);
    }
}

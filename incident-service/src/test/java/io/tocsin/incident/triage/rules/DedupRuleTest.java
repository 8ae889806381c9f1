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

    private final java.util.Set<String> firing = new java.util.HashSet<>();
    private final DedupRule rule = new DedupRule(firing::contains);
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

    @Test
    void aPagerDutyTriggerWhileItsKeyFiresIsADuplicateWhateverItsStart() {
        Alert trigger = new Alert(UUID.randomUUID(), "00000000000000b1", Alert.Status.FIRING, Map.of("dedup_key", "disk"),
                Map.of(), java.time.Instant.parse("2026-11-29T10:00:00Z"), null, "", "pagerduty:db:disk", "pagerduty", "",
                "pagerduty", null, java.time.Instant.parse("2026-11-29T10:00:00Z"));
        assertThat(rule.admit(trigger, batch)).as("never stored: a new alert").isEmpty();
        batch.firstOfFingerprint(trigger.fingerprint());
        assertThat(rule.admit(trigger, batch)).as("stored, but resolved: it fires again").isEmpty();
        firing.add(trigger.fingerprint());
        assertThat(rule.admit(trigger, batch)).contains(TriageOutcome.DUPLICATE);
        assertThat(rule.admit(firing("00000000000000b1", Map.of("alertname", "Dedup")), batch))
                .as("Alertmanager's alerts have episodes: a new start is a new episode").isEmpty();
    }
}

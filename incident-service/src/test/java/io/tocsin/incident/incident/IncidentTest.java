package io.tocsin.incident.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.incident.escalation.EscalationPolicy;
import io.tocsin.incident.escalation.EscalationSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The incident aggregate owns its state: TRIGGERED → ACKNOWLEDGED → RESOLVED (and TRIGGERED → RESOLVED), due times
 * that follow its severity, inhibition, maintenance and flapping, each refused with the state that forbids it, and the
 * changes it registers.
 */
class IncidentTest {

    private static final Instant T0 = Instant.parse("2026-11-21T05:00:00Z");
    private static final ResponseTargets MATRIX = new EscalationPolicy(EscalationSettings.defaults());

    private static Incident triggered() {
        return triggered(Severity.SEV3, 7);
    }

    private static Incident triggered(Severity severity, long number) {
        return Incident.open(new IncidentOrigin(UUID.randomUUID(), number, "PG down", "postgres", "g", "g", "r", "alertmanager", "", T0,
                null, null), severity, null, MATRIX);
    }

    private static List<Class<?>> changes(Incident incident) {
        return incident.pullChanges().stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void opensWithTheDeadlinesOfItsSeverity() {
        Incident incident = triggered(Severity.SEV2, 1);
        assertThat(incident.escalation().nextEscalationAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(incident.escalation().resolveDueAt()).isEqualTo(T0.plus(Duration.ofHours(4)));
        assertThat(changes(incident)).containsExactly(IncidentChange.IncidentOpened.class);
    }

    @Test
    void acknowledgeRecordsWhoAndWhenAndStopsEscalating() {
        Incident incident = triggered();
        incident.acknowledge("slack:U123", T0.plusSeconds(60));
        assertThat(incident.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(incident.acknowledgedBy()).isEqualTo("slack:U123");
        assertThat(incident.acknowledgedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(incident.escalation().nextEscalationAt()).isNull();
        assertThat(incident.escalation().resolveDueAt()).as("the resolve target still counts").isNotNull();
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
    void severityOnlyRisesAndAnEarlierDeadlineOfTheNewSeverityApplies() {
        Incident incident = triggered();
        assertThat(incident.raiseSeverityTo(Severity.SEV4, "r", T0, MATRIX)).isFalse();
        assertThat(incident.raiseSeverityTo(Severity.SEV2, "r", T0.plusSeconds(60), MATRIX)).isTrue();
        assertThat(incident.raiseSeverityTo(Severity.SEV3, "r", T0, MATRIX)).isFalse();
        assertThat(incident.severity()).isEqualTo(Severity.SEV2);
        assertThat(incident.escalation().nextEscalationAt()).as("SEV2: 15 min from opening")
                .isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(incident.escalation().resolveDueAt()).isEqualTo(T0.plus(Duration.ofHours(4)));
    }

    @Test
    void theStormRuleRaisesOneLevelOnceAndNeverPastSev1() {
        Incident incident = triggered(Severity.SEV2, 3);
        assertThat(incident.raiseSeverityForStorm("storm", T0, MATRIX)).contains(Severity.SEV2);
        assertThat(incident.severity()).isEqualTo(Severity.SEV1);
        assertThat(incident.raiseSeverityForStorm("storm", T0, MATRIX)).as("once").isEmpty();
        Incident sev1 = triggered(Severity.SEV1, 4);
        assertThat(sev1.raiseSeverityForStorm("storm", T0, MATRIX)).isEmpty();
    }

    @Test
    void aPersonLoweringTheSeverityMovesItsDeadlinesAndSev4StopsEscalation() {
        Incident incident = triggered(Severity.SEV1, 11);
        assertThat(incident.escalation().nextEscalationAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));

        assertThat(incident.setSeverity(Severity.SEV3, "one customer", T0.plusSeconds(60), MATRIX)).isTrue();
        assertThat(incident.escalation().nextEscalationAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(incident.escalation().resolveDueAt()).isEqualTo(T0.plus(Duration.ofHours(24)));

        assertThat(incident.setSeverity(Severity.SEV4, "cosmetic", T0.plusSeconds(120), MATRIX)).isTrue();
        assertThat(incident.escalation().nextEscalationAt()).as("SEV4 never escalates").isNull();
        assertThat(incident.setSeverity(Severity.SEV4, "again", T0.plusSeconds(180), MATRIX)).isFalse();
        assertThat(incident.setSeverity(Severity.SEV2, "spreading", T0.plusSeconds(240), MATRIX)).isTrue();
        assertThat(incident.escalation().nextEscalationAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
    }

    @Test
    void escalatesOnlyWhenDueAndNamesTheStateWhenNot() {
        Incident incident = triggered(Severity.SEV2, 5);
        Instant due = T0.plus(Duration.ofMinutes(15));
        assertThat(incident.isEscalationDue(due.minusMillis(1))).isFalse();
        assertThatThrownBy(() -> incident.escalate(due.minusMillis(1), "#sre-oncall", "r", null, List.of()))
                .isInstanceOf(IllegalIncidentTransition.class).hasMessageContaining("it is not due");
        incident.escalate(due, "#sre-oncall", "r", due.plus(Duration.ofMinutes(15)), List.of());
        assertThat(incident.escalation().level()).isEqualTo(1);
        assertThat(incident.escalation().nextEscalationAt()).isEqualTo(due.plus(Duration.ofMinutes(15)));
    }

    @Test
    void anInhibitedChildDoesNotEscalateUntilReleasedThenCountsFromItsRelease() {
        Incident parent = triggered(Severity.SEV1, 10);
        Incident child = triggered(Severity.SEV3, 11);
        child.inhibitBy(parent);
        assertThat(child.parentIncidentKey()).isEqualTo("INC-10");
        assertThat(child.escalation().nextEscalationAt()).isNull();
        assertThat(child.isEscalationDue(T0.plus(Duration.ofDays(1)))).isFalse();
        assertThatThrownBy(() -> child.inhibitBy(child)).isInstanceOf(IllegalIncidentTransition.class);

        Instant released = T0.plus(Duration.ofHours(2));
        child.pullChanges();
        child.release(released, List.of(), MATRIX);
        assertThat(child.parentIncidentKey()).isNull();
        assertThat(child.escalation().nextEscalationAt()).isEqualTo(released.plus(Duration.ofHours(1)));
        assertThat(changes(child)).containsExactly(IncidentChange.InhibitionEnded.class);
        assertThatThrownBy(() -> child.release(released, List.of(), MATRIX))
                .isInstanceOf(IllegalIncidentTransition.class).hasMessage("cannot release INC-11: it is not inhibited");
    }

    @Test
    void maintenancePausesEscalationAndItsEndRestartsItFromThen() {
        Incident incident = triggered(Severity.SEV2, 12);
        UUID window = UUID.randomUUID();
        incident.pullChanges();
        incident.enterMaintenance(window, "upgrade", T0.plus(Duration.ofHours(1)), T0.plusSeconds(1));
        assertThat(incident.escalation().nextEscalationAt()).isNull();
        assertThat(changes(incident)).containsExactly(IncidentChange.MaintenanceStarted.class);
        assertThatThrownBy(() -> incident.enterMaintenance(window, "again", T0, T0))
                .isInstanceOf(IllegalIncidentTransition.class);
        Instant end = T0.plus(Duration.ofHours(1));
        incident.leaveMaintenance(end, MATRIX);
        assertThat(incident.inMaintenance()).isFalse();
        assertThat(incident.maintenanceWindowId()).as("kept for the record").isEqualTo(window);
        assertThat(incident.escalation().nextEscalationAt()).isEqualTo(end.plus(Duration.ofMinutes(15)));
    }

    @Test
    void anIncidentOpenedUnderAWindowSaysSoInItsOpeningNotInAChangeOfItsOwn() {
        Incident incident = triggered(Severity.SEV2, 13);
        incident.enterMaintenance(UUID.randomUUID(), "upgrade", T0.plus(Duration.ofHours(1)), T0);
        assertThat(changes(incident)).containsExactly(IncidentChange.IncidentOpened.class);
    }

    @Test
    void flappingStartsOnceAndEndsOnlyWhenStarted() {
        Incident incident = triggered();
        incident.startFlapping("0a", 3, Duration.ofMinutes(30), T0);
        assertThat(incident.flappingSince()).isEqualTo(T0);
        assertThatThrownBy(() -> incident.startFlapping("0a", 4, Duration.ofMinutes(30), T0))
                .isInstanceOf(IllegalIncidentTransition.class).hasMessageContaining("it flaps since");
        assertThat(incident.endFlapping(T0.plusSeconds(5))).isEqualTo(T0);
        assertThatThrownBy(() -> incident.endFlapping(T0)).isInstanceOf(IllegalIncidentTransition.class);
        incident.startFlapping("0a", 3, Duration.ofMinutes(30), T0);
        incident.resolve("system", T0);
        assertThat(incident.flappingSince()).as("resolving ends flapping").isNull();
    }

    @Test
    void aResolveTargetIsMissedOnce() {
        Incident incident = triggered(Severity.SEV2, 14);
        Instant due = T0.plus(Duration.ofHours(4));
        assertThat(incident.isResolveBreachDue(due)).isTrue();
        incident.missResolveTarget(due);
        assertThat(incident.isResolveBreachDue(due)).isFalse();
        assertThatThrownBy(() -> incident.missResolveTarget(due)).isInstanceOf(IllegalIncidentTransition.class)
                .hasMessageContaining("already missed");
    }
}

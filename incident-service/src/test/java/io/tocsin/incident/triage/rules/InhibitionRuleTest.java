package io.tocsin.incident.triage.rules;

import static io.tocsin.incident.triage.rules.RuleFixtures.T0;
import static io.tocsin.incident.triage.rules.RuleFixtures.firing;
import static io.tocsin.incident.triage.rules.RuleFixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.incident.incident.AttachedAlert;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentChange;
import io.tocsin.incident.incident.Severity;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Seed 000: critical suppresses warning for the same service; inhibition ends with its source. */
class InhibitionRuleTest {

    /** Open incidents in opening order; the rule asks for the oldest critical one of a service. */
    private final List<Incident> open = new ArrayList<>();
    private final List<Incident> saved = new ArrayList<>();
    private final RuleFixtures.RecordedEntries entries = new RuleFixtures.RecordedEntries();
    private final InhibitionRule rule = new InhibitionRule(new InhibitionRule.Incidents() {
        @Override
        public Optional<Incident> openCriticalOfService(String service, UUID except) {
            return open.stream().filter(i -> i.isOpen() && service.equals(i.service()) && !i.id().equals(except)
                    && i.severity().isWorseThan(Severity.SEV3)).findFirst();
        }

        @Override
        public List<Incident> openChildrenOf(UUID parent) {
            return open.stream().filter(i -> i.isOpen() && parent.equals(i.parentIncidentId())).toList();
        }

        @Override
        public List<AttachedAlert> firingAlerts(UUID incidentId) {
            return List.of();
        }

        @Override
        public void save(Incident incident) {
            saved.add(incident);
        }
    }, RuleFixtures.MATRIX, entries);

    private Incident opened(long number, Severity severity, String service) {
        Incident incident = incident(number, severity, service);
        rule.opened(incident, firing("00000000000000d" + number, Map.of("service", service)), T0);
        open.add(incident);
        return incident;
    }

    @Test
    void aWarningIncidentOfAServiceWithAnOpenCriticalOneBecomesItsChild() {
        Incident parent = opened(1, Severity.SEV2, "checkout");
        Incident child = opened(2, Severity.SEV3, "checkout");
        Incident otherService = opened(3, Severity.SEV3, "search");
        assertThat(parent.parentIncidentKey()).isNull();
        assertThat(child.parentIncidentKey()).isEqualTo("INC-1");
        assertThat(child.escalation().nextEscalationAt()).as("does not escalate").isNull();
        assertThat(otherService.parentIncidentKey()).isNull();
        assertThat(entries.types()).containsExactly(TimelineEntryType.INCIDENT_INHIBITED, TimelineEntryType.CHILD_LINKED);
        assertThat(entries.entries.get(1).incidentId()).isEqualTo(parent.id());
    }

    @Test
    void aCriticalIncidentIsNeverInhibited() {
        opened(1, Severity.SEV2, "checkout");
        Incident second = opened(2, Severity.SEV1, "checkout");
        assertThat(second.parentIncidentKey()).isNull();
    }

    @Test
    void whenTheParentResolvesTheChildMovesToAnotherCriticalIncidentOrIsReleased() {
        Incident first = opened(1, Severity.SEV2, "checkout");
        Incident second = opened(2, Severity.SEV2, "checkout");
        Incident child = opened(3, Severity.SEV4, "checkout");
        child.pullChanges();

        first.resolve("api:a", T0.plusSeconds(10));
        rule.parentResolved(first, T0.plusSeconds(10));
        assertThat(child.parentIncidentKey()).isEqualTo("INC-2");
        assertThat(child.pullChanges()).as("moving is not announced").isEmpty();

        second.resolve("api:a", T0.plusSeconds(20));
        rule.parentResolved(second, T0.plusSeconds(20));
        assertThat(child.parentIncidentKey()).isNull();
        assertThat(child.pullChanges()).singleElement().isInstanceOfSatisfying(IncidentChange.InhibitionEnded.class,
                c -> assertThat(c.parentIncidentKey()).isEqualTo("INC-2"));
        assertThat(child.escalation().resolveDueAt()).as("SEV4 has no resolve target").isNull();
        assertThat(saved).containsExactly(child, child);
        assertThat(entries.types()).endsWith(TimelineEntryType.INCIDENT_RELEASED, TimelineEntryType.CHILD_RELEASED);
    }

    @Test
    void aReleasedSev3ChildCountsItsTargetsFromItsRelease() {
        Incident parent = opened(1, Severity.SEV1, "db");
        Incident child = opened(2, Severity.SEV3, "db");
        parent.resolve("api:a", T0.plusSeconds(3600));
        rule.parentResolved(parent, T0.plusSeconds(3600));
        assertThat(child.escalation().nextEscalationAt()).isEqualTo(T0.plusSeconds(3600).plus(Duration.ofHours(1)));
    }
}

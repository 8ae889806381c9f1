package io.tocsin.incident.triage.rules;

import static io.tocsin.incident.triage.rules.RuleFixtures.T0;
import static io.tocsin.incident.triage.rules.RuleFixtures.firing;
import static io.tocsin.incident.triage.rules.RuleFixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.Severity;
import io.tocsin.incident.maintenance.MaintenanceWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tocsin's silences: a new incident whose first alert matches an active window falls under the first such window. */
class MaintenanceRuleTest {

    private static MaintenanceWindow window(String service) {
        return new MaintenanceWindow(UUID.randomUUID(), List.of(new MaintenanceWindow.Matcher("service", service, false, true)),
                T0.minusSeconds(60), T0.plusSeconds(3600), "upgrade " + service, "api:admin", T0.minusSeconds(60), null);
    }

    private final List<MaintenanceWindow> active = new ArrayList<>();
    private final List<String> entered = new ArrayList<>();
    private Instant askedAt;
    private final MaintenanceRule rule = new MaintenanceRule(at -> {
        askedAt = at;
        return active;
    }, (incident, window, at) -> entered.add(incident.key() + " " + window.comment()));

    @Test
    void aMatchingActiveWindowCoversTheNewIncident() {
        active.add(window("search"));
        active.add(window("checkout"));
        active.add(window("checkout"));
        Incident incident = incident(1, Severity.SEV2, "checkout");
        rule.opened(incident, firing("00000000000000e1", Map.of("service", "checkout")), T0);
        assertThat(entered).containsExactly("INC-1 upgrade checkout");
        assertThat(askedAt).isEqualTo(T0);
    }

    @Test
    void noMatchingWindowChangesNothing() {
        active.add(window("search"));
        rule.opened(incident(2, Severity.SEV2, "checkout"), firing("00000000000000e2", Map.of("service", "checkout")), T0);
        assertThat(entered).isEmpty();
    }
}

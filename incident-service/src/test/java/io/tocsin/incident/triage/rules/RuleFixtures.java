package io.tocsin.incident.triage.rules;

import io.tocsin.incident.escalation.EscalationPolicy;
import io.tocsin.incident.escalation.EscalationSettings;
import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentOrigin;
import io.tocsin.incident.incident.ResponseTargets;
import io.tocsin.incident.incident.Severity;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the rules' unit tests share: incidents, alerts, and timeline entries recorded in a list. */
final class RuleFixtures {

    static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");
    static final ResponseTargets MATRIX = new EscalationPolicy(EscalationSettings.defaults());

    private RuleFixtures() {
    }

    /** A timeline entry a rule wrote. */
    record Entry(UUID incidentId, TimelineEntryType type, String actor, String summary, Map<String, Object> details) {
    }

    /** {@link Entries} that keeps what it is given. */
    static final class RecordedEntries implements Entries {

        final List<Entry> entries = new ArrayList<>();

        @Override
        public void append(UUID incidentId, Instant at, TimelineEntryType type, String actor, String summary,
                           TimelineDetails details) {
            entries.add(new Entry(incidentId, type, actor, summary, details.toMap()));
        }

        List<TimelineEntryType> types() {
            return entries.stream().map(Entry::type).toList();
        }
    }

    static Incident incident(long number, Severity severity, String service) {
        Incident incident = Incident.open(new IncidentOrigin(UUID.randomUUID(), number, "title " + number, service,
                "g" + number, "g" + number, "r", "alertmanager", "", T0, null, null), severity, null, MATRIX);
        incident.pullChanges();
        return incident;
    }

    static Alert firing(String fingerprint, Map<String, String> labels) {
        return new Alert(UUID.randomUUID(), fingerprint, Alert.Status.FIRING, labels, Map.of(), T0, null, "", "g", "r", "",
                "alertmanager", T0, T0);
    }

    static Alert resolved(Alert firing) {
        return new Alert(UUID.randomUUID(), firing.fingerprint(), Alert.Status.RESOLVED, firing.labels(), Map.of(),
                firing.startsAt(), T0.plusSeconds(60), "", "g", "r", "", "alertmanager", T0, T0);
    }
}

package io.tocsin.incident.changes;

import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.triage.rules.TriageRule;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** When an incident opens, it shows the recent changes of its service ({@link Changes#linkRecent}). */
@Component
class RecentChangesRule implements TriageRule {

    private final Changes changes;

    RecentChangesRule(Changes changes) {
        this.changes = changes;
    }

    @Override
    public void opened(Incident incident, Alert alert, Instant at) {
        changes.linkRecent(incident, at);
    }
}

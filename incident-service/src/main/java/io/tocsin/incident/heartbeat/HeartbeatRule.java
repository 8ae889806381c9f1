package io.tocsin.incident.heartbeat;

import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.triage.TriageBatch;
import io.tocsin.incident.triage.TriageOutcome;
import io.tocsin.incident.triage.rules.TriageRule;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The first triage rule: an alert whose alertname is a heartbeat's ({@code Watchdog}) is the heartbeat, not an
 * incident. A firing one arrives ({@link Heartbeats#arrived}) at its received time; a resolved one is ignored.
 */
@Component
@Order(0)
class HeartbeatRule implements TriageRule {

    private final HeartbeatSettings settings;
    private final Heartbeats heartbeats;
    private final java.time.Clock clock;

    HeartbeatRule(HeartbeatSettings settings, Heartbeats heartbeats, java.time.Clock clock) {
        this.settings = settings;
        this.heartbeats = heartbeats;
        this.clock = clock;
    }

    @Override
    public boolean mayAdmit(Alert alert) {
        return settings.byAlertname(alert.labels().get("alertname")).isEmpty();
    }

    @Override
    public Optional<TriageOutcome> admit(Alert alert, TriageBatch batch) {
        return settings.byAlertname(alert.labels().get("alertname")).map(heartbeat -> {
            if (alert.status() == Alert.Status.FIRING) {
                heartbeats.arrived(heartbeat, alert.receivedAt() == null ? clock.instant() : alert.receivedAt());
            }
            return TriageOutcome.HEARTBEAT;
        });
    }
}

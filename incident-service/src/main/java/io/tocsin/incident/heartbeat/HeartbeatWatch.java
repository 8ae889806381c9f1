package io.tocsin.incident.heartbeat;

import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.triage.Triage;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Opens the SEV2 silence incident of an armed heartbeat that stopped arriving (run by the due-work scheduler). */
@Service
public class HeartbeatWatch {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatWatch.class);
    private final Heartbeats heartbeats;
    private final Triage triage;

    HeartbeatWatch(Heartbeats heartbeats, Triage triage) {
        this.heartbeats = heartbeats;
        this.triage = triage;
    }

    /**
     * Opens the silence incident of an armed heartbeat not seen for longer than its interval at {@code now}; nothing
     * when it is not armed, not silent, or its incident is already open.
     *
     * @return whether an incident was opened
     */
    @Transactional
    public boolean check(HeartbeatSettings.Heartbeat heartbeat, Instant now) {
        Optional<Instant> lastSeen = heartbeats.lastSeen(heartbeat);
        if (lastSeen.isEmpty() || !lastSeen.get().plus(heartbeat.interval()).isBefore(now)) {
            return false;
        }
        Alert silence = Heartbeats.silenceAlert(heartbeat, lastSeen.get(), now);
        if (triage.openIncidentOf(silence).isPresent()) {
            return false;
        }
        triage.triage(silence);
        log.warn("heartbeat.silent name={} lastSeen={}", heartbeat.name(), lastSeen.get());
        return true;
    }
}

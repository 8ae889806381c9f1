package io.tocsin.incident.heartbeat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Dead man's switches, {@code tocsin.incident.heartbeats[n].*}: an alert (by alertname) or backup-verifier verdicts
 * ({@code source: backup-verifier}) that must keep arriving; armed when first seen. Default: Prometheus'
 * {@code Watchdog} every 10 min (Alertmanager repeats it), backup verdicts every 26 h.
 */
@ConfigurationProperties("tocsin.incident")
public record HeartbeatSettings(List<Heartbeat> heartbeats) {

    public HeartbeatSettings {
        heartbeats = heartbeats == null || heartbeats.isEmpty()
                ? List.of(new Heartbeat("watchdog", "Watchdog", null, Duration.ofMinutes(10),
                                "Alerting pipeline silent: no Watchdog alert for 10 min"),
                        new Heartbeat("backup-verifier", null, "backup-verifier", Duration.ofHours(26),
                                "Backup verification silent: no verdict for 26 h"))
                : List.copyOf(heartbeats);
    }

    /** The heartbeat an alert of this alertname is, if any. */
    public Optional<Heartbeat> byAlertname(String alertname) {
        return heartbeats.stream().filter(h -> h.alertname() != null && h.alertname().equals(alertname)).findFirst();
    }

    /** The heartbeat messages of this source are, if any. */
    public Optional<Heartbeat> bySource(String source) {
        return heartbeats.stream().filter(h -> source.equals(h.source())).findFirst();
    }

    /**
     * A dead man's switch.
     *
     * @param name      key, e.g. {@code watchdog}
     * @param alertname an alert with this alertname is the heartbeat (it opens no incident itself), or
     * @param source    messages from this source are the heartbeat ({@code backup-verifier})
     * @param interval  silence longer than this opens a SEV2 incident, resolved when the heartbeat returns
     * @param title     the incident's title
     */
    public record Heartbeat(String name, String alertname, String source, Duration interval, String title) {
    }
}

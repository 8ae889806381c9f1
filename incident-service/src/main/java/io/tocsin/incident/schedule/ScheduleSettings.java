package io.tocsin.incident.schedule;

import io.tocsin.platform.jdbc.scheduling.ClusterScheduling;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When due work runs, {@code tocsin.incident.*}.
 *
 * @param escalationScanInterval the pause between two scans for due work ({@code escalation-scan-interval}, 10 s): the
 *                               latest an escalation, a window's start or a missed heartbeat is applied after it fell due
 * @param scheduling             the cluster scheduler's polling and heartbeats ({@code scheduling.*}): one instance
 *                               scans at a time; when it dies, another takes over after {@code missed-heartbeats ×
 *                               heartbeat}
 */
@ConfigurationProperties("tocsin.incident")
public record ScheduleSettings(@DefaultValue("10s") Duration escalationScanInterval, Scheduling scheduling) {

    public ScheduleSettings {
        scheduling = scheduling == null ? new Scheduling(null, null, null) : scheduling;
    }

    /** {@code tocsin.incident.scheduling.*}; unset values take {@link ClusterScheduling.Settings#defaults()}. */
    public record Scheduling(Duration polling, Duration heartbeat, Integer missedHeartbeats) {

        /** These settings over the defaults. */
        public ClusterScheduling.Settings toSettings() {
            ClusterScheduling.Settings d = ClusterScheduling.Settings.defaults();
            return new ClusterScheduling.Settings(polling == null ? d.polling() : polling,
                    heartbeat == null ? d.heartbeat() : heartbeat,
                    missedHeartbeats == null ? d.missedHeartbeats() : missedHeartbeats, d.threads(), d.shutdownMaxWait());
        }
    }
}

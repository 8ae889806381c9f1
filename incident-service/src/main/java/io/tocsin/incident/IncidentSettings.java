package io.tocsin.incident;

import io.tocsin.incident.incidents.Severity;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * incident-service configuration, {@code tocsin.incident.*}.
 *
 * @param groupBy         labels whose values form the grouping key; empty (default) groups by Alertmanager's
 *                        {@code groupKey}, one open incident per group
 * @param severityMapping {@code severity} label value (lower case) → incident severity; design.md default
 *                        {@code critical → SEV2, warning → SEV3, info → SEV4}
 * @param defaultSeverity severity of an alert with no {@code incident_severity} and an unmapped or missing
 *                        {@code severity} label
 * @param targets         acknowledge / resolve targets per severity; default the seed runbook's escalation matrix:
 *                        SEV1 5 min / 1 h, SEV2 15 min / 4 h, SEV3 1 h / 24 h, SEV4 none
 * @param storm           seed rule "escalate one sev higher if more than 10 reports inside 5 minutes"
 * @param flapping        an alert changing state more than {@code threshold} times within {@code window} makes its
 *                        incident flapping; default as in Alerta: more than 2 changes in 30 minutes
 * @param heartbeats      dead man's switches: an alert (by alertname) or backup-verifier verdicts ({@code source:
 *                        backup-verifier}) that must keep arriving; armed when first seen. Default: Prometheus'
 *                        {@code Watchdog} every 10 min (Alertmanager repeats it), backup verdicts every 26 h
 * @param escalationLevels who is called at each escalation level; an unacknowledged incident reaches level n at
 *                        n x its acknowledge target and stays at the last level, repeating, until acknowledged.
 *                        Default (seed matrix): on-call {@code #sre-oncall}, team lead, engineering lead
 */
@Validated
@ConfigurationProperties("tocsin.incident")
public record IncidentSettings(
        @DefaultValue List<String> groupBy,
        Map<String, Severity> severityMapping,
        @NotNull @DefaultValue("SEV3") Severity defaultSeverity,
        Map<Severity, Target> targets,
        List<EscalationLevel> escalationLevels,
        @DefaultValue Storm storm,
        @DefaultValue Flapping flapping,
        List<Heartbeat> heartbeats) {

    /** Fills in the design's default severity mapping when none is configured. */
    public IncidentSettings {
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        severityMapping = severityMapping == null || severityMapping.isEmpty()
                ? Map.of("critical", Severity.SEV2, "warning", Severity.SEV3, "info", Severity.SEV4)
                : Map.copyOf(severityMapping);
        Map<Severity, Target> merged = new EnumMap<>(Severity.class);
        merged.put(Severity.SEV1, new Target(Duration.ofMinutes(5), Duration.ofHours(1)));
        merged.put(Severity.SEV2, new Target(Duration.ofMinutes(15), Duration.ofHours(4)));
        merged.put(Severity.SEV3, new Target(Duration.ofHours(1), Duration.ofHours(24)));
        merged.put(Severity.SEV4, new Target(null, null));
        if (targets != null) {
            merged.putAll(targets);
        }
        targets = Collections.unmodifiableMap(merged);
        escalationLevels = escalationLevels == null || escalationLevels.isEmpty()
                ? List.of(new EscalationLevel("on-call", "#sre-oncall"), new EscalationLevel("team lead", "@team-leads"),
                        new EscalationLevel("engineering lead", "@engineering-lead"))
                : List.copyOf(escalationLevels);
        heartbeats = heartbeats == null || heartbeats.isEmpty()
                ? List.of(new Heartbeat("watchdog", "Watchdog", null, Duration.ofMinutes(10),
                                "Alerting pipeline silent: no Watchdog alert for 10 min"),
                        new Heartbeat("backup-verifier", null, "backup-verifier", Duration.ofHours(26),
                                "Backup verification silent: no verdict for 26 h"))
                : List.copyOf(heartbeats);
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

    /**
     * The storm rule: more than {@code threshold} alerts attached to one incident within {@code window}
     * raise its severity one level, once.
     */
    public record Storm(@DefaultValue("10") int threshold, @DefaultValue("5m") Duration window) {
    }

    /**
     * The flapping rule. A state change is an alert of the fingerprint resolving, or firing again after an
     * earlier firing; the first firing is not a change. More than {@code threshold} changes within
     * {@code window} mark the incident flapping: it is held open rather than resolved and reopened, and
     * consumers throttle its notifications. Flapping ends when no alert of the incident changed for a whole
     * window; the incident then resolves if every alert has.
     */
    public record Flapping(@DefaultValue("2") int threshold, @DefaultValue("30m") Duration window) {
    }

    /**
     * One escalation level.
     *
     * @param name   e.g. {@code team lead}
     * @param target who is paged: a channel or a Slack user group
     */
    public record EscalationLevel(String name, String target) {
    }

    /**
     * Response targets of one severity.
     *
     * @param acknowledge time from opening to acknowledgement; {@code null} = no target
     * @param resolve     time from opening to resolution; {@code null} = no target
     */
    public record Target(Duration acknowledge, Duration resolve) {
    }
}

package io.tocsin.incident.escalation;

import io.tocsin.incident.incident.Severity;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The escalation matrix, {@code tocsin.incident.targets.*} and {@code tocsin.incident.escalation-levels[n].*}.
 *
 * @param targets          acknowledge / resolve targets per severity; default seed 000's escalation matrix: SEV1
 *                         5 min / 1 h, SEV2 15 min / 4 h, SEV3 1 h / 24 h, SEV4 none
 * @param escalationLevels who is called at each escalation level; an unacknowledged incident reaches level n at n x its
 *                         acknowledge target and stays at the last level, repeating, until acknowledged. Default (seed
 *                         matrix): on-call {@code #sre-oncall}, team lead, engineering lead
 */
@Validated
@ConfigurationProperties("tocsin.incident")
public record EscalationSettings(Map<Severity, Target> targets, List<Level> escalationLevels) {

    /** Fills in seed 000's matrix for what is not configured. */
    public EscalationSettings {
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
                ? List.of(new Level("on-call", "#sre-oncall"), new Level("team lead", "@team-leads"),
                        new Level("engineering lead", "@engineering-lead"))
                : List.copyOf(escalationLevels);
    }

    /** The seed defaults, for tests and tools without Spring. */
    public static EscalationSettings defaults() {
        return new EscalationSettings(null, null);
    }

    /**
     * One escalation level.
     *
     * @param name   e.g. {@code team lead}
     * @param target who is paged: a channel or a Slack user group
     */
    public record Level(String name, String target) {
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

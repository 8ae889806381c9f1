package io.tocsin.oncall;

import io.tocsin.contracts.alerts.LabelMatcher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A configured escalation policy: for incidents whose labels match and whose severity is listed, the levels to page in
 * order, each after a delay without acknowledgement, the whole sequence repeated {@code repeat} more times.
 *
 * @param name       unique, e.g. {@code payments-critical}
 * @param matchers   Prometheus-style label matchers on the incident's common labels, all of which must match; none =
 *                   every incident
 * @param severities {@code SEV1}…{@code SEV4} it applies to; empty = all
 * @param levels     at least one, in order
 * @param repeat     how many more times the levels run after the last one is reached, 0 = once
 * @param waitForCoverage what a level does when its schedules have nobody on call: {@code false}
 *                   ({@code whenNobodyOnCall: next}, the default) moves to the next level at once; {@code true}
 *                   ({@code whenNobodyOnCall: wait}) waits until its schedules next cover and pages then — business
 *                   hours for SEV3 (seed 002: "next business hours queue"; seed 000: "team lead next business day")
 */
public record EscalationPolicy(String name, List<LabelMatcher> matchers, Set<String> severities, List<Level> levels, int repeat,
                               boolean waitForCoverage) {

    /** A policy that moves on when nobody is on call. */
    public EscalationPolicy(String name, List<LabelMatcher> matchers, Set<String> severities, List<Level> levels, int repeat) {
        this(name, matchers, severities, levels, repeat, false);
    }

    public EscalationPolicy {
        matchers = List.copyOf(matchers);
        severities = Set.copyOf(severities);
        levels = List.copyOf(levels);
    }

    /**
     * One level.
     *
     * @param delay   after the previous level was paged (level 1: after the incident opened) without acknowledgement
     * @param targets whom it pages, at least one
     */
    public record Level(Duration delay, List<PageTarget> targets) {

        public Level {
            targets = List.copyOf(targets);
        }
    }

    /** Whether it applies to an incident with these labels and severity. */
    public boolean appliesTo(Map<String, String> labels, String severity) {
        return (severities.isEmpty() || severities.contains(severity)) && matchers.stream().allMatch(m -> m.matches(labels));
    }
}

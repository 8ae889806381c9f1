package io.tocsin.remediation.catalogue;

import io.tocsin.contracts.alerts.LabelMatcher;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A runbook: which alerts it answers and the ordered steps it takes.
 *
 * @param name        unique name, e.g. {@code redis-memory-high}
 * @param description what it does, for people
 * @param dryRun      {@code null} follows {@code tocsin.remediation.dry-run}; {@code true}/{@code false} override it
 * @param matchers    all must match the alert's labels
 * @param steps       run in order; a step that does not succeed skips the rest
 * @param approvers   who may approve its {@code approval: required} steps; {@code null} = the global policy
 *                    ({@code tocsin.remediation.approvals})
 */
public record Runbook(String name, String description, Boolean dryRun, List<LabelMatcher> matchers, List<Step> steps,
                      Approvers approvers) {

    /**
     * A runbook's own approval policy (catalogue keys {@code approvers}, {@code approverGroups}, {@code approvalTimeout}).
     *
     * @param users   Slack user ids, e.g. {@code U024BE7LH}
     * @param groups  Slack user group ids, e.g. {@code S0614TZR7}
     * @param timeout how long a request waits before the step is skipped; {@code null} = the global timeout
     */
    public record Approvers(List<String> users, List<String> groups, Duration timeout) {
    }

    /** Whether an alert with these labels triggers this runbook. */
    public boolean matches(Map<String, String> labels) {
        return matchers.stream().allMatch(m -> m.matches(labels));
    }

    /**
     * One step.
     *
     * @param index    0-based position
     * @param action   action type, e.g. {@code postgres.terminate-long-running-queries}
     * @param params   parameters; strings may use {@code {{ labels.x }}}, {@code {{ annotations.x }}}, {@code {{ incident.key }}}
     * @param timeout  how long the action may take
     * @param approval whether a responder must approve before it runs
     */
    public record Step(int index, String action, Map<String, Object> params, Duration timeout, Approval approval) {
    }

    /** {@code approval: none | required}. */
    public enum Approval { NONE, REQUIRED }
}

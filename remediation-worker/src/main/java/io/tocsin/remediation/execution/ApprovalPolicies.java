package io.tocsin.remediation.execution;

import io.tocsin.remediation.RemediationSettings;
import io.tocsin.remediation.catalogue.Catalogue;
import io.tocsin.remediation.catalogue.Runbook;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Who may decide a runbook's approval requests and how long they wait: the runbook's own {@code approvers},
 * {@code approverGroups} and {@code approvalTimeout} (catalogue), else {@code tocsin.remediation.approvals}.
 */
@Component
class ApprovalPolicies {

    private final Catalogue catalogue;
    private final RemediationSettings.Approvals global;

    ApprovalPolicies(Catalogue catalogue, RemediationSettings settings) {
        this.catalogue = catalogue;
        this.global = settings.approvals();
    }

    /**
     * One runbook's policy. With no user and no group, anyone may decide.
     *
     * @param users   Slack user ids
     * @param groups  Slack user group ids
     * @param timeout how long a request waits before the step is skipped ({@code approval_expired})
     */
    record Policy(List<String> users, List<String> groups, Duration timeout) {

        /**
         * Whether {@code actor} ({@code slack:U123}) may decide. Group membership is Slack's to know: the notifier checks
         * it before it sends the command, so a policy with groups trusts the command.
         */
        boolean allows(String actor) {
            if (users.isEmpty() && groups.isEmpty()) {
                return true;
            }
            String user = actor != null && actor.startsWith("slack:") ? actor.substring(6) : actor;
            return users.contains(user) || !groups.isEmpty();
        }
    }

    /** The policy of {@code runbook}; a runbook no longer in the catalogue gets the global one. */
    Policy of(String runbook) {
        Runbook.Approvers own = catalogue.runbooks().stream().filter(r -> r.name().equals(runbook)).findFirst()
                .map(Runbook::approvers).orElse(null);
        if (own == null) {
            return new Policy(global.approvers(), global.approverGroups(), global.timeout());
        }
        boolean named = !own.users().isEmpty() || !own.groups().isEmpty();
        return new Policy(named ? own.users() : global.approvers(), named ? own.groups() : global.approverGroups(),
                own.timeout() == null ? global.timeout() : own.timeout());
    }
}

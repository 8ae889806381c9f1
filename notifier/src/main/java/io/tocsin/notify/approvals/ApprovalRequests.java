package io.tocsin.notify.approvals;

import io.tocsin.contracts.messages.RemediationResult;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code notifier.approval_request}: the approvers of each remediation step waiting for approval, as
 * remediation-worker announced them ({@link RemediationResult.RemediationAwaitingApproval}), and the check a Slack
 * click goes through before its command is sent.
 */
@Repository
public class ApprovalRequests {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    ApprovalRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Who may decide one request.
     *
     * @param users     Slack user ids; with {@code groups} also empty, anyone may
     * @param groups    Slack user group ids whose members may
     * @param expiresAt when the request lapses, or {@code null}
     */
    public record Policy(List<String> users, List<String> groups, Instant expiresAt) {

        /** Whether anyone may decide. */
        public boolean open() {
            return users.isEmpty() && groups.isEmpty();
        }
    }

    /** What a click may do. */
    public sealed interface Verdict {
        /** The user may decide. */
        record Allowed() implements Verdict {
        }

        /** The user may not: {@code message} says why, for an ephemeral reply. */
        record Refused(String message) implements Verdict {
        }
    }

    /** Records a request's policy (a redelivery changes nothing). */
    public void record(RemediationResult.RemediationAwaitingApproval request, Instant now) {
        jdbc.sql("""
                        INSERT INTO approval_request (execution_id, incident_id, approvers, approver_groups, expires_at, requested_at)
                        VALUES (?, ?, ?::jsonb, ?::jsonb, ?, ?) ON CONFLICT (execution_id) DO NOTHING""")
                .params(request.executionId(), request.incidentId(),
                        json.writeValueAsString(request.approvers() == null ? List.of() : request.approvers()),
                        json.writeValueAsString(request.approverGroups() == null ? List.of() : request.approverGroups()),
                        request.expiresAt() == null ? null : Timestamp.from(request.expiresAt()), Timestamp.from(now))
                .update();
    }

    /** The policy of one request, if the notifier has seen it. */
    public Optional<Policy> find(UUID executionId) {
        return jdbc.sql("SELECT approvers::text, approver_groups::text, expires_at FROM approval_request WHERE execution_id = ?")
                .param(executionId)
                .query((rs, n) -> new Policy(json.readValue(rs.getString(1), STRINGS), json.readValue(rs.getString(2), STRINGS),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()))
                .optional();
    }

    /**
     * Whether Slack user {@code user} may decide the request of {@code executionId} at {@code now}: a listed approver,
     * or a member of a listed user group ({@code membersOf}, Slack's {@code usergroups.users.list}). A request the
     * notifier has not seen (its {@code RemediationAwaitingApproval} did not reach it) is open to anyone; an expired one
     * to nobody.
     */
    public Verdict check(UUID executionId, String user, Instant now, Function<String, List<String>> membersOf) {
        Optional<Policy> found = find(executionId);
        if (found.isEmpty()) {
            return new Verdict.Allowed();
        }
        Policy policy = found.get();
        if (policy.expiresAt() != null && !now.isBefore(policy.expiresAt())) {
            return new Verdict.Refused("This approval request expired at " + policy.expiresAt() + "; the step was skipped.");
        }
        if (policy.open() || policy.users().contains(user)
                || policy.groups().stream().anyMatch(group -> membersOf.apply(group).contains(user))) {
            return new Verdict.Allowed();
        }
        String who = String.join(", ", java.util.stream.Stream.concat(policy.users().stream().map(u -> "<@" + u + ">"),
                policy.groups().stream().map(g -> "<!subteam^" + g + ">")).toList());
        return new Verdict.Refused("You are not allowed to decide this step. Approvers: " + who + ".");
    }
}

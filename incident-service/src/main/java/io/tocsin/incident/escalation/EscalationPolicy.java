package io.tocsin.incident.escalation;

import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.Page;
import io.tocsin.incident.incident.ResponseTargets;
import io.tocsin.incident.incident.Severity;
import io.tocsin.oncall.OnCallConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one place that computes when an incident must be acknowledged and resolved, when it escalates next and whom an
 * escalation pages.
 *
 * <p>An incident whose labels and severity an escalation policy of the on-call configuration matches
 * ({@code TOCSIN_ONCALL_CONFIG}, {@link OnCallConfig#policyFor}) follows that policy's levels ({@link OnCallLevels}):
 * level 1 after its delay from the opening (0 = at the next scan, within {@code escalation-scan-interval}), each next
 * level after its own delay, the whole sequence {@code repeat} more times, and each level pages whoever its targets
 * resolve to at that instant. The policy is looked up again at every level, so a changed configuration applies to
 * open incidents from their next level.
 *
 * <p>Any other incident follows the built-in matrix ({@link EscalationSettings}, seed 000): it escalates at each
 * multiple of its acknowledge target counted from its start — level 1 at 1x, level 2 at 2x …, the last level
 * repeating — to text targets posted in its thread ({@code #sre-oncall} …) and pages nobody by name. Exactly at the
 * deadline counts as due.
 */
@Component
public class EscalationPolicy implements ResponseTargets {

    private final EscalationSettings settings;
    private final OnCallConfig oncall;
    private final Supplier<OnCallConfig> withOverrides;

    /** The built-in matrix only: no on-call configuration (tests and tools without Spring). */
    public EscalationPolicy(EscalationSettings settings) {
        this(settings, OnCallConfig.empty());
    }

    /** A fixed on-call configuration, its overrides only the file's (tests). */
    public EscalationPolicy(EscalationSettings settings, OnCallConfig oncall) {
        this(settings, oncall, () -> oncall);
    }

    /**
     * @param oncall        the configuration's escalation policies (which policy an incident follows)
     * @param withOverrides the configuration with the overrides added through the API, read when a level pages
     */
    @Autowired
    public EscalationPolicy(EscalationSettings settings, OnCallConfig oncall, Supplier<OnCallConfig> withOverrides) {
        this.settings = settings;
        this.oncall = oncall;
        this.withOverrides = withOverrides;
    }

    /**
     * What one escalation does.
     *
     * @param level  the 1-based level reached
     * @param name   the level's name: the built-in matrix's ({@code on-call}, {@code team lead} …) or the policy's name
     * @param target whom it calls, as text ({@code #sre-oncall}, {@code schedule primary, person cto} …)
     * @param next   when the next escalation is due unless acknowledged; {@code null} = none
     * @param reason e.g. {@code not acknowledged within 15 min (SEV2 target 15 min)}
     * @param policy the on-call escalation policy followed; {@code null} for the built-in matrix
     * @param pages  whom it pages (empty for the built-in matrix)
     * @param deferredUntil when set, the level is not reached now: nobody is on call and the policy waits for its
     *                      schedules to cover, which they next do then
     */
    public record Step(int level, String name, String target, Instant next, String reason, String policy, List<Page> pages,
                       Instant deferredUntil) {

        /** A step that reaches its level now. */
        public Step(int level, String name, String target, Instant next, String reason, String policy, List<Page> pages) {
            this(level, name, target, next, reason, policy, pages, null);
        }
    }

    @Override
    public Instant escalationDue(Instant from, Severity severity, Map<String, String> labels, int level) {
        return policyFor(labels, severity)
                .map(policy -> policy.dueAfter(from, level))
                .orElseGet(() -> plus(from, settings.targets().get(severity).acknowledge()));
    }

    @Override
    public Instant resolveBy(Instant from, Severity severity) {
        return plus(from, settings.targets().get(severity).resolve());
    }

    /** The acknowledge target of a severity (seed 000); {@code null} = none. For reports: MTTA against target. */
    public Duration acknowledgeTarget(Severity severity) {
        return settings.targets().get(severity).acknowledge();
    }

    /** The resolve target of a severity; {@code null} = none. */
    public Duration resolveTarget(Severity severity) {
        return settings.targets().get(severity).resolve();
    }

    /** The escalation an incident due at its {@code nextEscalationAt} takes next, its pages resolved at {@code now}. */
    public Step next(Incident incident, Instant now) {
        Instant dueAt = incident.escalation().nextEscalationAt();
        int level = incident.escalation().level() + 1;
        long waited = Duration.between(incident.openedAt(), dueAt).toMinutes();
        Map<String, String> labels = incident.origin().labels();
        Optional<io.tocsin.oncall.EscalationPolicy> policy = labels == null ? Optional.empty()
                : oncall.policyFor(labels, incident.severity().name());
        if (policy.isPresent()) {
            return new OnCallLevels(policy.get(), withOverrides.get()).step(level, dueAt, now, waited, incident.severity());
        }
        Duration ackTarget = settings.targets().get(incident.severity()).acknowledge();
        List<EscalationSettings.Level> levels = settings.escalationLevels();
        EscalationSettings.Level reached = levels.get(Math.min(level, levels.size()) - 1);
        String reason = "not acknowledged within " + waited + " min (" + incident.severity() + " target "
                + (ackTarget == null ? "none" : ackTarget.toMinutes() + " min") + ")";
        return new Step(level, reached.name(), reached.target(), plus(dueAt, ackTarget), reason, null, List.of());
    }

    /** The response targets of every severity, for reports. */
    public Map<Severity, EscalationSettings.Target> targets() {
        return settings.targets();
    }

    /** The policy an incident with these labels follows; none for incidents opened before labels were kept. */
    private Optional<OnCallLevels> policyFor(Map<String, String> labels, Severity severity) {
        return labels == null ? Optional.empty() : oncall.policyFor(labels, severity.name()).map(p -> new OnCallLevels(p, oncall));
    }

    private static Instant plus(Instant at, Duration d) {
        return d == null || at == null ? null : at.plus(d);
    }
}

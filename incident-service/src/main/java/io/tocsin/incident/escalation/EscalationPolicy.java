package io.tocsin.incident.escalation;

import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.ResponseTargets;
import io.tocsin.incident.incident.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The one place that computes when an incident must be acknowledged and resolved and whom an escalation calls: seed
 * 000's escalation matrix ({@link EscalationSettings}), the same for every service today. Per-service policies (label
 * matchers, schedules) plug in here.
 *
 * <p>An unacknowledged incident escalates at each multiple of its acknowledge target counted from its start: level 1
 * at 1x, level 2 at 2x …, the last level repeating. Exactly at the deadline counts as due.
 */
@Component
public class EscalationPolicy implements ResponseTargets {

    private final EscalationSettings settings;

    public EscalationPolicy(EscalationSettings settings) {
        this.settings = settings;
    }

    /**
     * What one escalation does.
     *
     * @param level  the 1-based level reached
     * @param name   the level's name ({@code on-call}, {@code team lead} …)
     * @param target whom it calls ({@code #sre-oncall}, {@code @team-leads} …)
     * @param next   when the next escalation is due unless acknowledged; {@code null} = none
     * @param reason e.g. {@code not acknowledged within 15 min (SEV2 target 15 min)}
     */
    public record Step(int level, String name, String target, Instant next, String reason) {
    }

    @Override
    public Instant acknowledgeBy(Instant from, Severity severity) {
        return plus(from, settings.targets().get(severity).acknowledge());
    }

    @Override
    public Instant resolveBy(Instant from, Severity severity) {
        return plus(from, settings.targets().get(severity).resolve());
    }

    /** The resolve target of a severity; {@code null} = none. */
    public Duration resolveTarget(Severity severity) {
        return settings.targets().get(severity).resolve();
    }

    /** The escalation an incident due at its {@code nextEscalationAt} takes next. */
    public Step next(Incident incident) {
        Instant dueAt = incident.escalation().nextEscalationAt();
        Duration ackTarget = settings.targets().get(incident.severity()).acknowledge();
        int level = incident.escalation().level() + 1;
        List<EscalationSettings.Level> levels = settings.escalationLevels();
        EscalationSettings.Level reached = levels.get(Math.min(level, levels.size()) - 1);
        long waited = Duration.between(incident.openedAt(), dueAt).toMinutes();
        String reason = "not acknowledged within " + waited + " min (" + incident.severity() + " target "
                + (ackTarget == null ? "none" : ackTarget.toMinutes() + " min") + ")";
        return new Step(level, reached.name(), reached.target(), plus(dueAt, ackTarget), reason);
    }

    /** The response targets of every severity, for reports. */
    public java.util.Map<Severity, EscalationSettings.Target> targets() {
        return settings.targets();
    }

    private static Instant plus(Instant at, Duration d) {
        return d == null || at == null ? null : at.plus(d);
    }
}

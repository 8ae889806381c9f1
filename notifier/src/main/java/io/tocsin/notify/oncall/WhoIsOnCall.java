package io.tocsin.notify.oncall;

import io.tocsin.notify.slack.SlackText;
import io.tocsin.oncall.EscalationPolicy;
import io.tocsin.oncall.OnCallConfig;
import io.tocsin.oncall.PageTarget;
import io.tocsin.oncall.Person;
import io.tocsin.oncall.Schedule;
import io.tocsin.oncall.Shift;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The answer to {@code /incident oncall [service]} (issue 18): without a service, who is on call now in every schedule
 * and who takes over next; with one, the escalation policies its incidents follow and whom their first level pages now.
 * Overrides added through incident-service's API count ({@link OnCallOverrideCopies}). People are shown as Slack
 * mentions, times with Slack's {@code <!date^…>} so each reader sees their own time zone.
 */
@Component
public class WhoIsOnCall {

    private final OnCallOverrideCopies overrides;
    private final Clock clock;

    WhoIsOnCall(OnCallOverrideCopies overrides, Clock clock) {
        this.overrides = overrides;
        this.clock = clock;
    }

    /**
     * The ephemeral reply's text.
     *
     * @param service a {@code service} label value, or {@code null} for every schedule
     */
    public String answer(String service) {
        Instant now = clock.instant();
        OnCallConfig config = overrides.withOverrides();
        if (config.schedules().isEmpty()) {
            return "No on-call schedules are configured (TOCSIN_ONCALL_CONFIG): escalations post to the channels of the "
                    + "built-in matrix.";
        }
        return service == null ? everySchedule(config, now) : forService(config, service, now);
    }

    private String everySchedule(OnCallConfig config, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add("*On call now*");
        new TreeMap<>(config.schedules()).values().forEach(s -> lines.add("• " + schedule(s, now)));
        return String.join("\n", lines);
    }

    private String forService(OnCallConfig config, String service, Instant now) {
        Set<EscalationPolicy> policies = new LinkedHashSet<>();
        for (String severity : List.of("SEV1", "SEV2", "SEV3", "SEV4")) {
            config.policyFor(Map.of("service", service), severity).ifPresent(policies::add);
        }
        if (policies.isEmpty()) {
            return "No escalation policy matches service `" + SlackText.escape(service) + "`: its incidents follow the "
                    + "built-in matrix and page nobody by name.";
        }
        List<String> lines = new ArrayList<>();
        for (EscalationPolicy policy : policies) {
            lines.add("*" + SlackText.escape(service) + "* → policy `" + SlackText.escape(policy.name()) + "`"
                    + (policy.severities().isEmpty() ? "" : " (" + String.join(", ", new java.util.TreeSet<>(policy.severities())) + ")")
                    + ", level 1 pages:");
            for (PageTarget target : policy.levels().getFirst().targets()) {
                lines.add("• " + target(config, target, now));
            }
        }
        return String.join("\n", lines);
    }

    private String target(OnCallConfig config, PageTarget target, Instant now) {
        return switch (target) {
            case PageTarget.OnCallOf s -> config.schedule(s.schedule()).map(schedule -> s.layer() == null
                    ? schedule(schedule, now)
                    : "*" + SlackText.escape(schedule.name()) + "/" + SlackText.escape(s.layer()) + "*: "
                            + schedule.onCall(s.layer(), now).map(this::shift).orElse("nobody on call")).orElse(s.schedule());
            case PageTarget.OnePerson p -> mention(p.person());
            case PageTarget.SlackUserGroup g -> "<!subteam^" + g.id() + ">";
        };
    }

    private String schedule(Schedule schedule, Instant now) {
        Optional<Shift> paged = schedule.paged(now);
        String next = schedule.next(now).map(n -> " · next " + mention(n.person()) + " from " + time(n.start())).orElse("");
        return "*" + SlackText.escape(schedule.name()) + "*: " + paged.map(this::shift).orElse("nobody on call") + next;
    }

    private String shift(Shift shift) {
        return mention(shift.person()) + " (" + SlackText.escape(shift.layer()) + (shift.override() ? ", override" : "")
                + ", until " + time(shift.end()) + ")";
    }

    private static String mention(Person person) {
        return "<@" + person.slackUserId() + ">";
    }

    /** Slack's date formatting: each reader sees their own time zone; the fallback is UTC. */
    private static String time(Instant at) {
        return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} {time}|" + at + ">";
    }
}

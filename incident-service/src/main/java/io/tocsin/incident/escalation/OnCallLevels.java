package io.tocsin.incident.escalation;

import io.tocsin.incident.incident.Page;
import io.tocsin.incident.incident.Severity;
import io.tocsin.oncall.EscalationPolicy.Level;
import io.tocsin.oncall.OnCallConfig;
import io.tocsin.oncall.PageTarget;
import io.tocsin.oncall.Person;
import io.tocsin.oncall.Schedule;
import io.tocsin.oncall.Shift;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One on-call escalation policy applied to an incident (issue 18): which level comes after {@code n} reached, when it
 * is due, and whom its targets page at an instant.
 *
 * <p>Levels run in order, level {@code k} one {@code levels[k].delay} after level {@code k-1} was due (level 1 after
 * the opening); after the last level the sequence starts again at level 1 — one last-level delay later — {@code repeat}
 * more times, then escalation stops. A level whose targets all found nobody on call does not wait: the next level is
 * due at once (as PagerDuty moves past an empty rule) — unless the policy waits for coverage
 * ({@code whenNobodyOnCall: wait}): then the level pages when its schedules next cover (business hours).
 */
final class OnCallLevels {

    private final io.tocsin.oncall.EscalationPolicy policy;
    private final OnCallConfig config;

    OnCallLevels(io.tocsin.oncall.EscalationPolicy policy, OnCallConfig config) {
        this.policy = policy;
        this.config = config;
    }

    /** How many levels the policy pages in all, repeats included. */
    int total() {
        return policy.levels().size() * (policy.repeat() + 1);
    }

    /** The level paged as the {@code n}-th escalation (1-based, repeats counted on). */
    Level level(int n) {
        return policy.levels().get((n - 1) % policy.levels().size());
    }

    /**
     * When the escalation after {@code reached} levels is due, counted from {@code from} (the opening or the previous
     * level); {@code null} when every level and repeat is used up.
     */
    Instant dueAfter(Instant from, int reached) {
        if (from == null || reached >= total()) {
            return null;
        }
        int next = reached + 1;
        boolean wraps = next > 1 && (next - 1) % policy.levels().size() == 0;
        Level waitFor = wraps ? policy.levels().getLast() : level(next);
        return from.plus(waitFor.delay());
    }

    /**
     * The {@code n}-th escalation, due at {@code dueAt}, its targets resolved at {@code now}.
     *
     * @param waitedMinutes minutes from the opening to {@code dueAt}
     */
    EscalationPolicy.Step step(int n, Instant dueAt, Instant now, long waitedMinutes, Severity severity) {
        Level level = level(n);
        List<Page> pages = new ArrayList<>();
        for (PageTarget target : level.targets()) {
            pages.add(page(target, now));
        }
        boolean nobody = pages.stream().allMatch(p -> Page.NOBODY_ON_CALL.equals(p.outcome()));
        String target = level.targets().stream().map(OnCallLevels::describe).collect(Collectors.joining(", "));
        if (nobody && policy.waitForCoverage()) {
            Optional<Instant> covered = nextCoverage(level, now);
            if (covered.isPresent()) {
                return new EscalationPolicy.Step(n, policy.name(), target, covered.get(), "nobody on call in " + target
                        + " until " + covered.get() + "; policy " + policy.name() + " waits for coverage",
                        policy.name(), List.of(), covered.get());
            }
        }
        Instant next = nobody && n < total() ? dueAt : dueAfter(dueAt, n);
        String round = n > policy.levels().size() ? ", repeat " + ((n - 1) / policy.levels().size()) : "";
        String reason = waitedMinutes == 0 && n == 1
                ? severity + " opened; policy " + policy.name() + " pages its first level at once"
                : "not acknowledged within " + waitedMinutes + " min (policy " + policy.name() + round + ")";
        if (nobody) {
            reason += "; nobody on call at this level" + (next == null ? "" : ", moving to the next level");
        }
        return new EscalationPolicy.Step(n, policy.name(), target, next, reason, policy.name(), List.copyOf(pages));
    }

    /** When one of the level's schedules next has someone on call, within two weeks of {@code now}. */
    private Optional<Instant> nextCoverage(Level level, Instant now) {
        Instant horizon = now.plus(java.time.Duration.ofDays(14));
        return level.targets().stream()
                .filter(PageTarget.OnCallOf.class::isInstance).map(PageTarget.OnCallOf.class::cast)
                .flatMap(s -> config.schedule(s.schedule()).stream().flatMap(schedule -> schedule.shifts(now, horizon).stream()
                        .filter(shift -> s.layer() == null || shift.layer().equals(s.layer()))
                        .map(Shift::start).filter(start -> start.isAfter(now))))
                .min(Instant::compareTo);
    }

    private Page page(PageTarget target, Instant at) {
        return switch (target) {
            case PageTarget.OnCallOf s -> {
                Optional<Schedule> schedule = config.schedule(s.schedule());
                Optional<Shift> shift = schedule.flatMap(sc -> s.layer() == null ? sc.paged(at) : sc.onCall(s.layer(), at));
                yield shift.map(sh -> person(describe(target), sh.person())).orElseGet(() -> Page.nobody(describe(target)));
            }
            case PageTarget.OnePerson p -> person(describe(target), p.person());
            case PageTarget.SlackUserGroup g -> Page.userGroup(g.id());
        };
    }

    private static Page person(String target, Person person) {
        return Page.person(target, person.id(), person.name(), person.slackUserId());
    }

    /** {@code schedule primary}, {@code schedule primary/backup}, {@code person cto}, {@code user group S…}. */
    static String describe(PageTarget target) {
        return switch (target) {
            case PageTarget.OnCallOf s -> "schedule " + s.schedule() + (s.layer() == null ? "" : "/" + s.layer());
            case PageTarget.OnePerson p -> "person " + p.person().id();
            case PageTarget.SlackUserGroup g -> "user group " + g.id();
        };
    }
}

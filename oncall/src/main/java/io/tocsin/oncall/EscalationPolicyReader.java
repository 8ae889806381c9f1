package io.tocsin.oncall;

import io.tocsin.contracts.alerts.LabelMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code escalationPolicies} of the on-call configuration, adding each problem with its path
 * ({@code escalationPolicies[payments].levels[1].page[0].schedule}) to the reader's list.
 */
final class EscalationPolicyReader {

    private static final Pattern DELAY = Pattern.compile("([0-9]+)([smh])");
    private static final Pattern USER_GROUP = Pattern.compile("S[A-Z0-9]{2,}");
    private static final Set<String> SEVERITIES = Set.of("SEV1", "SEV2", "SEV3", "SEV4");

    private final List<String> problems;
    private final Map<String, Person> people;
    private final Map<String, Schedule> schedules;

    EscalationPolicyReader(List<String> problems, Map<String, Person> people, Map<String, Schedule> schedules) {
        this.problems = problems;
        this.people = people;
        this.schedules = schedules;
    }

    List<EscalationPolicy> read(List<?> declared) {
        List<EscalationPolicy> policies = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < declared.size(); i++) {
            if (!(declared.get(i) instanceof Map<?, ?> p)) {
                problems.add("escalationPolicies[" + i + "]: must be a map");
                continue;
            }
            String name = OnCallConfigReader.text(p, "name", "escalationPolicies[" + i + "]", true, problems);
            String path = "escalationPolicies[" + (name == null ? i : name) + "]";
            if (name != null && !names.add(name)) {
                problems.add(path + ".name: \"" + name + "\" is used twice");
            }
            List<LabelMatcher> matchers = matchers(p, path);
            Set<String> severities = severities(p.get("severities"), path + ".severities");
            int repeat = repeat(p.get("repeat"), path + ".repeat");
            boolean waitForCoverage = whenNobodyOnCall(p.get("whenNobodyOnCall"), path + ".whenNobodyOnCall");
            List<EscalationPolicy.Level> levels = new ArrayList<>();
            List<?> declaredLevels = p.get("levels") instanceof List<?> l ? l : List.of();
            if (declaredLevels.isEmpty()) {
                problems.add(path + ".levels: at least one level is required");
            }
            int before = problems.size();
            for (int n = 0; n < declaredLevels.size(); n++) {
                EscalationPolicy.Level level = level(declaredLevels.get(n), path + ".levels[" + n + "]");
                if (level != null) {
                    levels.add(level);
                }
            }
            if (name != null && !levels.isEmpty() && problems.size() == before) {
                policies.add(new EscalationPolicy(name, matchers, severities, levels, repeat, waitForCoverage));
            }
        }
        return policies;
    }

    private List<LabelMatcher> matchers(Map<?, ?> p, String path) {
        List<LabelMatcher> matchers = new ArrayList<>();
        if (p.get("match") instanceof Map<?, ?> match) {
            match.forEach((k, v) -> matchers.add(LabelMatcher.equal(String.valueOf(k), String.valueOf(v))));
        } else if (p.get("match") != null) {
            problems.add(path + ".match: must be a map of label: value");
        }
        if (p.get("matchers") instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                try {
                    matchers.add(LabelMatcher.parse(String.valueOf(list.get(i))));
                } catch (IllegalArgumentException e) {
                    problems.add(path + ".matchers[" + i + "]: " + e.getMessage());
                }
            }
        } else if (p.get("matchers") != null) {
            problems.add(path + ".matchers: must be a list");
        }
        return matchers;
    }

    private Set<String> severities(Object value, String path) {
        Set<String> severities = new LinkedHashSet<>();
        if (value == null) {
            return severities;
        }
        if (!(value instanceof List<?> list)) {
            problems.add(path + ": must be a list of SEV1 … SEV4");
            return severities;
        }
        for (Object s : list) {
            if (SEVERITIES.contains(String.valueOf(s))) {
                severities.add(String.valueOf(s));
            } else {
                problems.add(path + ": \"" + s + "\" is not SEV1, SEV2, SEV3 or SEV4");
            }
        }
        return severities;
    }

    private boolean whenNobodyOnCall(Object value, String path) {
        if (value == null || "next".equals(String.valueOf(value))) {
            return false;
        }
        if ("wait".equals(String.valueOf(value))) {
            return true;
        }
        problems.add(path + ": \"" + value + "\" is not next or wait");
        return false;
    }

    private int repeat(Object value, String path) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Integer n && n >= 0 && n <= 10) {
            return n;
        }
        problems.add(path + ": \"" + value + "\" is not a whole number from 0 to 10");
        return 0;
    }

    private EscalationPolicy.Level level(Object value, String path) {
        if (!(value instanceof Map<?, ?> l)) {
            problems.add(path + ": must be a map with delay and page");
            return null;
        }
        Duration delay = delay(l.get("delay"), path + ".delay");
        List<PageTarget> targets = new ArrayList<>();
        List<?> page = l.get("page") instanceof List<?> list ? list : List.of();
        if (page.isEmpty()) {
            problems.add(path + ".page: at least one target is required (schedule, person or usergroup)");
        }
        for (int i = 0; i < page.size(); i++) {
            PageTarget target = target(page.get(i), path + ".page[" + i + "]");
            if (target != null) {
                targets.add(target);
            }
        }
        return delay == null || targets.size() != page.size() || page.isEmpty() ? null : new EscalationPolicy.Level(delay, targets);
    }

    private Duration delay(Object value, String path) {
        if (value == null) {
            problems.add(path + ": is required (e.g. 0m, 5m, 1h)");
            return null;
        }
        Matcher m = DELAY.matcher(String.valueOf(value));
        if (!m.matches()) {
            problems.add(path + ": \"" + value + "\" is not a delay (e.g. 0m, 30s, 5m, 1h)");
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private PageTarget target(Object value, String path) {
        if (!(value instanceof Map<?, ?> t) || t.isEmpty()) {
            problems.add(path + ": must be one of {schedule: …}, {person: …}, {usergroup: …}");
            return null;
        }
        if (t.get("schedule") != null) {
            String name = String.valueOf(t.get("schedule"));
            Schedule schedule = schedules.get(name);
            String layer = t.get("layer") == null ? null : String.valueOf(t.get("layer"));
            if (schedule == null) {
                problems.add(path + ".schedule: unknown schedule \"" + name + "\"");
                return null;
            }
            if (layer != null && schedule.layers().stream().noneMatch(l -> l.name().equals(layer))) {
                problems.add(path + ".layer: schedule \"" + name + "\" has no layer \"" + layer + "\"");
                return null;
            }
            return new PageTarget.OnCallOf(name, layer);
        }
        if (t.get("person") != null) {
            Person person = people.get(String.valueOf(t.get("person")));
            if (person == null) {
                problems.add(path + ".person: unknown person \"" + t.get("person") + "\" (not in people)");
                return null;
            }
            return new PageTarget.OnePerson(person);
        }
        if (t.get("usergroup") != null) {
            String id = String.valueOf(t.get("usergroup"));
            if (!USER_GROUP.matcher(id).matches()) {
                problems.add(path + ".usergroup: \"" + id + "\" is not a Slack user group id (S…)");
                return null;
            }
            return new PageTarget.SlackUserGroup(id);
        }
        problems.add(path + ": must be one of {schedule: …}, {person: …}, {usergroup: …}; got " + t.keySet());
        return null;
    }
}

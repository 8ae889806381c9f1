package io.tocsin.remediation.catalogue;

import io.tocsin.contracts.alerts.LabelMatcher;
import io.tocsin.remediation.actions.RemediationAction;
import io.tocsin.remediation.catalogue.Runbook.Approval;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The runbook catalogue, loaded from YAML and validated whole: every error is collected, each naming the
 * runbook, the step and the field, and one error means no runbook is loaded at all. Format:
 *
 * <pre>
 * runbooks:
 *   - name: redis-memory-high
 *     description: …
 *     dryRun: false                                  # optional, overrides tocsin.remediation.dry-run
 *     approvers: [U024BE7LH]                         # optional: who may approve its approval: required steps
 *     approverGroups: [S0614TZR7]                    # optional: Slack user groups whose members may
 *     approvalTimeout: 15m                           # optional: then the step is skipped (approval_expired)
 *     match:
 *       alertname: RedisMemoryHigh                   # label: value equality, any number
 *       matchers: ['severity=~"warning|critical"']   # optional Prometheus-style matchers (=, !=, =~, !~)
 *     steps:
 *       - action: redis.set-config
 *         params: {parameter: maxmemory-policy, value: allkeys-lru}
 *         timeout: 10s                               # default 30s
 *         approval: none                             # none | required
 * </pre>
 */
public final class Catalogue {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private final List<Runbook> runbooks;

    private Catalogue(List<Runbook> runbooks) {
        this.runbooks = List.copyOf(runbooks);
    }

    public List<Runbook> runbooks() {
        return runbooks;
    }

    /** Runbooks whose matchers all match the labels, in catalogue order. */
    public List<Runbook> matching(Map<String, String> labels) {
        return runbooks.stream().filter(r -> r.matches(labels)).toList();
    }

    /**
     * Loads and validates.
     *
     * @param source  where it came from, for messages
     * @param actions known action types
     * @throws CatalogueException listing every problem
     */
    public static Catalogue load(InputStream yaml, String source, Map<String, RemediationAction> actions) throws IOException {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (RuntimeException e) {
            throw new CatalogueException(source, List.of("not valid YAML: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        List<Runbook> runbooks = new ArrayList<>();
        if (!(root instanceof Map<?, ?> top) || !(top.get("runbooks") instanceof List<?> list)) {
            throw new CatalogueException(source, List.of("top level must be a map with a 'runbooks' list"));
        }
        Set<String> names = new HashSet<>();
        for (int r = 0; r < list.size(); r++) {
            Object entry = list.get(r);
            if (!(entry instanceof Map<?, ?> rb)) {
                problems.add("runbooks[" + r + "]: must be a map");
                continue;
            }
            String name = rb.get("name") instanceof String s && !s.isBlank() ? s : null;
            String where = name == null ? "runbooks[" + r + "]" : "runbook '" + name + "'";
            if (name == null) {
                problems.add(where + ": name is required");
            } else if (!names.add(name)) {
                problems.add(where + ": name is used twice");
            }
            Boolean dryRun = null;
            if (rb.get("dryRun") != null) {
                if (rb.get("dryRun") instanceof Boolean b) {
                    dryRun = b;
                } else {
                    problems.add(where + ": dryRun must be true or false");
                }
            }
            List<LabelMatcher> matchers = matchers(rb.get("match"), where, problems);
            List<Runbook.Step> steps = steps(rb.get("steps"), where, actions, problems);
            runbooks.add(new Runbook(name, rb.get("description") == null ? "" : rb.get("description").toString(), dryRun,
                    matchers, steps, approvers(rb, where, problems)));
        }
        if (!problems.isEmpty()) {
            throw new CatalogueException(source, problems);
        }
        return new Catalogue(runbooks);
    }

    /** A runbook's {@code approvers} (Slack user ids), {@code approverGroups} (user group ids), {@code approvalTimeout}. */
    private static Runbook.Approvers approvers(Map<?, ?> rb, String where, List<String> problems) {
        if (rb.get("approvers") == null && rb.get("approverGroups") == null && rb.get("approvalTimeout") == null) {
            return null;
        }
        List<String> users = ids(rb.get("approvers"), where + ": approvers", "U", problems);
        List<String> groups = ids(rb.get("approverGroups"), where + ": approverGroups", "S", problems);
        Duration timeout = null;
        if (rb.get("approvalTimeout") != null) {
            try {
                timeout = DurationStyle.detectAndParse(String.valueOf(rb.get("approvalTimeout")));
                if (timeout.isNegative() || timeout.isZero()) {
                    problems.add(where + ": approvalTimeout must be positive");
                }
            } catch (IllegalArgumentException e) {
                problems.add(where + ": approvalTimeout is not a duration (e.g. 30m): " + rb.get("approvalTimeout"));
            }
        }
        return new Runbook.Approvers(users, groups, timeout);
    }

    private static List<String> ids(Object value, String where, String prefix, List<String> problems) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            problems.add(where + " must be a list of Slack ids");
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (Object o : list) {
            String id = String.valueOf(o).strip();
            if (!id.matches((prefix.equals("U") ? "[UW]" : prefix) + "[A-Z0-9]{2,}")) {
                problems.add(where + ": '" + id + "' is not a Slack " + (prefix.equals("U") ? "user" : "user group")
                        + " id (" + prefix + "…)");
            }
            ids.add(id);
        }
        return ids;
    }

    private static List<LabelMatcher> matchers(Object match, String where, List<String> problems) {
        List<LabelMatcher> matchers = new ArrayList<>();
        if (!(match instanceof Map<?, ?> m) || m.isEmpty()) {
            problems.add(where + ": match is required (label equalities and/or matchers)");
            return matchers;
        }
        m.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (key.equals("matchers")) {
                if (!(v instanceof List<?> l)) {
                    problems.add(where + ": match.matchers must be a list of strings");
                    return;
                }
                for (int i = 0; i < l.size(); i++) {
                    try {
                        matchers.add(LabelMatcher.parse(String.valueOf(l.get(i))));
                    } catch (IllegalArgumentException e) {
                        problems.add(where + ": match.matchers[" + i + "]: " + e.getMessage());
                    }
                }
            } else if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                matchers.add(LabelMatcher.equal(key, String.valueOf(v)));
            } else {
                problems.add(where + ": match." + key + " must be a value");
            }
        });
        return matchers;
    }

    private static List<Runbook.Step> steps(Object stepsValue, String where, Map<String, RemediationAction> actions,
                                            List<String> problems) {
        List<Runbook.Step> steps = new ArrayList<>();
        if (!(stepsValue instanceof List<?> list) || list.isEmpty()) {
            problems.add(where + ": steps must be a non-empty list");
            return steps;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = where + " step " + (i + 1);
            if (!(list.get(i) instanceof Map<?, ?> step)) {
                problems.add(at + ": must be a map");
                continue;
            }
            String type = step.get("action") instanceof String s ? s : null;
            RemediationAction action = type == null ? null : actions.get(type);
            if (type == null) {
                problems.add(at + ": action is required");
            } else if (action == null) {
                problems.add(at + ": action: unknown type '" + type + "' (known: " + String.join(", ", actions.keySet().stream().sorted().toList()) + ")");
            }
            at = at + (type == null ? "" : " (" + type + ")");
            Map<String, Object> params = new LinkedHashMap<>();
            if (step.get("params") instanceof Map<?, ?> p) {
                p.forEach((k, v) -> params.put(String.valueOf(k), v));
            } else if (step.get("params") != null) {
                problems.add(at + ": params must be a map");
            }
            Duration timeout = DEFAULT_TIMEOUT;
            if (step.get("timeout") != null) {
                try {
                    timeout = DurationStyle.detectAndParse(String.valueOf(step.get("timeout")));
                    if (timeout.isNegative() || timeout.isZero()) {
                        problems.add(at + ": timeout must be positive");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(at + ": timeout is not a duration (e.g. 30s, 5m): " + step.get("timeout"));
                }
            }
            Approval approval = Approval.NONE;
            if (step.get("approval") != null) {
                try {
                    approval = Approval.valueOf(String.valueOf(step.get("approval")).toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problems.add(at + ": approval must be none or required, was '" + step.get("approval") + "'");
                }
            }
            Runbook.Step parsed = new Runbook.Step(i, type, params, timeout, approval);
            if (action != null) {
                String prefix = at;
                for (RemediationAction.Param spec : action.params()) {
                    Object value = params.get(spec.name());
                    if (value == null) {
                        if (spec.required()) {
                            problems.add(at + ": params." + spec.name() + " is required");
                        }
                        continue;
                    }
                    if (!Templates.isTemplate(value)) {
                        String wrong = kindProblem(spec.kind(), value);
                        if (wrong != null) {
                            problems.add(at + ": params." + spec.name() + " " + wrong);
                        }
                    }
                }
                Set<String> known = new HashSet<>(action.params().stream().map(RemediationAction.Param::name).toList());
                params.keySet().stream().filter(k -> !known.contains(k))
                        .forEach(k -> problems.add(prefix + ": params." + k + " is not a parameter of " + action.type()));
                action.validate(parsed, msg -> problems.add(prefix + ": " + msg));
            }
            steps.add(parsed);
        }
        return steps;
    }

    private static String kindProblem(io.tocsin.remediation.actions.RemediationAction.Kind kind, Object value) {
        return switch (kind) {
            case DURATION -> {
                try {
                    DurationStyle.detectAndParse(String.valueOf(value));
                    yield null;
                } catch (IllegalArgumentException e) {
                    yield "must be a duration (e.g. 30s, 5m), was '" + value + "'";
                }
            }
            case INTEGER -> value instanceof Integer || String.valueOf(value).matches("-?\\d+") ? null
                    : "must be a whole number, was '" + value + "'";
            case BOOLEAN -> value instanceof Boolean ? null : "must be true or false";
            case MAP -> value instanceof Map<?, ?> ? null : "must be a map";
            case LIST -> value instanceof List<?> ? null : "must be a list";
            case STRING -> value instanceof Map<?, ?> || value instanceof List<?> ? "must be a single value" : null;
        };
    }
}

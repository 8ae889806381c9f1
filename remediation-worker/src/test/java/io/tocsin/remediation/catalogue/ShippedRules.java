package io.tocsin.remediation.catalogue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The alerting rules Tocsin ships in {@code deploy/prometheus/rules/*.yml}, read as Prometheus reads them, with the
 * labels each alert is sure to carry.
 *
 * <p>An alert's labels are its rule's {@code labels:} plus the labels of its expression's result. Which labels the
 * result has is read off the PromQL text, conservatively: with an aggregation, only what every {@code by (…)} keeps
 * ({@code histogram_quantile} drops {@code le}); without one, {@code job} and {@code instance} (every scraped series
 * has them) and the labels its selectors require to be non-empty ({@code name=~".+"}, {@code datname="x"}).
 */
record ShippedRules(List<Rule> rules) {

    /**
     * One alerting rule.
     *
     * @param alert         the {@code alert:} name
     * @param staticLabels  {@code labels:} whose values are fixed text
     * @param dynamicLabels labels whose values come from the series: templated {@code labels:} and the expression's
     *                      guaranteed labels
     * @param annotations   annotation names
     */
    record Rule(String alert, Map<String, String> staticLabels, Set<String> dynamicLabels, Set<String> annotations) {

        /** Every label an alert of this rule carries, {@code alertname} included. */
        Set<String> labelNames() {
            Set<String> names = new HashSet<>(staticLabels.keySet());
            names.addAll(dynamicLabels);
            return names;
        }

        /**
         * Whether some alert of this rule can satisfy every matcher: static labels are compared, dynamic ones could
         * hold any value, and a label the rule never carries matches as the empty string (as in Alertmanager).
         */
        boolean canMatch(List<io.tocsin.contracts.alerts.LabelMatcher> matchers) {
            return matchers.stream().allMatch(m -> staticLabels.containsKey(m.label()) ? m.matches(staticLabels)
                    : dynamicLabels.contains(m.label()) || m.matches(Map.of()));
        }
    }

    private static final Pattern AGGREGATION = Pattern.compile(
            "\\b(sum|max|min|avg|count|group|stddev|stdvar|topk|bottomk|quantile)\\s*(?:(by|without)\\s*\\(([^)]*)\\))?\\s*\\(");
    private static final Pattern SELECTOR = Pattern.compile("\\{([^}]*)}");
    private static final Pattern REQUIRED_LABEL = Pattern.compile(
            "([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Reads every {@code *.yml} in {@code directory}. */
    static ShippedRules load(Path directory) throws IOException {
        List<Rule> rules = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                try (Reader in = Files.newBufferedReader(file)) {
                    Map<?, ?> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
                    for (Object group : (List<?>) doc.get("groups")) {
                        for (Object r : (List<?>) ((Map<?, ?>) group).get("rules")) {
                            Map<?, ?> rule = (Map<?, ?>) r;
                            if (rule.get("alert") != null) {
                                rules.add(rule(rule));
                            }
                        }
                    }
                }
            }
        }
        return new ShippedRules(rules);
    }

    private static Rule rule(Map<?, ?> rule) {
        String alert = rule.get("alert").toString();
        Map<String, String> staticLabels = new LinkedHashMap<>();
        staticLabels.put("alertname", alert);
        Set<String> dynamic = new HashSet<>(expressionLabels(rule.get("expr").toString()));
        Map<?, ?> labels = rule.get("labels") instanceof Map<?, ?> m ? m : Map.of();
        labels.forEach((k, v) -> {
            if (v.toString().contains("{{")) {
                dynamic.add(k.toString());
            } else {
                staticLabels.put(k.toString(), v.toString());
            }
        });
        dynamic.removeAll(staticLabels.keySet());
        Map<?, ?> annotations = rule.get("annotations") instanceof Map<?, ?> m ? m : Map.of();
        Set<String> annotationNames = new HashSet<>();
        annotations.keySet().forEach(k -> annotationNames.add(k.toString()));
        return new Rule(alert, staticLabels, dynamic, annotationNames);
    }

    /** The labels every series of {@code expr}'s result carries (see the type's comment). */
    static Set<String> expressionLabels(String expr) {
        Matcher aggregation = AGGREGATION.matcher(expr);
        Set<String> kept = null;
        while (aggregation.find()) {
            Set<String> by = new HashSet<>();
            if ("by".equals(aggregation.group(2))) {
                for (String label : aggregation.group(3).split(",")) {
                    if (!label.isBlank()) {
                        by.add(label.strip());
                    }
                }
            }
            if (kept == null) {
                kept = by;
            } else {
                kept.retainAll(by);
            }
        }
        if (kept != null) {
            if (expr.contains("histogram_quantile")) {
                kept.remove("le");
            }
            return kept;
        }
        if (expr.matches("(?s)\\s*(vector|time)\\(.*")) {
            return Set.of();
        }
        Set<String> required = new HashSet<>(Set.of("job", "instance"));
        Matcher selector = SELECTOR.matcher(expr);
        while (selector.find()) {
            Matcher label = REQUIRED_LABEL.matcher(selector.group(1));
            while (label.find()) {
                if (!label.group(3).isEmpty() && !label.group(3).equals(".*")) {
                    required.add(label.group(1));
                }
            }
        }
        return required;
    }
}

package io.tocsin.remediation.catalogue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders step parameters: {@code {{ labels.<name> }}}, {@code {{ annotations.<name> }}} and
 * {@code {{ incident.key }}} / {@code {{ incident.id }}} inside string values, recursively through maps
 * and lists. An unknown placeholder is an error naming the parameter.
 */
public final class Templates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(labels|annotations|incident)\\.([A-Za-z0-9_]+)\\s*}}");

    private Templates() {
    }

    /** Whether a string uses placeholders (validated after rendering, not at load time). */
    public static boolean isTemplate(Object value) {
        return value instanceof String s && s.contains("{{");
    }

    /**
     * Renders every string in {@code params}.
     *
     * @throws IllegalArgumentException {@code params.<name>: label 'x' is not set on the alert}
     */
    public static Map<String, Object> render(Map<String, Object> params, Map<String, String> labels,
                                             Map<String, String> annotations, Map<String, String> incident) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, renderValue("params." + k, v, labels, annotations, incident)));
        return out;
    }

    private static Object renderValue(String path, Object value, Map<String, String> labels,
                                      Map<String, String> annotations, Map<String, String> incident) {
        if (value instanceof String s) {
            Matcher m = PLACEHOLDER.matcher(s);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                Map<String, String> source = switch (m.group(1)) {
                    case "labels" -> labels;
                    case "annotations" -> annotations;
                    default -> incident;
                };
                String replacement = source.get(m.group(2));
                if (replacement == null) {
                    throw new IllegalArgumentException(path + ": " + m.group(1).replaceAll("s$", "") + " '" + m.group(2)
                            + "' is not set on the alert");
                }
                m.appendReplacement(b, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(b);
            String rendered = b.toString();
            if (rendered.contains("{{")) {
                throw new IllegalArgumentException(path + ": unknown placeholder in '" + s
                        + "' (use {{ labels.x }}, {{ annotations.x }}, {{ incident.key }})");
            }
            return rendered;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), renderValue(path + "." + k, v, labels, annotations, incident)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(renderValue(path + "[" + i + "]", list.get(i), labels, annotations, incident));
            }
            return out;
        }
        return value;
    }
}

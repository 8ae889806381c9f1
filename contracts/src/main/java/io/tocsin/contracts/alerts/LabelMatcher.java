package io.tocsin.contracts.alerts;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A label matcher as Prometheus and Alertmanager write them: {@code name="value"}, {@code name!="value"},
 * {@code name=~"regex"}, {@code name!~"regex"}; regexes are fully anchored, as in Prometheus. A missing
 * label matches as the empty string.
 *
 * @param label the label name
 * @param op    {@code =}, {@code !=}, {@code =~} or {@code !~}
 * @param value the value or regex, unquoted
 */
public record LabelMatcher(String label, String op, String value, Pattern regex) {

    private static final Pattern SYNTAX = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");

    /**
     * Parses one matcher.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static LabelMatcher parse(String text) {
        java.util.regex.Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a label matcher (expected name=\"v\", name!=\"v\", name=~\"re\" "
                    + "or name!~\"re\"): " + text);
        }
        String value = m.group(3).replace("\\\"", "\"").replace("\\\\", "\\");
        Pattern regex = null;
        if (m.group(2).contains("~")) {
            try {
                regex = Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regex in " + text + ": " + e.getDescription());
            }
        }
        return new LabelMatcher(m.group(1), m.group(2), value, regex);
    }

    /** Equality, from the catalogue's {@code label: value} shorthand. */
    public static LabelMatcher equal(String label, String value) {
        return new LabelMatcher(label, "=", value, null);
    }

    /** Whether a label set satisfies this matcher. */
    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(label, "");
        return switch (op) {
            case "=" -> actual.equals(value);
            case "!=" -> !actual.equals(value);
            case "=~" -> regex.matcher(actual).matches();
            default -> !regex.matcher(actual).matches();
        };
    }

    @Override
    public String toString() {
        return label + op + "\"" + value + "\"";
    }
}

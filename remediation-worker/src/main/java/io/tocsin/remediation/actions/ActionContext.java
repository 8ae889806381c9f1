package io.tocsin.remediation.actions;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.convert.DurationStyle;

/**
 * What an action runs with: its rendered parameters, whether it is a dry run (record what would
 * happen, touch nothing), and its timeout.
 */
public record ActionContext(UUID executionId, UUID incidentId, String incidentKey, Map<String, Object> params,
                            boolean dryRun, Duration timeout) {

    /** A required string parameter; {@link PermanentFailure} naming it when absent or blank. */
    public String string(String name) {
        Object v = params.get(name);
        if (v == null || v.toString().isBlank()) {
            throw new PermanentFailure("params." + name + " is required");
        }
        return v.toString();
    }

    /** An optional string parameter. */
    public String string(String name, String fallback) {
        Object v = params.get(name);
        return v == null || v.toString().isBlank() ? fallback : v.toString();
    }

    public Duration duration(String name, Duration fallback) {
        Object v = params.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return DurationStyle.detectAndParse(v.toString());
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("params." + name + " is not a duration: " + v);
        }
    }

    public int integer(String name, int fallback) {
        Object v = params.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.toString());
        } catch (NumberFormatException e) {
            throw new PermanentFailure("params." + name + " is not a whole number: " + v);
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String name) {
        Object v = params.get(name);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}

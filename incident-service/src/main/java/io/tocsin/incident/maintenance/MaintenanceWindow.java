package io.tocsin.incident.maintenance;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A maintenance window: alerts whose labels match every matcher between {@code startsAt} (inclusive) and
 * {@code endsAt} (exclusive) are recorded on incidents marked {@code in_maintenance}, which neither escalate
 * nor notify. Matchers have the shape of Alertmanager's silence matchers, so a window reads like a silence.
 *
 * @param id           window id
 * @param matchers     all must match; at least one
 * @param startsAt     UTC start
 * @param endsAt       UTC end, after {@code startsAt}; moved to the deletion time when deleted early
 * @param comment      why, e.g. "PostgreSQL 17 upgrade, CHG-1234"
 * @param createdBy    the principal that created it ({@code api:<token name>})
 * @param createdAt    when it was created
 * @param endedEarlyBy who deleted it before its end, or {@code null}
 */
public record MaintenanceWindow(UUID id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String comment,
                                String createdBy, Instant createdAt, String endedEarlyBy) {

    /**
     * What customers are told of a window announced to them (seed 001): shown on the status page as scheduled
     * maintenance.
     *
     * @param title      what customers read, e.g. "Database upgrade" (at most 200 characters)
     * @param components the status page components it affects; may be empty
     */
    public record Notice(String title, List<String> components) {

        /** @throws IllegalArgumentException naming the field that is wrong */
        public Notice {
            if (title == null || title.isBlank()) {
                throw new IllegalArgumentException("public.title: is required to announce a window");
            }
            if (title.strip().length() > 200) {
                throw new IllegalArgumentException("public.title: must be at most 200 characters");
            }
            title = title.strip();
            components = components == null ? List.of() : components.stream().map(String::strip).filter(c -> !c.isEmpty())
                    .toList();
        }
    }

    /** Alertmanager's silence states. */
    public enum State { PENDING, ACTIVE, EXPIRED }

    /** The window's state at {@code now}. */
    public State stateAt(Instant now) {
        if (now.isBefore(startsAt)) {
            return State.PENDING;
        }
        return now.isBefore(endsAt) ? State.ACTIVE : State.EXPIRED;
    }

    /** Whether every matcher matches {@code labels} (a missing label matches as the empty string). */
    public boolean matches(Map<String, String> labels) {
        return matchers.stream().allMatch(m -> m.matches(labels));
    }

    /**
     * One label matcher, as in Alertmanager silences: {@code name} equals (or, with {@code isRegex}, fully
     * matches) {@code value}; {@code isEqual=false} negates it.
     *
     * @param name    label name, not blank
     * @param value   the value, or an RE2-style regular expression anchored at both ends
     * @param isRegex whether {@code value} is a regular expression
     * @param isEqual {@code false} for {@code !=} / {@code !~}
     */
    public record Matcher(String name, String value, boolean isRegex, boolean isEqual) {

        /**
         * Validates the matcher.
         *
         * @throws IllegalArgumentException naming what is wrong (blank name, missing value, invalid regex)
         */
        public Matcher {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("matchers[].name must not be blank");
            }
            if (value == null) {
                throw new IllegalArgumentException("matchers[].value is required for label " + name);
            }
            if (isRegex) {
                try {
                    Pattern.compile(value);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("matchers[].value of label " + name + " is not a valid regular expression: "
                            + e.getDescription());
                }
            }
        }

        /** Whether this matcher matches {@code labels}. */
        public boolean matches(Map<String, String> labels) {
            String actual = labels.getOrDefault(name, "");
            boolean hit = isRegex ? Pattern.compile(value).matcher(actual).matches() : value.equals(actual);
            return hit == isEqual;
        }

        /** {@code name="value"}, {@code name=~"re"}, {@code name!="value"} or {@code name!~"re"}. */
        @Override
        public String toString() {
            String op = isRegex ? (isEqual ? "=~" : "!~") : (isEqual ? "=" : "!=");
            return name + op + "\"" + value + "\"";
        }
    }
}

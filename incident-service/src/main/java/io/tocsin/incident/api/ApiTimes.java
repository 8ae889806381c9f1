package io.tocsin.incident.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Times in API requests: RFC 3339 with an offset ({@code 2026-11-29T10:00:00Z}, {@code …+01:00}), one parser for all. */
public final class ApiTimes {

    private ApiTimes() {
    }

    /**
     * An optional request time.
     *
     * @param name  the field or parameter, named in the error
     * @return {@code null} when {@code value} is absent or blank
     * @throws IllegalArgumentException ({@code <name>: must be an RFC 3339 timestamp, was '…'}) when it does not parse
     */
    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": must be an RFC 3339 timestamp, was '" + value + "'");
        }
    }

    /** A period {@code [start, end)} asked for with {@code from} and {@code to}. */
    public record Period(Instant start, Instant end) {
    }

    /**
     * The period of {@code from} and {@code to} (RFC 3339, each optional): {@code to} defaults to {@code now},
     * {@code from} to 30 days before the end — what the audit and report endpoints and pages read.
     *
     * @throws IllegalArgumentException naming {@code from} or {@code to} when it does not parse
     */
    public static Period period(String from, String to, Instant now) {
        Instant given = instant("to", to);
        Instant end = given == null ? now : given;
        Instant since = instant("from", from);
        return new Period(since == null ? end.minus(java.time.Duration.ofDays(30)) : since, end);
    }
}

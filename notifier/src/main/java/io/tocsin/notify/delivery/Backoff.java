package io.tocsin.notify.delivery;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one backoff policy of the notifier's durable queues (Slack and Statuspage; style.md 19, as Alertmanager's
 * {@code notify.Retrier} serves all its integrations): exponential, doubling from {@code initial} up to {@code max}
 * (Resilience4j's {@link IntervalFunction}), and the server's {@code Retry-After} instead whenever it sent one.
 */
public final class Backoff {

    private final IntervalFunction interval;

    /**
     * @param initial the wait after the first failed attempt
     * @param max     the longest wait
     */
    public Backoff(Duration initial, Duration max) {
        this.interval = IntervalFunction.ofExponentialBackoff(initial, 2.0, max);
    }

    /**
     * How long to wait before the next attempt.
     *
     * @param failedAttempts attempts that failed so far, 1 or more
     * @param retryAfter     what the server asked for ({@link #retryAfter}); {@code null} when it did not say
     */
    public Duration after(int failedAttempts, Duration retryAfter) {
        return retryAfter != null ? retryAfter : Duration.ofMillis(interval.apply(Math.max(1, failedAttempts)));
    }

    /**
     * Reads an HTTP {@code Retry-After} header (RFC 9110 10.2.3): delay-seconds or an HTTP-date.
     *
     * @return the wait, at least one second; {@code null} when the header is absent or neither form
     */
    public static Duration retryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}

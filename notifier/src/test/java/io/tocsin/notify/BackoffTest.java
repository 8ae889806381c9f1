package io.tocsin.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.notify.delivery.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** One backoff policy for both durable queues: doubling up to a cap, and the server's Retry-After when it gave one. */
class BackoffTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T08:00:00Z"), ZoneOffset.UTC);

    @Test
    void doublesFromTheInitialWaitUpToTheCap() {
        Backoff slack = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        assertThat(slack.after(1, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(slack.after(2, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(slack.after(6, null)).isEqualTo(Duration.ofSeconds(32));
        assertThat(slack.after(7, null)).isEqualTo(Duration.ofSeconds(60));
        assertThat(slack.after(30, null)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theServersRetryAfterWins() {
        Backoff statuspage = new Backoff(Duration.ofSeconds(4), Duration.ofMinutes(5));
        assertThat(statuspage.after(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void readsRetryAfterAsSecondsOrAnHttpDate() {
        assertThat(Backoff.retryAfter("120", CLOCK)).isEqualTo(Duration.ofSeconds(120));
        assertThat(Backoff.retryAfter("0", CLOCK)).as("at least a second").isEqualTo(Duration.ofSeconds(1));
        assertThat(Backoff.retryAfter("Sun, 29 Nov 2026 08:01:30 GMT", CLOCK)).isEqualTo(Duration.ofSeconds(90));
        assertThat(Backoff.retryAfter("soon", CLOCK)).isNull();
        assertThat(Backoff.retryAfter(null, CLOCK)).isNull();
    }
}
